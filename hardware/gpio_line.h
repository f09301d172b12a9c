#pragma once

#include <memory>
#include <string>

namespace ossynapse::hw {

// One output GPIO line. Kept this small so that libgpiod's v1 API (Debian 12, Raspberry Pi OS
// bookworm) sits behind it today and a v2 implementation can be added beside it.
class GpioLine {
  public:
    virtual ~GpioLine() = default;
    virtual void set(bool high) = 0;
};

// Requests `offset` on `chip` (e.g. "gpiochip0") as an output driven low, through libgpiod.
std::unique_ptr<GpioLine> openGpioLine(const std::string& chip,
                                       unsigned offset,
                                       const std::string& consumer);

}  // namespace ossynapse::hw
