#include "app/telemetry/telemetry_server.h"

#include <QWebSocket>

#include "core/telemetry_wire.h"

namespace ossynapse {

TelemetryServer::TelemetryServer(ModelMeta meta, bool json, QObject* parent)
    : QObject(parent),
      m_server(QStringLiteral("OSSynapse telemetry"), QWebSocketServer::NonSecureMode),
      m_meta(std::move(meta)),
      m_json(json) {
    connect(&m_server, &QWebSocketServer::newConnection, this, [this] {
        while (QWebSocket* viewer = m_server.nextPendingConnection()) {
            viewer->setParent(this);
            m_viewers.append(viewer);
            connect(viewer, &QWebSocket::disconnected, this, [this, viewer] {
                m_viewers.removeAll(viewer);
                viewer->deleteLater();
            });
            send(viewer, m_meta);
            emit viewerJoined();
        }
    });
}

TelemetryServer::~TelemetryServer() {
    // Viewers are children: let them go before the list their signals would touch.
    for (QWebSocket* viewer : std::as_const(m_viewers)) {
        viewer->disconnect(this);
        viewer->abort();
        delete viewer;
    }
    m_viewers.clear();
    m_server.close();
}

bool TelemetryServer::listen(const QHostAddress& address, quint16 port) {
    return m_server.listen(address, port);
}

void TelemetryServer::broadcast(const TelemetryMessage& message) {
    for (QWebSocket* viewer : std::as_const(m_viewers)) {
        send(viewer, message);
    }
}

void TelemetryServer::send(QWebSocket* viewer, const TelemetryMessage& message) {
    if (m_json) {
        const QString text = QString::fromStdString(telemetry_wire::toJson(message).dump());
        m_bytesSent += static_cast<quint64>(viewer->sendTextMessage(text));
    } else {
        const auto bytes = telemetry_wire::encode(message);
        m_bytesSent += static_cast<quint64>(viewer->sendBinaryMessage(
            QByteArray(reinterpret_cast<const char*>(bytes.data()), qsizetype(bytes.size()))));
    }
}

}  // namespace ossynapse
