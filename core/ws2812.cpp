#include "core/ws2812.h"

namespace ossynapse::ws2812 {
namespace {

// The 24 SPI bits of one colour byte, most significant first.
std::uint32_t expand(std::uint8_t value) {
    std::uint32_t bits = 0;
    for (int bit = 7; bit >= 0; --bit) {
        bits = (bits << 3) | (((value >> bit) & 1) != 0 ? 0b110u : 0b100u);
    }
    return bits;
}

}  // namespace

std::vector<std::uint8_t> encode(std::span<const std::uint8_t> rgb) {
    std::vector<std::uint8_t> out;
    out.reserve(rgb.size() * 3 + kResetBytes);
    for (std::size_t led = 0; led + 2 < rgb.size(); led += 3) {
        for (std::uint8_t colour : {rgb[led + 1], rgb[led], rgb[led + 2]}) {  // GRB on the wire
            const std::uint32_t bits = expand(colour);
            out.push_back(static_cast<std::uint8_t>(bits >> 16));
            out.push_back(static_cast<std::uint8_t>(bits >> 8));
            out.push_back(static_cast<std::uint8_t>(bits));
        }
    }
    out.insert(out.end(), kResetBytes, 0);
    return out;
}

}  // namespace ossynapse::ws2812
