#include "misbehaving_server.h"

#include <QPointer>

MisbehavingServer::MisbehavingServer(QObject* parent) : QObject(parent) {
    m_server.listen(QHostAddress::LocalHost, 0);
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket* socket = m_server.nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
                m_request += socket->readAll();
                const qsizetype headerEnd = m_request.indexOf("\r\n\r\n");
                if (headerEnd < 0 || socket->property("answered").toBool()) {
                    return;
                }
                const qsizetype lengthAt = m_request.toLower().indexOf("content-length:");
                const qsizetype length =
                    lengthAt < 0
                        ? 0
                        : m_request
                              .mid(lengthAt + 15, m_request.indexOf('\r', lengthAt) - lengthAt - 15)
                              .trimmed()
                              .toLongLong();
                if (m_request.size() >= headerEnd + 4 + length) {
                    socket->setProperty("answered", true);
                    respond(socket);
                }
            });
        }
    });
}

void MisbehavingServer::script(QByteArray head, QList<Step> steps, bool holdOpen) {
    m_head = std::move(head);
    m_steps = std::move(steps);
    m_holdOpen = holdOpen;
}

QString MisbehavingServer::url() const {
    return QStringLiteral("http://127.0.0.1:%1/v1").arg(port());
}

QByteArray MisbehavingServer::okHead() {
    return head("text/event-stream");
}

QByteArray MisbehavingServer::head(const QByteArray& contentType, const QByteArray& extraHeaders) {
    return "HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\n" + extraHeaders +
           "Connection: close\r\n\r\n";
}

QByteArray MisbehavingServer::errorHead(int status,
                                        const QByteArray& reason,
                                        const QByteArray& body) {
    return "HTTP/1.1 " + QByteArray::number(status) + " " + reason +
           "\r\nContent-Type: application/json\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

QByteArray MisbehavingServer::chatChunk(const QByteArray& delta, const QByteArray& finish) {
    return "data: {\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finish +
           "}]}\n\n";
}

QList<MisbehavingServer::Step> MisbehavingServer::drip(const QByteArray& body,
                                                       int size,
                                                       int everyMs) {
    QList<Step> steps;
    for (qsizetype at = 0; at < body.size(); at += size) {
        steps.append({everyMs, body.mid(at, size)});
    }
    return steps;
}

void MisbehavingServer::respond(QTcpSocket* socket) {
    socket->write(m_head);
    int at = 0;
    QPointer<QTcpSocket> guarded(socket);
    for (const Step& step : m_steps) {
        at += step.delayMs;
        QTimer::singleShot(at, this, [guarded, bytes = step.bytes] {
            if (guarded) {
                guarded->write(bytes);
                guarded->flush();
            }
        });
    }
    if (!m_holdOpen) {
        QTimer::singleShot(at + 1, this, [guarded] {
            if (guarded) {
                guarded->disconnectFromHost();
            }
        });
    }
}
