#include "app/output/frame_sender.h"

#include <QCryptographicHash>
#include <QHostInfo>
#include <QSysInfo>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>
#include <stdexcept>

#include "core/ddp.h"

namespace ossynapse {
namespace {

[[noreturn]] void fail(const QString& uri, const QString& why) {
    throw std::runtime_error(QStringLiteral("output '%1': %2").arg(uri, why).toStdString());
}

int queryNumber(const QUrlQuery& query,
                const QString& key,
                int fallback,
                int minimum,
                int maximum,
                const QString& uri) {
    if (!query.hasQueryItem(key)) {
        return fallback;
    }
    bool ok = false;
    const int value = query.queryItemValue(key).toInt(&ok);
    if (!ok || value < minimum || value > maximum) {
        fail(uri, QStringLiteral("%1 must be a whole number from %2 to %3")
                      .arg(key)
                      .arg(minimum)
                      .arg(maximum));
    }
    return value;
}

}  // namespace

OutputTarget parseOutputTarget(const QString& uri) {
    const QUrl url(uri, QUrl::StrictMode);
    OutputTarget target;
    target.uri = uri;
    const QString scheme = url.scheme();
    if (scheme == QLatin1String("ddp")) {
        target.protocol = OutputTarget::Protocol::Ddp;
        target.port = static_cast<quint16>(url.port(ddp::kPort));
    } else if (scheme == QLatin1String("e131")) {
        target.protocol = OutputTarget::Protocol::E131;
        target.port = static_cast<quint16>(url.port(e131::kPort));
    } else if (scheme == QLatin1String("seed-http")) {
        target.protocol = OutputTarget::Protocol::SeedHttp;
        if (url.port() < 0) {
            fail(uri, QStringLiteral("needs a port: seed-http://host:port"));
        }
        target.port = static_cast<quint16>(url.port());
    } else {
        fail(uri, QStringLiteral("unknown kind of output (ddp://host, e131://host?universe=N, "
                                 "seed-http://host:port)"));
    }
    target.host = url.host();
    if (!url.isValid() || target.host.isEmpty()) {
        fail(uri, QStringLiteral("no host"));
    }
    const QUrlQuery query(url);
    target.universe =
        static_cast<quint16>(queryNumber(query, QStringLiteral("universe"), 1, 1, 63999, uri));
    target.priority = static_cast<quint8>(
        queryNumber(query, QStringLiteral("priority"), e131::kDefaultPriority, 0, 200, uri));
    target.latencyMs = queryNumber(query, QStringLiteral("latency_ms"), 0, 0, 5000, uri);
    target.expectedLeds = queryNumber(query, QStringLiteral("leds"), 0, 0, 100000, uri);
    // e131://239.255.0.N: multicast to universe N unless one is named.
    const QHostAddress address(target.host);
    if (target.protocol == OutputTarget::Protocol::E131 && address.isMulticast() &&
        !query.hasQueryItem(QStringLiteral("universe"))) {
        const quint32 ip = address.toIPv4Address();
        target.universe = static_cast<quint16>(ip & 0xFFFF);
    }
    return target;
}

FrameSender::FrameSender(OutputTarget target, QObject* parent)
    : QObject(parent), m_target(std::move(target)) {
    m_address = QHostAddress(m_target.host);
    if (m_address.isNull()) {
        const QHostInfo info = QHostInfo::fromName(m_target.host);
        if (!info.addresses().isEmpty()) {
            m_address = info.addresses().first();
        } else {
            m_lastError = QStringLiteral("unknown host");
        }
    }
    // A stable CID: the same machine always speaks as the same E1.31 source.
    const QByteArray hash = QCryptographicHash::hash(QSysInfo::machineUniqueId() + "ossynapse-e131",
                                                     QCryptographicHash::Md5);
    std::copy_n(reinterpret_cast<const std::uint8_t*>(hash.constData()), m_cid.size(),
                m_cid.begin());
}

FrameSender::~FrameSender() = default;

QString FrameSender::state() const {
    if (!m_mismatch.isEmpty()) {
        return m_mismatch;
    }
    if (m_address.isNull()) {
        return QStringLiteral("unreachable (%1)").arg(m_lastError);
    }
    if (m_errors > 0) {
        return QStringLiteral("sending, %1 errors (last: %2)").arg(m_errors).arg(m_lastError);
    }
    return QStringLiteral("sending");
}

void FrameSender::send(const Frame& frame) {
    const int leds = static_cast<int>(frame.rgb.size() / 3);
    if (m_target.expectedLeds > 0 && leds != m_target.expectedLeds) {
        m_mismatch = QStringLiteral("not sending: the rig has %1 LEDs, the controller %2")
                         .arg(leds)
                         .arg(m_target.expectedLeds);
        return;
    }
    m_mismatch.clear();
    if (m_target.latencyMs > 0) {
        QTimer::singleShot(m_target.latencyMs, this, [this, rgb = frame.rgb] { transmit(rgb); });
    } else {
        transmit(frame.rgb);
    }
}

void FrameSender::write(const std::vector<std::uint8_t>& datagram, const QHostAddress& address) {
    if (address.isNull()) {
        ++m_errors;
        return;
    }
    const qint64 written =
        m_socket.writeDatagram(reinterpret_cast<const char*>(datagram.data()),
                               static_cast<qint64>(datagram.size()), address, m_target.port);
    if (written < 0) {
        ++m_errors;
        m_lastError = m_socket.errorString();
    }
}

QHostAddress FrameSender::e131Destination(std::uint16_t universe) const {
    if (m_address.isMulticast()) {
        return QHostAddress(QString::fromStdString(e131::multicastGroup(universe)));
    }
    return m_address;
}

std::vector<std::uint8_t> FrameSender::e131Packet(std::span<const std::uint8_t> data,
                                                  std::uint16_t universe,
                                                  std::uint8_t options) {
    e131::Packet packet;
    packet.cid = m_cid;
    packet.sourceName = "OSSynapse Studio";
    packet.priority = m_target.priority;
    packet.sequence = m_e131Sequence;
    packet.options = options;
    packet.universe = universe;
    packet.data.assign(data.begin(), data.end());
    return e131::encode(packet);
}

void FrameSender::transmit(const std::vector<std::uint8_t>& rgb) {
    if (m_target.protocol == OutputTarget::Protocol::Ddp) {
        m_ddpSequence = ddp::nextSequence(m_ddpSequence);
        for (const auto& packet : ddp::encodeFrame(rgb, m_ddpSequence)) {
            write(packet, m_address);
        }
    } else {
        ++m_e131Sequence;
        m_e131Universes = e131::universesFor(rgb.size());
        for (std::size_t u = 0; u < m_e131Universes; ++u) {
            const auto universe = static_cast<std::uint16_t>(m_target.universe + u);
            write(e131Packet(e131::universeSlice(rgb, u), universe, 0), e131Destination(universe));
        }
    }
    ++m_framesSent;
}

void FrameSender::finish() {
    if (m_target.protocol != OutputTarget::Protocol::E131) {
        return;
    }
    // E1.31 asks for three packets with the stream-terminated option, on every universe used.
    for (int repeat = 0; repeat < 3; ++repeat) {
        ++m_e131Sequence;
        for (std::size_t u = 0; u < m_e131Universes; ++u) {
            const auto universe = static_cast<std::uint16_t>(m_target.universe + u);
            write(e131Packet({}, universe, e131::kOptionStreamTerminated),
                  e131Destination(universe));
        }
    }
}

}  // namespace ossynapse
