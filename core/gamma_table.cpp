#include "core/gamma_table.h"

#include <algorithm>
#include <cmath>

#include "core/det_math.h"

namespace ossynapse {

GammaTable::GammaTable(double gamma) : m_gamma(gamma) {
    for (int i = 0; i <= kSteps; ++i) {
        const double corrected = det::pow(static_cast<double>(i) / kSteps, gamma);
        m_bytes[static_cast<std::size_t>(i)] =
            static_cast<std::uint8_t>(std::lround(corrected * 255.0));
    }
}

std::uint8_t GammaTable::toByte(double linear) const {
    const double clamped = std::clamp(linear, 0.0, 1.0);
    return m_bytes[static_cast<std::size_t>(std::lround(clamped * kSteps))];
}

std::uint16_t GammaTable::toDuty16(double linear) const {
    const double clamped = std::clamp(linear, 0.0, 1.0);
    return static_cast<std::uint16_t>(std::lround(det::pow(clamped, m_gamma) * 65535.0));
}

}  // namespace ossynapse
