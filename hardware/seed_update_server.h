#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTcpServer>
#include <QTcpSocket>

#include "core/token_event.h"

namespace ossynapse::hw {

// The seed's own Pi protocol: HTTP POST /update with {"channel": "reasoning"|"completion",
// "delta": tokens, "duration": seconds}, so an original GPT-OSSynapse tap can drive this
// daemon. Each update becomes a token event for the daemon's own engine. A bearer token is
// required when configured; bad requests get a 4xx with the reason and change nothing. A
// request that has not arrived whole 3 s after its connection gets 408 and is closed, and
// connections beyond 32 at a time get 503 and are closed at once.
class SeedUpdateServer : public QObject {
    Q_OBJECT
  public:
    SeedUpdateServer(QString token, QObject* parent = nullptr);
    // Throws std::runtime_error when the port cannot be bound.
    void listen(const QHostAddress& address, quint16 port);
    quint16 port() const { return m_server.serverPort(); }
    quint64 refused() const { return m_refused; }  // requests answered 4xx or 5xx

  signals:
    void update(const ossynapse::TokenEvent& event);
    void rejected(const QString& why);

  private:
    void serve(QTcpSocket* socket);
    void respond(QTcpSocket* socket, int status, const QByteArray& reason, const QByteArray& body);

    QString m_token;
    QTcpServer m_server;
    QElapsedTimer m_clock;
    int m_open = 0;  // connections being served
    quint64 m_refused = 0;
};

}  // namespace ossynapse::hw
