#pragma once

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QWebSocketServer>

#include "core/telemetry.h"

class QWebSocket;

namespace ossynapse {

// The tap's side of the link, for the simulator: a WebSocket server that greets each viewer
// with the model meta and broadcasts every message after it, binary or as JSON text.
class TelemetryServer : public QObject {
    Q_OBJECT
  public:
    explicit TelemetryServer(ModelMeta meta, bool json = false, QObject* parent = nullptr);
    ~TelemetryServer() override;

    bool listen(const QHostAddress& address, quint16 port);
    quint16 port() const { return m_server.serverPort(); }
    QString errorString() const { return m_server.errorString(); }
    int viewers() const { return static_cast<int>(m_viewers.size()); }
    quint64 bytesSent() const { return m_bytesSent; }

    void broadcast(const TelemetryMessage& message);

  signals:
    void viewerJoined();

  private:
    void send(QWebSocket* viewer, const TelemetryMessage& message);

    QWebSocketServer m_server;
    ModelMeta m_meta;
    bool m_json;
    QList<QWebSocket*> m_viewers;
    quint64 m_bytesSent = 0;
};

}  // namespace ossynapse
