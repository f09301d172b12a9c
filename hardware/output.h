#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/wiring.h"

namespace ossynapse::hw {

// What every output is handed: the LED bytes (RGB, strip order) as received, and the duty of
// each of the rig's two wires (core/wiring.h), which the PWM outputs drive.
struct OutputFrame {
    std::vector<std::uint8_t> rgb;
    double t = 0.0;         // seconds since the daemon started
    std::string source;     // "ddp", "e131", ...
    WireDuties wireDuty{};  // 0..65535, wire A then wire B
};

// One way of making light. apply() shows a frame; allOff() turns everything off (PWM stopped,
// pins low) and must be safe to call at any time, also repeatedly and from a signal path. Its
// `t` is the time of the off, on the clock of OutputFrame::t: a trace shows when it happened.
class Output {
  public:
    virtual ~Output() = default;
    virtual std::string name() const = 0;
    virtual void apply(const OutputFrame& frame) = 0;
    virtual void allOff(double t) = 0;
};

// Builds an output from its command-line form: "trace:FILE" or "trace:FILE,max_mb=N" (N whole,
// 1 to 4096 MiB, default 64: see TraceOutput), "pwm2:a=21,b=13,hz=800,chip=gpiochip0",
// "ws2812:/dev/spidev0.0". Throws std::runtime_error with a message naming what is wrong.
std::unique_ptr<Output> makeOutput(const std::string& spec);
// Refuses what makeOutput would refuse in the spec itself (kind, options, ranges), opening
// nothing; throws std::runtime_error as makeOutput does.
void checkOutputSpec(const std::string& spec);

}  // namespace ossynapse::hw
