#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace ossynapse::ws2812 {

// A WS2812 strip driven by SPI at 2.4 MHz: each data bit becomes three SPI bits, 1 -> 110 and
// 0 -> 100 (a 417 ns slot each), colours go out G, R, B, and a run of zero bytes latches.
inline constexpr std::uint32_t kSpiHz = 2'400'000;
inline constexpr std::size_t kResetBytes = 30;  // 100 us low, twice the 50 us the LEDs need

// RGB triples in, the SPI transfer out (3 bytes per colour byte, then the reset).
std::vector<std::uint8_t> encode(std::span<const std::uint8_t> rgb);

}  // namespace ossynapse::ws2812
