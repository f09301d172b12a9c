#pragma once

#include <chrono>

namespace ossynapse {

// One monotonic clock per live session. Everything of the session counts seconds from its
// start: the tokens the stream decodes, the telemetry and control changes recorded beside
// them, and the engine's live position, so a token stamped t lights at t whatever thread was
// busy when it arrived. Copies share the start.
class LiveClock {
  public:
    using Clock = std::chrono::steady_clock;

    LiveClock() : m_start(Clock::now()) {}
    explicit LiveClock(Clock::time_point start) : m_start(start) {}

    Clock::time_point start() const { return m_start; }
    // Seconds since the start.
    double now() const { return std::chrono::duration<double>(Clock::now() - m_start).count(); }

  private:
    Clock::time_point m_start;
};

}  // namespace ossynapse
