#include "hardware/pwm2_output.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace ossynapse::hw {

PwmTiming pwmTiming(double duty, double hz) {
    const auto period = static_cast<long>(std::llround(1e9 / hz));
    const auto high =
        static_cast<long>(std::llround(std::clamp(duty, 0.0, 1.0) * static_cast<double>(period)));
    return {high, period - high};
}

Pwm2Output::Pwm2Output(std::unique_ptr<GpioLine> a, std::unique_ptr<GpioLine> b, double hz)
    : m_lines{std::move(a), std::move(b)}, m_hz(hz), m_duty{0.0, 0.0} {
    m_lines[0]->set(false);
    m_lines[1]->set(false);
    m_thread = std::thread([this] { run(); });
}

Pwm2Output::~Pwm2Output() {
    m_stop = true;
    m_thread.join();
    m_lines[0]->set(false);
    m_lines[1]->set(false);
}

void Pwm2Output::apply(const OutputFrame& frame) {
    m_duty[0] = frame.wireDuty[0] / 65535.0;
    m_duty[1] = frame.wireDuty[1] / 65535.0;
}

void Pwm2Output::allOff(double /*t*/) {
    m_duty[0] = 0.0;
    m_duty[1] = 0.0;
}

// Both wires share one period: each goes high at its start and low after its own duty.
void Pwm2Output::run() {
    using Clock = std::chrono::steady_clock;
    while (!m_stop) {
        const double duties[2] = {m_duty[0].load(), m_duty[1].load()};
        if (duties[0] <= 0.0 && duties[1] <= 0.0) {
            m_lines[0]->set(false);
            m_lines[1]->set(false);
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
            continue;
        }
        const auto start = Clock::now();
        const PwmTiming timing[2] = {pwmTiming(duties[0], m_hz), pwmTiming(duties[1], m_hz)};
        const int first = timing[0].highNs <= timing[1].highNs ? 0 : 1;
        const int second = 1 - first;
        m_lines[0]->set(timing[0].highNs > 0);
        m_lines[1]->set(timing[1].highNs > 0);
        std::this_thread::sleep_until(start + std::chrono::nanoseconds(timing[first].highNs));
        m_lines[first]->set(timing[first].lowNs == 0);
        std::this_thread::sleep_until(start + std::chrono::nanoseconds(timing[second].highNs));
        m_lines[second]->set(timing[second].lowNs == 0);
        std::this_thread::sleep_until(start +
                                      std::chrono::nanoseconds(timing[0].highNs + timing[0].lowNs));
    }
}

}  // namespace ossynapse::hw
