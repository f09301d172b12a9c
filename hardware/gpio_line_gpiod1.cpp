// GpioLine on libgpiod 1.6 (the C++ binding's v1 API).
#include <gpiod.hpp>
#include <stdexcept>

#include "hardware/gpio_line.h"

namespace ossynapse::hw {
namespace {

class Gpiod1Line : public GpioLine {
  public:
    Gpiod1Line(const std::string& chipName, unsigned offset, const std::string& consumer)
        : m_chip(chipName, gpiod::chip::OPEN_LOOKUP), m_line(m_chip.get_line(offset)) {
        m_line.request({consumer, gpiod::line_request::DIRECTION_OUTPUT, 0}, 0);
    }
    ~Gpiod1Line() override {
        try {
            m_line.set_value(0);
            m_line.release();
        } catch (...) {
            // Closing the chip releases the line in any case.
        }
    }
    void set(bool high) override { m_line.set_value(high ? 1 : 0); }

  private:
    gpiod::chip m_chip;
    gpiod::line m_line;
};

}  // namespace

std::unique_ptr<GpioLine> openGpioLine(const std::string& chip,
                                       unsigned offset,
                                       const std::string& consumer) {
    try {
        return std::make_unique<Gpiod1Line>(chip, offset, consumer);
    } catch (const std::exception& error) {
        throw std::runtime_error("cannot drive GPIO line " + std::to_string(offset) + " of " +
                                 chip + ": " + error.what());
    }
}

}  // namespace ossynapse::hw
