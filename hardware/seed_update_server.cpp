#include "hardware/seed_update_server.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>
#include <stdexcept>

namespace ossynapse::hw {
namespace {

constexpr qsizetype kMaxRequest = 16 * 1024;

}  // namespace

SeedUpdateServer::SeedUpdateServer(QString token, QObject* parent)
    : QObject(parent), m_token(std::move(token)) {
    m_clock.start();
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket* socket = m_server.nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { serve(socket); });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
}

void SeedUpdateServer::listen(const QHostAddress& address, quint16 port) {
    if (!m_server.listen(address, port)) {
        throw std::runtime_error("cannot serve /update on " + address.toString().toStdString() +
                                 ":" + std::to_string(port) + ": " +
                                 m_server.errorString().toStdString());
    }
}

void SeedUpdateServer::respond(QTcpSocket* socket,
                               int status,
                               const QByteArray& reason,
                               const QByteArray& body) {
    socket->write("HTTP/1.1 " + QByteArray::number(status) + " " + reason +
                  "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " +
                  QByteArray::number(body.size()) + "\r\n\r\n" + body);
    socket->disconnectFromHost();
    if (status >= 400) {
        emit rejected(QString::fromUtf8(body));
    }
}

void SeedUpdateServer::serve(QTcpSocket* socket) {
    QByteArray request = socket->property("request").toByteArray() + socket->readAll();
    socket->setProperty("request", request);
    if (request.size() > kMaxRequest) {
        respond(socket, 413, "Payload Too Large", R"({"error":"request larger than 16 KiB"})");
        return;
    }
    const qsizetype headerEnd = request.indexOf("\r\n\r\n");
    if (headerEnd < 0) {
        return;
    }
    const QList<QByteArray> lines = request.left(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    qsizetype length = 0;
    QByteArray authorization;
    for (const QByteArray& line : lines.mid(1)) {
        const qsizetype colon = line.indexOf(':');
        const QByteArray name = line.left(colon).trimmed().toLower();
        if (name == "content-length") {
            length = line.mid(colon + 1).trimmed().toLongLong();
        } else if (name == "authorization") {
            authorization = line.mid(colon + 1).trimmed();
        }
    }
    if (request.size() < headerEnd + 4 + length) {
        return;  // the body is still arriving
    }
    if (requestLine.value(0) != "POST" || requestLine.value(1) != "/update") {
        respond(socket, 404, "Not Found", R"({"error":"only POST /update is served"})");
        return;
    }
    if (!m_token.isEmpty() && authorization != "Bearer " + m_token.toUtf8()) {
        respond(socket, 401, "Unauthorized", R"({"error":"a valid bearer token is required"})");
        return;
    }
    QJsonParseError error{};
    const QJsonObject body =
        QJsonDocument::fromJson(request.mid(headerEnd + 4, length), &error).object();
    const auto channel =
        channelFromName(body.value(QStringLiteral("channel")).toString().toStdString());
    const double delta = body.value(QStringLiteral("delta")).toDouble(-1);
    const double duration = body.value(QStringLiteral("duration")).toDouble(-1);
    if (error.error != QJsonParseError::NoError || !channel || !(delta >= 0) || delta > 100000 ||
        !(duration > 0) || duration > 3600) {
        respond(
            socket, 400, "Bad Request",
            R"({"error":"expected {\"channel\": \"reasoning\"|\"completion\", \"delta\": tokens >= 0, \"duration\": seconds > 0}"})");
        return;
    }
    const int tokens = static_cast<int>(std::lround(delta));
    if (tokens > 0) {
        emit update(
            TokenEvent{static_cast<double>(m_clock.nsecsElapsed()) * 1e-9, *channel, tokens, {}});
    }
    respond(socket, 200, "OK", R"({"ok":true})");
}

}  // namespace ossynapse::hw
