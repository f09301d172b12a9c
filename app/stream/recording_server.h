#pragma once

#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <memory>
#include <vector>

#include "core/session.h"

namespace ossynapse {

// Serves a recording as an OpenAI-compatible streaming endpoint: any
// POST .../chat/completions gets the recording's events as chat-completion chunks, with the
// recording's own timing divided by `speed`, then its finish chunk, usage and [DONE]. Every
// chunk carries the running token count (as llama.cpp's timings.predicted_n), so a client
// recovers events worth several tokens. A recording that ended in an error ends in the same error
// event; one without an end record is cut off, as the original stream was.
class RecordingServer : public QObject {
    Q_OBJECT
  public:
    RecordingServer(Session session, double speed, QObject* parent = nullptr);
    ~RecordingServer() override;

    bool listen(const QHostAddress& address, quint16 port);
    quint16 port() const { return m_server.serverPort(); }
    QString errorString() const { return m_server.errorString(); }

  signals:
    // A response was sent to its end (or the client went away).
    void responseFinished(int eventsSent);

  private:
    struct Connection;
    void onNewConnection();
    void onReadyRead(Connection* connection);
    void startResponse(Connection* connection);
    void sendDue(Connection* connection);
    void sendEnd(Connection* connection);
    void finish(Connection* connection);

    Session m_session;
    double m_speed;
    QTcpServer m_server;
    std::vector<std::unique_ptr<Connection>> m_connections;
};

}  // namespace ossynapse
