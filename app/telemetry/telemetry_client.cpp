#include "app/telemetry/telemetry_client.h"

namespace ossynapse {

TelemetryClient::TelemetryClient(QObject* parent) : QObject(parent) {
    m_retry.setSingleShot(true);
    m_retry.setInterval(1000);
    connect(&m_retry, &QTimer::timeout, this, &TelemetryClient::open);
    connect(&m_socket, &QWebSocket::connected, this, [this] {
        m_connected = true;
        m_lastClose.clear();
        emit stateChanged();
    });
    connect(&m_socket, &QWebSocket::disconnected, this, [this] {
        const bool wasConnected = m_connected;
        m_connected = false;
        // A close without a socket error (a close frame, no reason) leaves errorString()
        // nothing to say but "Unknown error": the close code says it (RFC 6455 section 7.4.1).
        const QWebSocketProtocol::CloseCode code = m_socket.closeCode();
        QString closed;
        if (m_socket.error() == QAbstractSocket::UnknownSocketError) {
            closed = code == QWebSocketProtocol::CloseCodeNormal
                         ? QStringLiteral("the tap closed the connection normally")
                     : code == QWebSocketProtocol::CloseCodeGoingAway
                         ? QStringLiteral("the tap went away: it stopped or restarts")
                         : QStringLiteral("the tap closed the connection, code %1").arg(int(code));
        }
        m_lastClose = !m_socket.closeReason().isEmpty() ? m_socket.closeReason()
                      : !closed.isEmpty()               ? closed
                                                        : m_socket.errorString();
        if (m_running) {
            m_retry.start();
        }
        if (wasConnected || !m_lastClose.isEmpty()) {
            emit stateChanged();
        }
    });
    connect(&m_socket, &QWebSocket::binaryMessageReceived, this, &TelemetryClient::binary);
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &TelemetryClient::text);
}

TelemetryClient::~TelemetryClient() {
    m_running = false;
    m_socket.abort();
}

void TelemetryClient::start(const QUrl& url) {
    m_url = url;
    m_running = true;
    m_socket.abort();
    open();
}

void TelemetryClient::stop() {
    m_running = false;
    m_retry.stop();
    m_socket.close();
    m_connected = false;
    emit stateChanged();
}

void TelemetryClient::open() {
    if (m_running) {
        m_socket.open(m_url);
    }
}

QString TelemetryClient::state() const {
    if (!m_running) {
        return QStringLiteral("off");
    }
    if (m_connected) {
        return QStringLiteral("connected to %1").arg(m_url.toString());
    }
    return m_lastClose.isEmpty()
               ? QStringLiteral("connecting to %1").arg(m_url.toString())
               : QStringLiteral("retrying %1 (%2)").arg(m_url.toString(), m_lastClose);
}

void TelemetryClient::binary(const QByteArray& bytes) {
    const auto message = m_decoder.binary(std::span(
        reinterpret_cast<const std::uint8_t*>(bytes.constData()), std::size_t(bytes.size())));
    if (message) {
        emit messageReceived(*message);
    }
}

void TelemetryClient::text(const QString& text) {
    const QByteArray utf8 = text.toUtf8();
    const auto message =
        m_decoder.text(std::string_view(utf8.constData(), std::size_t(utf8.size())));
    if (message) {
        emit messageReceived(*message);
    }
}

}  // namespace ossynapse
