#pragma once

#include <atomic>
#include <memory>
#include <thread>

#include "hardware/gpio_line.h"
#include "hardware/output.h"

namespace ossynapse::hw {

// The seed's wiring: two GPIO lines, wire A (reasoning, red) on BOARD pin 40 = BCM 21 and wire B
// (completion, white) on BOARD pin 33 = BCM 13, driven by software PWM at the frame's wire
// duties (the rig's wiring, core/wiring.h). At duty 0 the PWM stops and the pin is held LOW (no
// idle flicker).
struct PwmTiming {
    long highNs;
    long lowNs;
};
// One PWM period at `hz` for a duty in [0, 1].
PwmTiming pwmTiming(double duty, double hz);

class Pwm2Output : public Output {
  public:
    Pwm2Output(std::unique_ptr<GpioLine> a, std::unique_ptr<GpioLine> b, double hz);
    ~Pwm2Output() override;
    std::string name() const override { return "pwm2"; }
    void apply(const OutputFrame& frame) override;
    void allOff(double t) override;

    double dutyA() const { return m_duty[0].load(); }
    double dutyB() const { return m_duty[1].load(); }

  private:
    void run();

    std::unique_ptr<GpioLine> m_lines[2];
    double m_hz;
    std::atomic<double> m_duty[2];
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

}  // namespace ossynapse::hw
