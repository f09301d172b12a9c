// E1.31 (sACN, ANSI E1.31-2018) unicast or multicast, 170 RGB LEDs per universe.
#include <QCryptographicHash>
#include <QSysInfo>
#include <algorithm>
#include <span>

#include "app/output/frame_sink_factory.h"
#include "app/output/udp_sink.h"
#include "core/dmx_universe.h"
#include "core/e131.h"

namespace ossynapse {
namespace {

class E131Protocol final : public UdpProtocol {
  public:
    E131Protocol(std::uint16_t universe, std::uint8_t priority)
        : m_universe(universe), m_priority(priority) {
        // A stable CID: the same machine always speaks as the same E1.31 source.
        const QByteArray hash = QCryptographicHash::hash(
            QSysInfo::machineUniqueId() + "ossynapse-e131", QCryptographicHash::Md5);
        std::copy_n(reinterpret_cast<const std::uint8_t*>(hash.constData()), m_cid.size(),
                    m_cid.begin());
    }

    std::vector<Datagram> frame(const Frame& frame, const QHostAddress& host) override {
        const std::span<const std::uint8_t> rgb(frame.rgb);
        ++m_sequence;
        m_universes = dmx::universesFor(rgb.size());
        std::vector<Datagram> datagrams;
        for (std::size_t u = 0; u < m_universes; ++u) {
            const auto universe = static_cast<std::uint16_t>(m_universe + u);
            datagrams.push_back(
                {packet(dmx::universeSlice(rgb, u), universe, 0), destination(host, universe)});
        }
        return datagrams;
    }

    // E1.31 §6.2.6: three packets with the stream-terminated option, on every universe used.
    std::vector<Datagram> end(const QHostAddress& host) override {
        std::vector<Datagram> datagrams;
        for (int repeat = 0; repeat < 3; ++repeat) {
            ++m_sequence;
            for (std::size_t u = 0; u < m_universes; ++u) {
                const auto universe = static_cast<std::uint16_t>(m_universe + u);
                datagrams.push_back({packet({}, universe, e131::kOptionStreamTerminated),
                                     destination(host, universe)});
            }
        }
        return datagrams;
    }

  private:
    // Multicast sends each universe to its own group (239.255.hi.lo); unicast to the host.
    static QHostAddress destination(const QHostAddress& host, std::uint16_t universe) {
        return host.isMulticast()
                   ? QHostAddress(QString::fromStdString(e131::multicastGroup(universe)))
                   : host;
    }

    std::vector<std::uint8_t> packet(std::span<const std::uint8_t> data,
                                     std::uint16_t universe,
                                     std::uint8_t options) {
        e131::Packet packet;
        packet.cid = m_cid;
        packet.sourceName = "OSSynapse Studio";
        packet.priority = m_priority;
        packet.sequence = m_sequence;
        packet.options = options;
        packet.universe = universe;
        packet.data.assign(data.begin(), data.end());
        return e131::encode(packet);
    }

    std::uint16_t m_universe;
    std::uint8_t m_priority;
    std::uint8_t m_sequence = 0;
    std::size_t m_universes = 1;  // universes the last frame spanned, all released at the end
    e131::Cid m_cid{};
};

}  // namespace

SinkKind e131SinkKind() {
    return {QStringLiteral("e131"), QStringLiteral("e131://host[:5568][?universe=N&priority=P]"),
            QStringLiteral("E1.31/sACN from universe N (default 1), priority 0-200 (default "
                           "100); a 239.255.x.x host is multicast, to universe x.x unless named"),
            [](SinkUri& uri) -> std::unique_ptr<FrameSink> {
                int universe = uri.number(QStringLiteral("universe"), 1, 1, 63999);
                const int priority =
                    uri.number(QStringLiteral("priority"), e131::kDefaultPriority, 0, 200);
                const QHostAddress address(uri.host());
                if (address.isMulticast() && !uri.has(QStringLiteral("universe"))) {
                    universe = static_cast<int>(address.toIPv4Address() & 0xFFFF);
                }
                return std::make_unique<UdpSink>(
                    uri, e131::kPort,
                    std::make_unique<E131Protocol>(static_cast<std::uint16_t>(universe),
                                                   static_cast<std::uint8_t>(priority)));
            }};
}

}  // namespace ossynapse
