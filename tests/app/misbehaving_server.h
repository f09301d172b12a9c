#pragma once

#include <QByteArray>
#include <QList>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

// A real HTTP server on 127.0.0.1 that answers a chat-completions request the way a script
// says: a status line and body pieces sent after given delays, then optionally a hang-up.
// Used to make the client meet slow drips, split writes, disconnects, HTTP errors, error
// events and stalls over a real socket.
class MisbehavingServer : public QObject {
    Q_OBJECT
  public:
    struct Step {
        int delayMs;
        QByteArray bytes;
    };

    explicit MisbehavingServer(QObject* parent = nullptr);

    // `head` is the whole response head ("HTTP/1.1 200 OK\r\n...\r\n\r\n"); then each step's
    // bytes after its delay; then the connection is closed unless `holdOpen`.
    void script(QByteArray head, QList<Step> steps, bool holdOpen = false);
    quint16 port() const { return m_server.serverPort(); }
    QString url() const;
    // Everything the client sent, headers and body.
    const QByteArray& request() const { return m_request; }

    static QByteArray okHead();
    // A 200 head with this Content-Type and any extra header lines ("Name: value\r\n").
    static QByteArray head(const QByteArray& contentType, const QByteArray& extraHeaders = {});
    static QByteArray errorHead(int status, const QByteArray& reason, const QByteArray& body);
    // One chat-completions SSE event carrying `delta` ("{\"content\":\"Hi\"}") and a finish
    // reason (JSON: null or "\"stop\"").
    static QByteArray chatChunk(const QByteArray& delta, const QByteArray& finish = "null");
    // Splits `body` into pieces of `size` bytes, one every `everyMs`.
    static QList<Step> drip(const QByteArray& body, int size, int everyMs);

  private:
    void respond(QTcpSocket* socket);

    QTcpServer m_server;
    QByteArray m_head;
    QList<Step> m_steps;
    bool m_holdOpen = false;
    QByteArray m_request;
};
