#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>

namespace ossynapse {

struct Parameters;

// Tokens per second on one channel, and whether the channel is idle, measured from event
// timestamps.
//
// Arrivals. An arrival is one event: its tokens arrive together, so a chunk of several tokens
// is one arrival and the interval that matters for the light is the time between arrivals.
// Arrivals at the same instant are one arrival.
//
// Idle. A channel is idle once no token has arrived for its idle horizon
//     horizon = max(idle_timeout_s, idle_gap_factor x recent interval),
// where the recent interval is the mean time between the last kRecentGaps + 1 arrivals of the
// current run. A fast stream therefore still goes dark idle_timeout_s (100 ms) after its last
// token, while a 5 tokens/s stream (an arrival every 200 ms) holds its light for 600 ms and so
// glows steadily between tokens. The first arrival of a run has no interval yet: it lights for
// idle_timeout_s only, so the slowest stream blinks once, at its start.
//
// Runs and the window. The rate is measured over the span
//     span = max(rate_window_s, horizon),
// so that a channel that is not idle always has its newest arrival inside the window: the
// reading is 0 exactly when the channel is idle. An arrival that comes more than one span
// after the previous one ends the run (a pause, not a slow stream): what came before neither
// anchors the rate nor counts towards the interval. So streams down to one arrival per
// rate_window_s (1 s by default) are recognised from their second arrival, and once recognised
// a stream is followed however slow it gets, as long as no gap exceeds its span (a gap longer
// than its horizon still turns the light off meanwhile).
//
// Rate. The rate is the tokens that arrived inside the span, divided by the time they took to
// arrive: from the last arrival before the span (the anchor) to the newest arrival. A steady
// stream of R tokens/s therefore reads exactly R at any moment, even when arrivals are sparser
// than the frame rate. Without an anchor (a run that just started) the first arrival only marks
// the start; a lone arrival reads tokens / span.
//
// The reading is piecewise constant in time: it changes only when a token arrives, when an
// arrival leaves the span, or when the horizon expires. The interval, horizon and span change
// only when a token arrives (or the configuration changes). nextChangeAfter() tells when the
// reading can next change, so that smoothing can integrate it exactly, independent of the
// frame rate.
class RateMeter {
  public:
    // The mean of this many recent intervals is "the recent interval": enough to ride out a
    // network delivering tokens in pairs, few enough to follow a stream that slows down.
    static constexpr std::size_t kRecentGaps = 4;

    RateMeter(double windowS, double idleTimeoutS, double idleGapFactor);
    // rate_window_s, idle_timeout_s and idle_gap_factor of `parameters`.
    explicit RateMeter(const Parameters& parameters);

    // Takes effect at once, arrivals so far kept; a larger span does not bring back arrivals
    // that already left the window.
    void configure(double windowS, double idleTimeoutS, double idleGapFactor);
    void configure(const Parameters& parameters);

    // Times must not decrease across add() and rate() calls.
    void add(double t, int tokens);
    double rate(double t);
    // Earliest time after t at which rate() can change without a new arrival; +inf if never.
    double nextChangeAfter(double t) const;
    bool idle(double t) const;
    // When the channel goes (or went) idle without a new arrival; -inf before any arrival.
    double idleAt() const;
    // The current horizon and span in seconds (see above).
    double horizon() const { return m_horizonS; }
    double span() const { return m_spanS; }
    void reset();

  private:
    struct Arrival {
        double t;
        int tokens;
    };
    void prune(double t);
    void updateHorizon();

    double m_windowS;
    double m_idleTimeoutS;
    double m_idleGapFactor;
    double m_horizonS;
    double m_spanS;
    std::deque<Arrival> m_arrivals;  // this run: at most one arrival before the span, then the span
    std::int64_t m_tokens = 0;       // sum over m_arrivals
    std::array<double, kRecentGaps> m_gaps{};  // ring of this run's latest intervals
    std::size_t m_gapCount = 0;                // how many of m_gaps are filled
    std::size_t m_nextGap = 0;
};

}  // namespace ossynapse
