// Art-Net 4 ArtDmx, unicast (or to a broadcast address the user names), 170 RGB LEDs per
// port-address.
#include <algorithm>
#include <span>

#include "app/output/frame_sink_factory.h"
#include "app/output/udp_sink.h"
#include "core/artnet.h"
#include "core/dmx_universe.h"

namespace ossynapse {
namespace {

class ArtnetProtocol final : public UdpProtocol {
  public:
    explicit ArtnetProtocol(std::uint16_t portAddress) : m_portAddress(portAddress) {}

    // One sequence number per frame, shared by its universes: a receiver that follows the
    // sequence per port-address sees each universe count up by one.
    std::vector<Datagram> frame(const Frame& frame, const QHostAddress& host) override {
        const std::span<const std::uint8_t> rgb(frame.rgb);
        m_sequence = artnet::nextSequence(m_sequence);
        std::vector<Datagram> datagrams;
        // A frame that would run past port-address 32767 is cut there, not wrapped to 0.
        const std::size_t universes = std::min<std::size_t>(
            dmx::universesFor(rgb.size()), artnet::kMaxPortAddress - m_portAddress + 1u);
        for (std::size_t u = 0; u < universes; ++u) {
            artnet::Dmx packet;
            packet.sequence = m_sequence;
            packet.portAddress = static_cast<std::uint16_t>(m_portAddress + u);
            const auto slice = dmx::universeSlice(rgb, u);
            packet.data.assign(slice.begin(), slice.end());
            datagrams.push_back({artnet::encode(packet), host});
        }
        return datagrams;
    }
    // Art-Net has no end-of-stream packet: the black frame UdpSink sends before it stops is
    // what a receiver holds (receivers keep the last levels they got).

  private:
    std::uint16_t m_portAddress;
    std::uint8_t m_sequence = 0;
};

}  // namespace

SinkKind artnetSinkKind() {
    return {QStringLiteral("artnet"), QStringLiteral("artnet://host[:6454][?universe=N]"),
            QStringLiteral("Art-Net (ArtDmx) from port-address N, 0-32767 (default 0: Net 0, "
                           "Sub-Net 0, Universe 0); a frame past 170 LEDs goes on N+1, ..."),
            [](SinkUri& uri) -> std::unique_ptr<FrameSink> {
                const int universe =
                    uri.number(QStringLiteral("universe"), 0, 0, artnet::kMaxPortAddress);
                return std::make_unique<UdpSink>(
                    uri, artnet::kPort,
                    std::make_unique<ArtnetProtocol>(static_cast<std::uint16_t>(universe)));
            }};
}

}  // namespace ossynapse
