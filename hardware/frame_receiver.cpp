#include "hardware/frame_receiver.h"

#include <QNetworkDatagram>
#include <QNetworkInterface>
#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "core/artnet.h"
#include "core/ddp.h"
#include "core/dmx_universe.h"

namespace ossynapse::hw {
namespace {

// E1.31 receivers forget a source 2.5 s after its last packet (as OLA does).
constexpr qint64 kSourceExpiryMs = 2500;
// Sources times universes whose sequence we remember: far more than a show has, few enough that
// a flood of made-up CIDs cannot grow the table without bound.
constexpr std::size_t kMaxTrackedStreams = 256;

std::span<const std::uint8_t> bytesOf(const QByteArray& data) {
    return {reinterpret_cast<const std::uint8_t*>(data.constData()),
            static_cast<std::size_t>(data.size())};
}

}  // namespace

FrameReceiver::FrameReceiver(const DaemonConfig& config, QObject* parent)
    : QObject(parent), m_config(config), m_frameBytes(static_cast<std::size_t>(config.leds) * 3) {
    m_ddpFrame.assign(m_frameBytes, 0);
    m_e131Frame.assign(m_frameBytes, 0);
    m_e131Seen.assign(dmx::universesFor(m_frameBytes), false);
    m_artnetFrame.assign(m_frameBytes, 0);
    m_artnetSeen.assign(dmx::universesFor(m_frameBytes), false);
    m_artnetSequences.assign(m_artnetSeen.size(), 0);
}

void FrameReceiver::start() {
    const QHostAddress bind(m_config.bind);
    if (m_config.ddpPort != 0) {
        if (!m_ddp.bind(bind, m_config.ddpPort, QUdpSocket::ShareAddress)) {
            throw std::runtime_error("cannot receive DDP on " + m_config.bind.toStdString() + ":" +
                                     std::to_string(m_config.ddpPort) + ": " +
                                     m_ddp.errorString().toStdString());
        }
        connect(&m_ddp, &QUdpSocket::readyRead, this, &FrameReceiver::readDdp);
    }
    if (m_config.e131Port != 0) {
        if (!m_e131.bind(bind, m_config.e131Port,
                         QUdpSocket::ShareAddress | QUdpSocket::ReuseAddressHint)) {
            throw std::runtime_error("cannot receive E1.31 on " + m_config.bind.toStdString() +
                                     ":" + std::to_string(m_config.e131Port) + ": " +
                                     m_e131.errorString().toStdString());
        }
        if (m_config.multicast) {
            for (std::size_t i = 0; i < m_e131Seen.size(); ++i) {
                const auto universe = static_cast<std::uint16_t>(m_config.universe + i);
                m_e131.joinMulticastGroup(
                    QHostAddress(QString::fromStdString(e131::multicastGroup(universe))));
            }
        }
        connect(&m_e131, &QUdpSocket::readyRead, this, &FrameReceiver::readE131);
    }
    if (m_config.artnetPort != 0) {
        // Shared: Art-Net nodes often all listen on 6454 on one machine (a visualiser beside us).
        if (!m_artnet.bind(bind, m_config.artnetPort,
                           QUdpSocket::ShareAddress | QUdpSocket::ReuseAddressHint)) {
            throw std::runtime_error("cannot receive Art-Net on " + m_config.bind.toStdString() +
                                     ":" + std::to_string(m_config.artnetPort) + ": " +
                                     m_artnet.errorString().toStdString());
        }
        connect(&m_artnet, &QUdpSocket::readyRead, this, &FrameReceiver::readArtnet);
    }
}

bool FrameReceiver::allowed(const QHostAddress& sender) const {
    if (m_config.allow.isEmpty()) {
        return true;
    }
    return std::any_of(m_config.allow.begin(), m_config.allow.end(), [&](const QString& address) {
        return QHostAddress(address).isEqual(sender, QHostAddress::TolerantConversion);
    });
}

void FrameReceiver::drop(const QString& why) {
    ++m_counters.dropped;
    emit dropped(why);
}

bool FrameReceiver::owns(Protocol protocol) {
    const auto timeoutMs = static_cast<qint64>(m_config.timeoutS * 1000);
    const bool ownerSilent =
        m_owner == Protocol::None || !m_ownerSeen.isValid() || m_ownerSeen.elapsed() > timeoutMs;
    if (m_owner == protocol || ownerSilent) {
        m_owner = protocol;
        m_ownerSeen.start();
        return true;
    }
    ++m_counters.ignored;
    const auto name = [](Protocol p) {
        switch (p) {
            case Protocol::Ddp:
                return QStringLiteral("DDP");
            case Protocol::E131:
                return QStringLiteral("E1.31");
            case Protocol::Artnet:
                return QStringLiteral("Art-Net");
            case Protocol::None:
                break;
        }
        return QString();
    };
    emit heldOff(QStringLiteral("a frame over %1 while %2 has the output (until it sends no frame "
                                "for %3 s)")
                     .arg(name(protocol), name(m_owner))
                     .arg(m_config.timeoutS));
    return false;
}

bool FrameReceiver::newerInSequence(const e131::Packet& packet) {
    const auto key = std::make_pair(packet.cid, packet.universe);
    auto found = m_e131Sequences.find(key);
    // A source silent for longer than the expiry is a new stream: any sequence starts it.
    if (found != m_e131Sequences.end() && found->second.seen.elapsed() <= kSourceExpiryMs &&
        !e131::sequenceIsNewer(found->second.sequence, packet.sequence)) {
        drop(QStringLiteral("E1.31: sequence %1 from \"%2\" on universe %3 is not newer than %4 "
                            "(late or repeated)")
                 .arg(packet.sequence)
                 .arg(QString::fromStdString(packet.sourceName))
                 .arg(packet.universe)
                 .arg(found->second.sequence));
        return false;
    }
    if (found == m_e131Sequences.end()) {
        if (m_e131Sequences.size() >= kMaxTrackedStreams) {
            std::erase_if(m_e131Sequences, [](const auto& entry) {
                return entry.second.seen.elapsed() > kSourceExpiryMs;
            });
        }
        if (m_e131Sequences.size() >= kMaxTrackedStreams) {
            m_e131Sequences.erase(std::min_element(
                m_e131Sequences.begin(), m_e131Sequences.end(), [](const auto& a, const auto& b) {
                    return a.second.seen.elapsed() > b.second.seen.elapsed();
                }));
        }
        found = m_e131Sequences.emplace(key, LastSequence{}).first;
    }
    found->second.sequence = packet.sequence;
    found->second.seen.start();
    return true;
}

void FrameReceiver::readDdp() {
    while (m_ddp.hasPendingDatagrams()) {
        const QNetworkDatagram datagram = m_ddp.receiveDatagram(65536);
        ++m_counters.packets;
        if (!allowed(datagram.senderAddress())) {
            drop(QStringLiteral("DDP from %1, not on the allow-list")
                     .arg(datagram.senderAddress().toString()));
            continue;
        }
        std::string error;
        ddp::Refusal refusal = ddp::Refusal::Unusable;
        const auto packet = ddp::decode(bytesOf(datagram.data()), &error, &refusal);
        if (!packet) {
            if (refusal == ddp::Refusal::NotForUs) {
                ignore();
            } else {
                drop(QStringLiteral("DDP: ") + QString::fromStdString(error));
            }
            continue;
        }
        // A frame longer than our strip is not an error: its packets (or their tails) beyond
        // the last LED are clipped, and a push among them still shows the frame.
        m_counters.clippedBytes += ddp::writePixels(*packet, m_ddpFrame);
        // As WLED does: until a push has been seen every packet shows; after that only pushes.
        m_ddpSawPush = m_ddpSawPush || packet->push();
        if ((packet->push() || !m_ddpSawPush) && owns(Protocol::Ddp)) {
            ++m_counters.frames;
            emit frameReady(m_ddpFrame, QStringLiteral("ddp"));
        }
    }
}

void FrameReceiver::readE131() {
    while (m_e131.hasPendingDatagrams()) {
        const QNetworkDatagram datagram = m_e131.receiveDatagram(65536);
        ++m_counters.packets;
        if (!allowed(datagram.senderAddress())) {
            drop(QStringLiteral("E1.31 from %1, not on the allow-list")
                     .arg(datagram.senderAddress().toString()));
            continue;
        }
        std::string error;
        e131::Refusal refusal = e131::Refusal::Unusable;
        const auto packet = e131::decode(bytesOf(datagram.data()), &error, &refusal);
        if (!packet) {
            if (refusal == e131::Refusal::NotForUs) {
                ignore();
            } else {
                drop(QStringLiteral("E1.31: ") + QString::fromStdString(error));
            }
            continue;
        }
        if (packet->preview()) {
            ignore();  // preview data is for a visualiser, not for live output
            continue;
        }
        const int index = packet->universe - m_config.universe;
        if (index < 0 || static_cast<std::size_t>(index) >= m_e131Seen.size()) {
            ignore();  // another universe: not ours, not an error
            continue;
        }
        // Before the priority check: each source's sequence is followed whether it is winning
        // or not, so a late packet can neither light stale levels nor take over.
        if (!newerInSequence(*packet)) {
            continue;
        }
        const bool sameSource = packet->cid == m_e131Source;
        const bool sourceExpired =
            !m_e131SourceSeen.isValid() || m_e131SourceSeen.elapsed() > kSourceExpiryMs;
        if (!sameSource && !sourceExpired && packet->priority <= m_e131Priority) {
            drop(QStringLiteral("E1.31: outranked by a source of priority %1").arg(m_e131Priority));
            continue;
        }
        if (packet->streamTerminated()) {
            if (sameSource) {
                m_e131SourceSeen.invalidate();
                m_e131Priority = 0;
                // Only E1.31's own lights: a sender leaving must not darken DDP's frames.
                if (m_owner == Protocol::E131) {
                    m_owner = Protocol::None;
                    emit released();
                }
            }
            continue;
        }
        m_e131Source = packet->cid;
        m_e131Priority = packet->priority;
        m_e131SourceSeen.start();
        const auto slice = static_cast<std::size_t>(index) * dmx::kChannelsPerUniverse;
        const std::size_t room = m_frameBytes - std::min(m_frameBytes, slice);
        const std::size_t fits = std::min(room, packet->data.size());
        std::copy_n(packet->data.begin(), fits,
                    m_e131Frame.begin() + static_cast<std::ptrdiff_t>(slice));
        m_counters.clippedBytes += packet->data.size() - fits;
        m_e131Seen[static_cast<std::size_t>(index)] = true;
        // A frame is whole when its last universe arrives.
        if (static_cast<std::size_t>(index) + 1 == m_e131Seen.size()) {
            std::fill(m_e131Seen.begin(), m_e131Seen.end(), false);
            // Assembled either way, so a takeover shows this protocol's current levels.
            if (owns(Protocol::E131)) {
                ++m_counters.frames;
                emit frameReady(m_e131Frame, QStringLiteral("e131"));
            }
        }
    }
}

void FrameReceiver::answerArtPoll(const QNetworkDatagram& poll) {
    ++m_counters.pollsAnswered;
    // The address the poller reached us on; bound to every interface, the first that is not
    // loopback (the spec's IP field is the node's own address, never 0.0.0.0 when it has one).
    QHostAddress own = poll.destinationAddress();
    if (own.isNull() || own.protocol() != QAbstractSocket::IPv4Protocol ||
        own == QHostAddress::AnyIPv4) {
        own = m_artnet.localAddress();
    }
    if (own.isNull() || own == QHostAddress::AnyIPv4 || own == QHostAddress::Any) {
        for (const QHostAddress& address : QNetworkInterface::allAddresses()) {
            if (address.protocol() == QAbstractSocket::IPv4Protocol && !address.isLoopback()) {
                own = address;
                break;
            }
        }
    }
    bool ok = false;
    const quint32 ip = own.toIPv4Address(&ok);
    artnet::PollReply reply;
    if (ok) {
        reply.ip = {static_cast<std::uint8_t>(ip >> 24), static_cast<std::uint8_t>(ip >> 16),
                    static_cast<std::uint8_t>(ip >> 8), static_cast<std::uint8_t>(ip)};
    }
    reply.receiving =
        m_artnetSourceSeen.isValid() && m_artnetSourceSeen.elapsed() <= kSourceExpiryMs;
    reply.shortName = "OSSynapse";
    const std::size_t universes = m_artnetSeen.size();
    reply.longName = "OSSynapse LED daemon: " + std::to_string(m_config.leds) + " LEDs, " +
                     std::to_string(universes) + (universes == 1 ? " universe" : " universes");
    // "#xxxx [yyyy] text": RcPowerOk (0x0001), the count of polls answered (mod 10000).
    char report[artnet::kNodeReportSize];
    std::snprintf(report, sizeof report, "#0001 [%04llu] %llu frames received",
                  static_cast<unsigned long long>(m_counters.pollsAnswered % 10000),
                  static_cast<unsigned long long>(m_counters.frames));
    reply.nodeReport = report;
    for (std::size_t index = 0; index < universes; ++index) {
        reply.portAddress = static_cast<std::uint16_t>(m_config.artnetUniverse + index);
        reply.bindIndex = static_cast<std::uint8_t>(std::min<std::size_t>(index + 1, 255));
        const std::vector<std::uint8_t> bytes = artnet::encodePollReply(reply);
        m_artnet.writeDatagram(reinterpret_cast<const char*>(bytes.data()),
                               static_cast<qint64>(bytes.size()), poll.senderAddress(),
                               static_cast<quint16>(poll.senderPort()));
    }
}

void FrameReceiver::readArtnet() {
    while (m_artnet.hasPendingDatagrams()) {
        const QNetworkDatagram datagram = m_artnet.receiveDatagram(65536);
        ++m_counters.packets;
        const QHostAddress sender = datagram.senderAddress();
        if (!allowed(sender)) {
            drop(QStringLiteral("Art-Net from %1, not on the allow-list").arg(sender.toString()));
            continue;
        }
        if (artnet::decodePoll(bytesOf(datagram.data()))) {
            answerArtPoll(datagram);
            continue;
        }
        std::string error;
        artnet::Refusal refusal = artnet::Refusal::Unusable;
        const auto packet = artnet::decode(bytesOf(datagram.data()), &error, &refusal);
        if (!packet) {
            if (refusal == artnet::Refusal::NotForUs) {
                ignore();
            } else {
                drop(QStringLiteral("Art-Net: ") + QString::fromStdString(error));
            }
            continue;
        }
        const int index = packet->portAddress - m_config.artnetUniverse;
        if (index < 0 || static_cast<std::size_t>(index) >= m_artnetSeen.size()) {
            ignore();  // another port-address: not ours, not an error
            continue;
        }
        const bool sameSource = m_artnetSource.isEqual(sender, QHostAddress::TolerantConversion);
        const bool sourceExpired =
            !m_artnetSourceSeen.isValid() || m_artnetSourceSeen.elapsed() > kSourceExpiryMs;
        if (!sameSource && !sourceExpired) {
            drop(QStringLiteral("Art-Net from %1 while %2 sends to the same universes")
                     .arg(sender.toString(), m_artnetSource.toString()));
            continue;
        }
        if (!sameSource || sourceExpired) {
            // A new stream: its sequence starts anywhere, its frame from nothing.
            m_artnetSource = sender;
            std::fill(m_artnetSequences.begin(), m_artnetSequences.end(), std::uint8_t{0});
            std::fill(m_artnetSeen.begin(), m_artnetSeen.end(), false);
        }
        auto& last = m_artnetSequences[static_cast<std::size_t>(index)];
        if (!artnet::sequenceIsNewer(last, packet->sequence)) {
            drop(QStringLiteral("Art-Net: sequence %1 on port-address %2 is not newer than %3 "
                                "(late or repeated)")
                     .arg(packet->sequence)
                     .arg(packet->portAddress)
                     .arg(last));
            continue;
        }
        last = packet->sequence;
        m_artnetSourceSeen.start();
        const auto slice = static_cast<std::size_t>(index) * dmx::kChannelsPerUniverse;
        const std::size_t room =
            std::min(m_frameBytes - std::min(m_frameBytes, slice), dmx::kChannelsPerUniverse);
        const std::size_t fits = std::min(room, packet->data.size());
        std::copy_n(packet->data.begin(), fits,
                    m_artnetFrame.begin() + static_cast<std::ptrdiff_t>(slice));
        // The even-length padding is not clipped data; levels past the universe's 510 or the
        // strip's end are.
        const std::size_t padding =
            (packet->data.size() == room + 1 && packet->data.back() == 0) ? 1 : 0;
        m_counters.clippedBytes += packet->data.size() - fits - padding;
        m_artnetSeen[static_cast<std::size_t>(index)] = true;
        if (static_cast<std::size_t>(index) + 1 == m_artnetSeen.size()) {
            std::fill(m_artnetSeen.begin(), m_artnetSeen.end(), false);
            if (owns(Protocol::Artnet)) {
                ++m_counters.frames;
                emit frameReady(m_artnetFrame, QStringLiteral("artnet"));
            }
        }
    }
}

}  // namespace ossynapse::hw
