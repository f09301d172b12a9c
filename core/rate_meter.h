#pragma once

#include <cstdint>
#include <deque>

namespace ossynapse {

// Tokens per second on one channel, measured from event timestamps.
//
// The rate is the tokens that arrived inside the window, divided by the time they took to
// arrive: from the last arrival before the window (the anchor) to the newest arrival. A steady
// stream therefore reads its exact rate at any moment, even when arrivals are sparser than the
// frame rate. Without an anchor (a run that just started, or one after a pause longer than the
// window) the first arrival in the window only marks the start. A lone arrival reads
// tokens / window. Once no token has arrived for the idle timeout the rate is 0.
//
// The reading is piecewise constant in time: it changes only when a token arrives, when an
// arrival leaves the window, or when the idle timeout expires. nextChangeAfter() tells when,
// so that smoothing can integrate it exactly, independent of the frame rate.
class RateMeter {
  public:
    RateMeter(double windowS, double idleTimeoutS);

    void setWindow(double windowS, double idleTimeoutS);

    // Times must not decrease across add() and rate() calls.
    void add(double t, int tokens);
    double rate(double t);
    // Earliest time after t at which rate() can change without a new arrival; +inf if never.
    double nextChangeAfter(double t) const;
    bool idle(double t) const;
    void reset();

  private:
    struct Arrival {
        double t;
        int tokens;
    };
    void prune(double t);

    double m_windowS;
    double m_idleTimeoutS;
    std::deque<Arrival> m_arrivals;  // at most one arrival before the window, then the window
    std::int64_t m_tokens = 0;       // sum over m_arrivals
};

}  // namespace ossynapse
