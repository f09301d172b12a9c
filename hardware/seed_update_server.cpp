#include "hardware/seed_update_server.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>
#include <cmath>
#include <map>
#include <stdexcept>

#include "hardware/update_request.h"

namespace ossynapse::hw {
namespace {

// A request to /update is a few hundred bytes from a tap on the same network: one that has not
// arrived whole within this time never will (or is holding the connection on purpose).
constexpr int kRequestDeadlineMs = 3000;
// Far more than a seed's taps, few enough that a flood of connections costs little.
constexpr int kMaxConnections = 32;

}  // namespace

SeedUpdateServer::SeedUpdateServer(QString token, QObject* parent)
    : QObject(parent), m_token(std::move(token)) {
    m_clock.start();
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket* socket = m_server.nextPendingConnection()) {
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            if (m_open >= kMaxConnections) {
                respond(socket, 503, "Service Unavailable",
                        R"({"error":"too many connections to /update, 32 at most"})");
                continue;
            }
            ++m_open;
            connect(socket, &QTcpSocket::disconnected, this, [this] { --m_open; });
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { serve(socket); });
            // Counted from the connection, not from its last byte: a client dripping a byte at
            // a time cannot hold it open either.
            QTimer::singleShot(kRequestDeadlineMs, socket, [this, socket] {
                if (!socket->property("answered").toBool() &&
                    socket->state() == QAbstractSocket::ConnectedState) {
                    respond(socket, 408, "Request Timeout",
                            R"({"error":"the request did not arrive whole within 3 s"})");
                }
            });
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
    socket->setProperty("answered", true);
    socket->disconnectFromHost();
    if (status >= 400) {
        ++m_refused;
        emit rejected(QString::fromUtf8(body));
    }
}

void SeedUpdateServer::serve(QTcpSocket* socket) {
    if (socket->property("answered").toBool()) {
        socket->readAll();  // a client that goes on sending after its answer: not read
        return;
    }
    QByteArray request = socket->property("request").toByteArray() + socket->readAll();
    socket->setProperty("request", request);
    // The head decides the size of what we read: an oversized or malformed request is refused
    // as soon as its head says so, before any of its body, and before the token is checked.
    const UpdateHeadResult parsed = parseUpdateHead(
        std::string_view(request.constData(), static_cast<std::size_t>(request.size())));
    if (parsed.status != 0) {
        static const std::map<int, QByteArray> kReasons = {
            {400, "Bad Request"},
            {413, "Content Too Large"},
            {431, "Request Header Fields Too Large"}};
        respond(socket, parsed.status, kReasons.at(parsed.status),
                QJsonDocument(
                    QJsonObject{{QStringLiteral("error"), QString::fromStdString(parsed.error)}})
                    .toJson(QJsonDocument::Compact));
        return;
    }
    if (!parsed.head) {
        return;  // the head is still arriving
    }
    const UpdateRequestHead& head = *parsed.head;
    const auto bodyStart = static_cast<qsizetype>(head.headBytes);
    const auto length = static_cast<qsizetype>(head.contentLength);
    if (request.size() < bodyStart + length) {
        return;  // the body is still arriving
    }
    if (head.method != "POST" || head.target != "/update") {
        respond(socket, 404, "Not Found", R"({"error":"only POST /update is served"})");
        return;
    }
    if (!m_token.isEmpty() &&
        QByteArray::fromStdString(head.authorization) != "Bearer " + m_token.toUtf8()) {
        respond(socket, 401, "Unauthorized", R"({"error":"a valid bearer token is required"})");
        return;
    }
    QJsonParseError error{};
    const QJsonObject body =
        QJsonDocument::fromJson(request.mid(bodyStart, length), &error).object();
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
