#include "core/dmx_universe.h"

#include <algorithm>

namespace ossynapse::dmx {

std::size_t universesFor(std::size_t bytes) {
    return bytes == 0 ? 1 : (bytes + kChannelsPerUniverse - 1) / kChannelsPerUniverse;
}

std::span<const std::uint8_t> universeSlice(std::span<const std::uint8_t> rgb, std::size_t index) {
    const std::size_t begin = std::min(rgb.size(), index * kChannelsPerUniverse);
    const std::size_t end = std::min(rgb.size(), begin + kChannelsPerUniverse);
    return rgb.subspan(begin, end - begin);
}

}  // namespace ossynapse::dmx
