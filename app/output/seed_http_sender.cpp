#include "app/output/seed_http_sender.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QUrl>

namespace ossynapse {

SeedHttpSender::SeedHttpSender(OutputTarget target, QObject* parent)
    : QObject(parent), m_target(std::move(target)) {
    m_clock.start();
    m_batch.setInterval(50);
    connect(&m_batch, &QTimer::timeout, this, &SeedHttpSender::flush);
    m_batch.start();
}

QString SeedHttpSender::state() const {
    return m_errors == 0
               ? QStringLiteral("sending")
               : QStringLiteral("sending, %1 errors (last: %2)").arg(m_errors).arg(m_lastError);
}

void SeedHttpSender::add(const TokenEvent& event) {
    m_pending[index(event.channel)] += event.tokens;
}

void SeedHttpSender::flush() {
    const qint64 now = m_clock.nsecsElapsed();
    for (Channel channel : kChannels) {
        const std::size_t c = index(channel);
        if (m_pending[c] == 0) {
            m_lastPostNs[c] = now;  // idle: the next batch measures from here
            continue;
        }
        const double duration = std::max(0.001, static_cast<double>(now - m_lastPostNs[c]) * 1e-9);
        const QJsonObject body{
            {QStringLiteral("channel"), QString::fromLatin1(channelName(channel).data())},
            {QStringLiteral("delta"), m_pending[c]},
            {QStringLiteral("duration"), duration}};
        QNetworkRequest request(
            QUrl(QStringLiteral("http://%1:%2/update").arg(m_target.host).arg(m_target.port)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply* reply =
            m_network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
        connect(reply, &QNetworkReply::finished, this, [this, reply] {
            if (reply->error() != QNetworkReply::NoError) {
                ++m_errors;
                m_lastError = reply->errorString();
            }
            reply->deleteLater();
        });
        ++m_posts;
        m_pending[c] = 0;
        m_lastPostNs[c] = now;
    }
}

}  // namespace ossynapse
