#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "core/patterns.h"
#include "core/token_event.h"

namespace ossynapse {

struct ChannelReading {
    double rate = 0.0;          // measured tokens/s
    double smoothedRate = 0.0;  // after the channel's EWMA
    double level = 0.0;         // intensity of the smoothed rate, 0..1
    Pattern pattern = Pattern::Off;
    double duty = 0.0;  // patterned output 0..1, before master brightness and gamma
};

// One engine tick: everything a sink needs.
struct Frame {
    double t = 0.0;
    std::array<ChannelReading, kChannelCount> channels{};
    double burstAccent = 0.0;
    // The seed's two-wire skull: duty of wire A and wire B after master brightness and gamma,
    // 0..65535, by the rig's wiring (the rule in core/wiring.h).
    std::array<std::uint16_t, 2> wireDuty{};
    // One RGB triple per LED, in strip order, after master brightness and gamma.
    std::vector<std::uint8_t> rgb;
    // Per lobe of the rig, in rig order: its linear light 0..1 after master brightness, before
    // gamma and the lobe's colour (what an OSC follower scales its own visuals by).
    std::vector<double> lobeLevel;

    const ChannelReading& channel(Channel c) const { return channels[index(c)]; }
};

}  // namespace ossynapse
