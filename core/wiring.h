#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/rig.h"

namespace ossynapse {

// The two-wire skull's duties (seed 000: wire A reasoning on BCM 21, wire B completion on
// BCM 13), one rule for every place that drives or shows the wires: the engine, the studio's
// two-wire view, and the daemon's pwm2, sysfs-pwm and trace outputs.
//
// The rule: a wire is as bright as the brightest LED hanging on it, an LED as bright as its
// brightest colour byte. Lobes choose their wire in the rig (wireOf); a lobe on no wire and an
// LED beyond the frame count for nothing.

inline constexpr std::size_t kWireCount = 2;  // index 0 = wire A, 1 = wire B

// Duty of each wire, 0 (off) .. 65535 (always on), after master brightness and gamma.
using WireDuties = std::array<std::uint16_t, kWireCount>;

// Strip indices of the LEDs on each wire, from the rig's lobes.
struct WireLeds {
    std::array<std::vector<std::size_t>, kWireCount> strips;
};
WireLeds wireLeds(const Rig& rig);

// The duties from a frame's LED bytes (RGB, 3 bytes an LED, strip order), as a receiver of DDP
// or E1.31 sees them: the brightest byte b on a wire gives b * 257, so 255 is 65535.
WireDuties wireDutiesFromLeds(const std::vector<std::uint8_t>& rgb, const WireLeds& wires);

// Wire index (0 = A, 1 = B) of a lobe on a wire; false for a lobe on none.
bool wireIndex(Wire wire, std::size_t& index);

}  // namespace ossynapse
