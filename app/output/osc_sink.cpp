// The engine's state as OSC, for visuals software that follows the model (TouchDesigner,
// Resolume, QLC+): one bundle per frame sent, its addresses in app/common/osc_address.h, encoded
// by liblo.
#include <lo/lo.h>

#include <cmath>
#include <cstdlib>
#include <string>

#include "app/common/osc_address.h"
#include "app/output/frame_sink_factory.h"
#include "app/output/udp_sink.h"

namespace ossynapse {
namespace {

// No port is standard for OSC; 9000 is what TouchOSC and many desks default to.
constexpr quint16 kDefaultOscPort = 9000;

// liblo's LO_TT_IMMEDIATE, spelt in C++: the macro is a C compound literal, which clang's
// -Wpedantic flags in C++.
constexpr lo_timetag kImmediate{0U, 1U};

bool isDark(const Frame& frame) {
    for (std::uint8_t byte : frame.rgb) {
        if (byte != 0) {
            return false;
        }
    }
    for (double level : frame.lobeLevel) {
        if (level != 0.0) {
            return false;
        }
    }
    return true;
}

std::vector<std::uint8_t> encodeState(const Frame& frame) {
    lo_bundle bundle = lo_bundle_new(kImmediate);
    const auto add = [bundle](const std::string& path, double value) {
        lo_message message = lo_message_new();
        lo_message_add_float(message, static_cast<float>(value));
        lo_bundle_add_message(bundle, path.c_str(), message);
    };
    const std::string prefix = osc::kPrefix;
    add(prefix + "time", frame.t);
    for (Channel channel : kChannels) {
        const std::string path = prefix + "channel/" + std::string(channelName(channel)) + "/";
        add(path + "rate", frame.channel(channel).rate);
        add(path + "level", frame.channel(channel).level);
    }
    for (std::size_t lobe = 0; lobe < frame.lobeLevel.size(); ++lobe) {
        add(prefix + "lobe/" + std::to_string(lobe) + "/level", frame.lobeLevel[lobe]);
    }
    std::size_t size = 0;
    void* data = lo_bundle_serialise(bundle, nullptr, &size);
    std::vector<std::uint8_t> bytes;
    if (data != nullptr) {
        const auto* begin = static_cast<const std::uint8_t*>(data);
        bytes.assign(begin, begin + size);
        std::free(data);
    }
    lo_bundle_free_recursive(bundle);
    return bytes;
}

class OscStateProtocol final : public UdpProtocol {
  public:
    explicit OscStateProtocol(int rateHz) : m_rateHz(rateHz) {}

    // At ?rate=N, a frame goes out when it is the first in a new 1/N s slot of session time
    // (N a second, whatever the engine's rate, and deterministic), or when the light has just
    // gone off: the last state a follower holds is never a dropped black one.
    std::vector<Datagram> frame(const Frame& frame, const QHostAddress& host) override {
        const bool dark = isDark(frame);
        const double slot = m_rateHz > 0 ? std::floor(frame.t * m_rateHz) : 0.0;
        if (m_rateHz > 0 && m_sentAny && slot == m_lastSlot && !(dark && !m_lastDark)) {
            return {};
        }
        m_sentAny = true;
        m_lastSlot = slot;
        m_lastDark = dark;
        return {{encodeState(frame), host}};
    }

  private:
    int m_rateHz;
    bool m_sentAny = false;
    double m_lastSlot = 0.0;
    bool m_lastDark = true;
};

}  // namespace

SinkKind oscSinkKind() {
    return {QStringLiteral("osc"), QStringLiteral("osc://host[:9000][?rate=N]"),
            QStringLiteral("the engine's state as OSC bundles (per channel rate and level, per "
                           "lobe level; see the README), every frame or N a second, 1-400"),
            [](SinkUri& uri) -> std::unique_ptr<FrameSink> {
                const int rate = uri.number(QStringLiteral("rate"), 0, 1, 400);
                return std::make_unique<UdpSink>(uri, kDefaultOscPort,
                                                 std::make_unique<OscStateProtocol>(rate));
            }};
}

}  // namespace ossynapse
