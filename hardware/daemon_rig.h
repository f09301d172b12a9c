#pragma once

#include "core/rig.h"
#include "hardware/daemon_config.h"

namespace ossynapse::hw {

// The rig the daemon's wire outputs follow: the file named by `config.rig`, or the default
// skull. Throws std::runtime_error naming the file and what is wrong, and when a PWM output
// (pwm2, sysfs-pwm) would drive wires from a rig whose LED count is not the frame's (`leds`):
// the wires would follow LEDs that are not there.
Rig loadDaemonRig(const DaemonConfig& config);

}  // namespace ossynapse::hw
