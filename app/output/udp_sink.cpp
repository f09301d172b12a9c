#include "app/output/udp_sink.h"

#include <QTimer>
#include <algorithm>

namespace ossynapse {

UdpSink::UdpSink(SinkUri& uri, quint16 defaultPort, std::unique_ptr<UdpProtocol> protocol)
    : m_protocol(std::move(protocol)),
      m_uri(uri.shown()),
      m_host(uri.host()),
      m_port(uri.port(defaultPort)),
      m_latencyMs(uri.number(QStringLiteral("latency_ms"), 0, 0, 5000)),
      m_expectedLeds(uri.number(QStringLiteral("leds"), 0, 0, 100000)),
      m_address(m_host) {
    if (!m_address.isNull()) {
        m_lookup = Lookup::NotNeeded;
    }
}

UdpSink::~UdpSink() {
    if (m_lookupId >= 0) {
        QHostInfo::abortHostLookup(m_lookupId);
    }
    // Quitting with the target lit (a studio closed, a replay interrupted) still darkens it.
    darken();
}

void UdpSink::startLookup() {
    m_lookup = Lookup::Pending;
    m_lookupId = QHostInfo::lookupHost(m_host, this, &UdpSink::onLookup);
}

void UdpSink::onLookup(const QHostInfo& info) {
    m_lookupId = -1;
    const QList<QHostAddress> addresses = info.addresses();
    const auto ipv4 = std::find_if(addresses.begin(), addresses.end(), [](const QHostAddress& a) {
        return a.protocol() == QAbstractSocket::IPv4Protocol;
    });
    if (info.error() != QHostInfo::NoError || addresses.isEmpty()) {
        m_lookup = Lookup::Failed;
        m_lastError = info.errorString();
        return;
    }
    m_address = ipv4 != addresses.end() ? *ipv4 : addresses.first();
    m_lookup = Lookup::NotNeeded;
    if (m_pending) {
        flush();
    }
}

void UdpSink::accept(const Frame& frame) {
    ++m_accepted;
    const int leds = static_cast<int>(frame.rgb.size() / 3);
    if (m_expectedLeds > 0 && leds != m_expectedLeds) {
        m_mismatch = QStringLiteral("not sending: the rig has %1 LEDs, the controller %2")
                         .arg(leds)
                         .arg(m_expectedLeds);
        return;
    }
    m_mismatch.clear();
    m_newest = frame;
    m_pending = true;
    if (m_lookup == Lookup::NotStarted) {
        startLookup();
    }
    if (!m_flushQueued) {
        m_flushQueued = true;
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_flushQueued = false;
                flush();
            },
            Qt::QueuedConnection);
    }
}

void UdpSink::flush() {
    if (!m_pending || m_lookup == Lookup::Pending || m_lookup == Lookup::NotStarted) {
        return;  // the newest frame waits for the address
    }
    m_pending = false;
    if (m_lookup == Lookup::Failed) {
        return;
    }
    if (m_latencyMs > 0) {
        QTimer::singleShot(m_latencyMs, this, [this, frame = m_newest] { send(frame); });
    } else {
        send(m_newest);
    }
}

void UdpSink::send(const Frame& frame) {
    const std::vector<UdpProtocol::Datagram> datagrams = m_protocol->frame(frame, m_address);
    if (datagrams.empty()) {
        return;
    }
    if (write(datagrams)) {
        ++m_sent;
    }
    m_open = true;
    m_lit = std::any_of(frame.rgb.begin(), frame.rgb.end(), [](std::uint8_t b) { return b != 0; });
    m_black.t = frame.t;
    m_black.rgb.assign(frame.rgb.size(), 0);
    m_black.lobeLevel.assign(frame.lobeLevel.size(), 0.0);
}

bool UdpSink::write(const std::vector<UdpProtocol::Datagram>& datagrams) {
    bool ok = true;
    for (const UdpProtocol::Datagram& datagram : datagrams) {
        const qint64 written =
            m_socket.writeDatagram(reinterpret_cast<const char*>(datagram.bytes.data()),
                                   static_cast<qint64>(datagram.bytes.size()), datagram.to, m_port);
        if (written < 0) {
            ++m_errors;
            m_lastError = m_socket.errorString();
            ok = false;
        }
    }
    return ok;
}

int UdpSink::finish() {
    flush();  // the newest frame first, then the end
    if (m_latencyMs > 0) {
        QTimer::singleShot(m_latencyMs, this, [this] { darken(); });
        return m_latencyMs;
    }
    darken();
    return 0;
}

void UdpSink::darken() {
    if (!m_open) {
        return;
    }
    if (m_lit) {
        send(m_black);
    }
    write(m_protocol->end(m_address));
    m_open = false;
}

SinkStatus UdpSink::status() const {
    SinkStatus status{m_uri, {}, m_sent, m_errors, m_accepted > 0 && m_sent == 0};
    if (!m_mismatch.isEmpty()) {
        status.state = m_mismatch;
    } else if (m_lookup == Lookup::Failed) {
        status.state = QStringLiteral("unreachable (%1)").arg(m_lastError);
    } else if (m_lookup == Lookup::Pending) {
        status.state = QStringLiteral("resolving %1").arg(m_host);
    } else if (m_errors > 0) {
        status.state =
            QStringLiteral("sending, %1 errors (last: %2)").arg(m_errors).arg(m_lastError);
    } else {
        status.state = QStringLiteral("sending");
    }
    return status;
}

}  // namespace ossynapse
