#pragma once

#include <array>
#include <cstdint>

namespace ossynapse {

// Maps a linear value 0..1 to gamma-corrected 8-bit output through a table, so that a frame of
// hundreds of LEDs costs no pow() per LED.
class GammaTable {
  public:
    explicit GammaTable(double gamma = 2.2);

    double gamma() const { return m_gamma; }
    std::uint8_t toByte(double linear) const;
    // Full-precision duty for PWM outputs, 0..65535.
    std::uint16_t toDuty16(double linear) const;

  private:
    static constexpr int kSteps = 4096;
    double m_gamma;
    std::array<std::uint8_t, kSteps + 1> m_bytes{};
};

}  // namespace ossynapse
