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

double wireDuty(const std::vector<std::uint8_t>& rgb, LedRange range) {
    const std::size_t leds = rgb.size() / 3;
    const std::size_t end = range.end == 0 ? leds : std::min(range.end, leds);
    std::uint8_t brightest = 0;
    for (std::size_t led = range.begin; led < end; ++led) {
        brightest = std::max({brightest, rgb[3 * led], rgb[3 * led + 1], rgb[3 * led + 2]});
    }
    return brightest / 255.0;
}

Pwm2Output::Pwm2Output(std::unique_ptr<GpioLine> a,
                       std::unique_ptr<GpioLine> b,
                       double hz,
                       LedRange aLeds,
                       LedRange bLeds)
    : m_lines{std::move(a), std::move(b)}, m_hz(hz), m_ranges{aLeds, bLeds}, m_duty{0.0, 0.0} {
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
    const std::size_t leds = frame.rgb.size() / 3;
    const LedRange a =
        m_ranges[0].end == 0 && m_ranges[1].begin == 0 ? LedRange{0, leds / 2} : m_ranges[0];
    const LedRange b =
        m_ranges[0].end == 0 && m_ranges[1].begin == 0 ? LedRange{leds / 2, 0} : m_ranges[1];
    m_duty[0] = wireDuty(frame.rgb, a);
    m_duty[1] = wireDuty(frame.rgb, b);
}

void Pwm2Output::allOff() {
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
