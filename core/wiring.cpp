#include "core/wiring.h"

#include <algorithm>

namespace ossynapse {

bool wireIndex(Wire wire, std::size_t& index) {
    switch (wire) {
        case Wire::A:
            index = 0;
            return true;
        case Wire::B:
            index = 1;
            return true;
        case Wire::None:
            break;
    }
    return false;
}

WireLeds wireLeds(const Rig& rig) {
    WireLeds wires;
    for (const Lobe& lobe : rig.lobes) {
        std::size_t wire = 0;
        if (!wireIndex(wireOf(lobe), wire)) {
            continue;
        }
        for (const Led& led : lobe.leds) {
            wires.strips[wire].push_back(static_cast<std::size_t>(led.strip));
        }
    }
    return wires;
}

WireDuties wireDutiesFromLeds(const std::vector<std::uint8_t>& rgb, const WireLeds& wires) {
    WireDuties duties{};
    for (std::size_t wire = 0; wire < kWireCount; ++wire) {
        std::uint8_t brightest = 0;
        for (std::size_t strip : wires.strips[wire]) {
            if (3 * strip + 2 < rgb.size()) {
                brightest =
                    std::max({brightest, rgb[3 * strip], rgb[3 * strip + 1], rgb[3 * strip + 2]});
            }
        }
        duties[wire] = static_cast<std::uint16_t>(brightest * 257);
    }
    return duties;
}

}  // namespace ossynapse
