#pragma once

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QObject>
#include <QTimer>
#include <array>

#include "app/output/frame_sender.h"
#include "core/token_event.h"

namespace ossynapse {

// Drives an original GPT-OSSynapse Pi (or ossynapsed's /update): the tokens played on each
// channel are batched and posted every 50 ms as {channel, delta, duration}, delta tokens over
// the seconds since that channel's last post, as the seed's own tap does.
class SeedHttpSender : public QObject {
    Q_OBJECT
  public:
    explicit SeedHttpSender(OutputTarget target, QObject* parent = nullptr);

    const OutputTarget& target() const { return m_target; }
    void add(const TokenEvent& event);
    // Posts what is pending now.
    void flush();
    quint64 posts() const { return m_posts; }
    quint64 errors() const { return m_errors; }
    QString state() const;

  private:
    OutputTarget m_target;
    QNetworkAccessManager m_network;
    QTimer m_batch;
    QElapsedTimer m_clock;
    std::array<int, kChannelCount> m_pending{};
    std::array<qint64, kChannelCount> m_lastPostNs{};
    quint64 m_posts = 0;
    quint64 m_errors = 0;
    QString m_lastError;
};

}  // namespace ossynapse
