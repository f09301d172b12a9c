#include "app/stream/recording_server.h"

#include "core/chat_chunk_format.h"
#include "core/json_text.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace ossynapse {

namespace {

constexpr qsizetype kMaxRequestBytes = 1 << 20;

QByteArray httpError(int status, const char* reason, const std::string& message) {
    const QByteArray body = QByteArray::fromStdString(
        nlohmann::json{{"error", {{"code", status}, {"message", message}}}}.dump());
    return "HTTP/1.1 " + QByteArray::number(status) + " " + reason +
           "\r\nContent-Type: application/json\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

}  // namespace

struct RecordingServer::Connection {
    QPointer<QTcpSocket> socket;
    QByteArray request;
    bool responding = false;
    bool ended = false;
    std::size_t next = 0;
    std::int64_t tokensSent = 0;
    QElapsedTimer clock;
    QTimer timer;
    ChatChunkFormat format;
};

RecordingServer::RecordingServer(Session session, double speed, QObject* parent)
    : QObject(parent), m_session(std::move(session)), m_speed(speed) {
    connect(&m_server, &QTcpServer::newConnection, this, &RecordingServer::onNewConnection);
}

RecordingServer::~RecordingServer() = default;

bool RecordingServer::listen(const QHostAddress& address, quint16 port) {
    return m_server.listen(address, port);
}

void RecordingServer::onNewConnection() {
    while (QTcpSocket* socket = m_server.nextPendingConnection()) {
        auto connection = std::make_unique<Connection>();
        connection->socket = socket;
        connection->timer.setSingleShot(true);
        connection->timer.setTimerType(Qt::PreciseTimer);
        Connection* raw = connection.get();
        connect(socket, &QTcpSocket::readyRead, this, [this, raw] { onReadyRead(raw); });
        connect(socket, &QTcpSocket::disconnected, this, [this, raw] { finish(raw); });
        connect(&raw->timer, &QTimer::timeout, this, [this, raw] { sendDue(raw); });
        m_connections.push_back(std::move(connection));
    }
}

void RecordingServer::onReadyRead(Connection* c) {
    if (c->responding || c->socket == nullptr) {
        return;
    }
    c->request += c->socket->readAll();
    const qsizetype headerEnd = c->request.indexOf("\r\n\r\n");
    if (headerEnd < 0) {
        if (c->request.size() > kMaxRequestBytes) {
            c->socket->write(
                httpError(431, "Request Header Fields Too Large", "request too large"));
            c->socket->disconnectFromHost();
        }
        return;
    }
    const QByteArray head = c->request.left(headerEnd);
    const QList<QByteArray> lines = head.split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    qsizetype contentLength = 0;
    for (const QByteArray& line : lines.mid(1)) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().toLower() == "content-length") {
            contentLength = line.mid(colon + 1).trimmed().toLongLong();
        }
    }
    if (c->request.size() < headerEnd + 4 + contentLength) {
        return;  // the body is still arriving
    }
    const QByteArray method = requestLine.value(0);
    const QByteArray path = requestLine.value(1);
    if (method != "POST" || !path.split('?').value(0).endsWith("/chat/completions")) {
        c->socket->write(
            httpError(404, "Not Found", "only POST .../chat/completions is served here"));
        c->socket->disconnectFromHost();
        return;
    }
    const nlohmann::json body =
        parseJsonTextOrDiscarded(c->request.mid(headerEnd + 4, contentLength).toStdString());
    if (!body.is_object()) {
        c->socket->write(httpError(400, "Bad Request", "the request body is not a JSON object"));
        c->socket->disconnectFromHost();
        return;
    }
    const auto model = body.find("model");
    if (model != body.end() && model->is_string()) {
        c->format.model = model->get<std::string>();
    }
    startResponse(c);
}

void RecordingServer::startResponse(Connection* c) {
    c->responding = true;
    c->socket->write(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
        "Connection: close\r\n\r\n");
    c->clock.start();
    sendDue(c);
}

void RecordingServer::sendDue(Connection* c) {
    if (c->socket == nullptr) {
        return;
    }
    const double elapsed = static_cast<double>(c->clock.nsecsElapsed()) * 1e-9;
    QByteArray out;
    while (c->next < m_session.events.size() && m_session.events[c->next].t / m_speed <= elapsed) {
        const TokenEvent& event = m_session.events[c->next++];
        c->tokensSent += event.tokens;
        out += QByteArray::fromStdString(c->format.tokenEvent(event, c->tokensSent));
    }
    if (!out.isEmpty()) {
        c->socket->write(out);
        c->socket->flush();
    }
    if (c->next < m_session.events.size()) {
        const double wait = m_session.events[c->next].t / m_speed - elapsed;
        c->timer.start(std::max(0, static_cast<int>(std::ceil(wait * 1000.0))));
        return;
    }
    const double endAt = m_session.end ? m_session.end->t / m_speed : elapsed;
    if (endAt > elapsed + 0.001) {
        c->timer.start(static_cast<int>(std::ceil((endAt - elapsed) * 1000.0)));
    } else {
        sendEnd(c);
    }
}

void RecordingServer::sendEnd(Connection* c) {
    if (c->socket == nullptr || c->ended) {
        return;
    }
    c->ended = true;
    // No end record: the recorded stream was cut off, and so is this one.
    const QByteArray out = m_session.end
                               ? QByteArray::fromStdString(c->format.endEvents(*m_session.end))
                               : QByteArray();
    c->socket->write(out);
    c->socket->disconnectFromHost();
}

void RecordingServer::finish(Connection* c) {
    const auto found = std::find_if(m_connections.begin(), m_connections.end(),
                                    [c](const auto& owned) { return owned.get() == c; });
    if (found == m_connections.end()) {
        return;
    }
    const int sent = static_cast<int>(c->next);
    const bool responded = c->responding;
    c->timer.stop();
    if (c->socket != nullptr) {
        c->socket->deleteLater();
    }
    std::unique_ptr<Connection> owned = std::move(*found);
    m_connections.erase(found);
    // The timer's lambdas may be on the stack right now: delete after returning to the loop.
    QTimer::singleShot(0, this, [connection = owned.release()] { delete connection; });
    if (responded) {
        emit responseFinished(sent);
    }
}

}  // namespace ossynapse
