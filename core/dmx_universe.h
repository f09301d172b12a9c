#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace ossynapse::dmx {

// How an LED frame is spread over DMX universes, for every DMX-over-IP protocol (E1.31,
// Art-Net): 510 channels (170 RGB pixels) per universe, so no pixel straddles two, as WLED,
// xLights and FPP lay them out. The 512th and 511th channels stay unused.
inline constexpr std::size_t kChannelsPerUniverse = 510;

// How many universes a frame of `bytes` RGB bytes takes (at least one).
std::size_t universesFor(std::size_t bytes);
// Universe `index`'s share of a frame: channels [index*510, index*510+510), cut to the frame.
std::span<const std::uint8_t> universeSlice(std::span<const std::uint8_t> rgb, std::size_t index);

}  // namespace ossynapse::dmx
