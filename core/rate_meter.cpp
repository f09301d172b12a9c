#include "core/rate_meter.h"

#include <algorithm>
#include <limits>

#include "core/parameters.h"

namespace ossynapse {

RateMeter::RateMeter(double windowS, double idleTimeoutS, double idleGapFactor) {
    configure(windowS, idleTimeoutS, idleGapFactor);
}

RateMeter::RateMeter(const Parameters& parameters) {
    configure(parameters);
}

void RateMeter::configure(double windowS, double idleTimeoutS, double idleGapFactor) {
    m_windowS = windowS;
    m_idleTimeoutS = idleTimeoutS;
    m_idleGapFactor = idleGapFactor;
    updateHorizon();
}

void RateMeter::configure(const Parameters& parameters) {
    configure(parameters.rateWindowS, parameters.idleTimeoutS, parameters.idleGapFactor);
}

void RateMeter::updateHorizon() {
    m_horizonS = m_idleTimeoutS;
    if (m_gapCount > 0) {
        double sum = 0.0;
        for (std::size_t i = 0; i < m_gapCount; ++i) {
            sum += m_gaps[i];
        }
        m_horizonS =
            std::max(m_idleTimeoutS, m_idleGapFactor * (sum / static_cast<double>(m_gapCount)));
    }
    m_spanS = std::max(m_windowS, m_horizonS);
}

void RateMeter::add(double t, int tokens) {
    if (!m_arrivals.empty()) {
        const double gap = t - m_arrivals.back().t;
        if (gap <= 0.0) {
            m_arrivals.back().tokens += tokens;  // the same instant: one arrival
            m_tokens += tokens;
            return;
        }
        if (gap > m_spanS) {
            // A pause: a new run starts here.
            m_arrivals.clear();
            m_tokens = 0;
            m_gapCount = 0;
            m_nextGap = 0;
        } else {
            prune(t);  // with the span in force until now, as a read at t would have
            m_gaps[m_nextGap] = gap;
            m_nextGap = (m_nextGap + 1) % kRecentGaps;
            m_gapCount = std::min(m_gapCount + 1, kRecentGaps);
        }
        updateHorizon();
        // A shorter span may have moved older arrivals out of it.
        prune(t);
    }
    m_arrivals.push_back({t, tokens});
    m_tokens += tokens;
}

bool RateMeter::idle(double t) const {
    return m_arrivals.empty() || t >= m_arrivals.back().t + m_horizonS;
}

double RateMeter::idleAt() const {
    return m_arrivals.empty() ? -std::numeric_limits<double>::infinity()
                              : m_arrivals.back().t + m_horizonS;
}

// An arrival is inside the span at time t while arrival.t + span > t; one arrival before it
// stays as the anchor. The same test is used by nextChangeAfter(), so both agree to the last
// bit.
void RateMeter::prune(double t) {
    while (m_arrivals.size() >= 2 && m_arrivals[1].t + m_spanS <= t) {
        m_tokens -= m_arrivals.front().tokens;
        m_arrivals.pop_front();
    }
}

double RateMeter::rate(double t) {
    prune(t);
    if (idle(t)) {
        return 0.0;
    }
    // Not idle: the newest arrival is inside the span (horizon <= span).
    const Arrival& newest = m_arrivals.back();
    const Arrival& oldest = m_arrivals.front();
    if (m_arrivals.size() == 1) {
        return static_cast<double>(m_tokens) / m_spanS;
    }
    // The oldest arrival is either the anchor (before the span) or the run's first arrival
    // (inside it); either way it only marks the start.
    return static_cast<double>(m_tokens - oldest.tokens) / (newest.t - oldest.t);
}

double RateMeter::nextChangeAfter(double t) const {
    double next = std::numeric_limits<double>::infinity();
    if (idle(t)) {
        return next;  // 0 until the next arrival, whatever leaves the span meanwhile
    }
    next = m_arrivals.back().t + m_horizonS;
    // The anchor goes when the arrival after it leaves the span.
    for (std::size_t i = 1; i < m_arrivals.size(); ++i) {
        const double leaves = m_arrivals[i].t + m_spanS;
        if (leaves > t) {
            next = std::min(next, leaves);
            break;
        }
    }
    return next;
}

void RateMeter::reset() {
    m_arrivals.clear();
    m_tokens = 0;
    m_gapCount = 0;
    m_nextGap = 0;
    updateHorizon();
}

}  // namespace ossynapse
