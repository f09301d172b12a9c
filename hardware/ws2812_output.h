#pragma once

#include "hardware/coalescing_slot.h"
#include "hardware/output.h"

namespace ossynapse::hw {

// A WS2812 strip on an SPI bus (spidev, 2.4 MHz, mode 0), written through a coalescing slot.
// Given a plain file instead of a device, it writes the SPI bytes there (tests, debugging).
class Ws2812Output : public Output {
  public:
    explicit Ws2812Output(const std::string& device);
    ~Ws2812Output() override;
    std::string name() const override { return "ws2812:" + m_device; }
    void apply(const OutputFrame& frame) override;
    void allOff(double t) override;

  private:
    void write(const OutputFrame& frame);

    std::string m_device;
    int m_fd = -1;
    std::size_t m_leds = 0;
    CoalescingSlot m_slot;
};

}  // namespace ossynapse::hw
