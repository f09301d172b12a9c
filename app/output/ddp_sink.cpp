// DDP (Distributed Display Protocol) to WLED, xLights, FPP, LedFx or ossynapsed.
#include <span>

#include "app/output/frame_sink_factory.h"
#include "app/output/udp_sink.h"
#include "core/ddp.h"

namespace ossynapse {
namespace {

class DdpProtocol final : public UdpProtocol {
  public:
    std::vector<Datagram> frame(const Frame& frame, const QHostAddress& host) override {
        const std::span<const std::uint8_t> rgb(frame.rgb);
        m_sequence = ddp::nextSequence(m_sequence);
        std::vector<Datagram> datagrams;
        for (auto& packet : ddp::encodeFrame(rgb, m_sequence)) {
            datagrams.push_back({std::move(packet), host});
        }
        return datagrams;
    }

  private:
    std::uint8_t m_sequence = 0;
};

}  // namespace

SinkKind ddpSinkKind() {
    return {QStringLiteral("ddp"), QStringLiteral("ddp://host[:4048]"),
            QStringLiteral("DDP, as WLED, xLights, FPP, LedFx and ossynapsed receive it"),
            [](SinkUri& uri) -> std::unique_ptr<FrameSink> {
                return std::make_unique<UdpSink>(uri, ddp::kPort, std::make_unique<DdpProtocol>());
            }};
}

}  // namespace ossynapse
