#pragma once

#include <string>

#include "hardware/output.h"
#include "hardware/pwm2_output.h"

namespace ossynapse::hw {

// The seed's two wires on hardware PWM channels through sysfs (/sys/class/pwm/pwmchipN/pwmM):
// no CPU time and no jitter. Wires and duties as pwm2; at duty 0 the channel is disabled.
class SysfsPwmOutput : public Output {
  public:
    // `root` is /sys/class/pwm on a Pi; tests point it at a folder of their own.
    SysfsPwmOutput(std::string root, int chip, int channelA, int channelB, double hz);
    ~SysfsPwmOutput() override;
    std::string name() const override { return "sysfs-pwm"; }
    void apply(const OutputFrame& frame) override;
    void allOff(double t) override;

  private:
    void setDuty(int wire, double duty);
    std::string channelPath(int channel) const;

    std::string m_chipPath;
    int m_channels[2];
    long m_periodNs;
    bool m_enabled[2] = {false, false};
};

}  // namespace ossynapse::hw
