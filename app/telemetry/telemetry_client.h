#pragma once

#include <QObject>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>

#include "core/telemetry.h"
#include "core/telemetry_decoder.h"

namespace ossynapse {

// Listens to a tap (ours, the simulator, or a Synapse probe) at a ws:// URL and hands on every
// message it can read. A tap that is not up yet, restarts or drops the link is retried every
// second until stop(); what cannot be read is counted and dropped, and the reason kept.
class TelemetryClient : public QObject {
    Q_OBJECT
  public:
    explicit TelemetryClient(QObject* parent = nullptr);
    ~TelemetryClient() override;

    void start(const QUrl& url);
    void stop();

    QUrl url() const { return m_url; }
    bool connected() const { return m_connected; }
    const TelemetryDecoder& decoder() const { return m_decoder; }
    // In words, for the studio and the CLI: "connected", "connecting", "closed: …".
    QString state() const;

  signals:
    void messageReceived(const ossynapse::TelemetryMessage& message);
    void stateChanged();

  private:
    void open();
    void binary(const QByteArray& bytes);
    void text(const QString& text);

    QUrl m_url;
    QWebSocket m_socket;
    QTimer m_retry;
    bool m_running = false;
    bool m_connected = false;
    QString m_lastClose;
    TelemetryDecoder m_decoder;
};

}  // namespace ossynapse
