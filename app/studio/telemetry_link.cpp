#include "app/studio/telemetry_link.h"

namespace ossynapse {

TelemetryLink::TelemetryLink(QObject* parent) : QObject(parent) {
    connect(&m_client, &TelemetryClient::stateChanged, this, &TelemetryLink::stateChanged);
    connect(&m_client, &TelemetryClient::messageReceived, this,
            [this](const TelemetryMessage& message) {
                if (m_engine != nullptr) {
                    m_engine->pushTelemetry(message);
                }
                emit countsChanged();
            });
}

void TelemetryLink::setEngine(StudioEngine* engine) {
    if (engine != m_engine) {
        m_engine = engine;
        emit engineChanged();
    }
}

QString TelemetryLink::counts() const {
    const TelemetryDecoder& decoder = m_client.decoder();
    QString text = QStringLiteral("%1 messages").arg(decoder.accepted());
    if (decoder.dropped() > 0) {
        text += QStringLiteral(" · %1 dropped (last: %2)")
                    .arg(decoder.dropped())
                    .arg(QString::fromStdString(decoder.lastError()));
    }
    return text;
}

void TelemetryLink::connectTo(const QString& text) {
    const QUrl url(text.trimmed());
    if (!url.isValid() ||
        (url.scheme() != QLatin1String("ws") && url.scheme() != QLatin1String("wss")) ||
        url.host().isEmpty()) {
        if (m_engine != nullptr) {
            m_engine->reportError(
                QStringLiteral("'%1' is not a telemetry URL (ws://host:port)").arg(text));
        }
        return;
    }
    m_active = true;
    m_url = url.toString();
    m_client.start(url);
    emit stateChanged();
}

void TelemetryLink::disconnect() {
    m_active = false;
    m_client.stop();
    emit stateChanged();
}

}  // namespace ossynapse
