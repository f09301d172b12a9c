#include "core/rate_meter.h"

#include <algorithm>
#include <limits>

namespace ossynapse {

RateMeter::RateMeter(double windowS, double idleTimeoutS)
    : m_windowS(windowS), m_idleTimeoutS(idleTimeoutS) {}

void RateMeter::setWindow(double windowS, double idleTimeoutS) {
    m_windowS = windowS;
    m_idleTimeoutS = idleTimeoutS;
}

void RateMeter::add(double t, int tokens) {
    prune(t);
    m_arrivals.push_back({t, tokens});
    m_tokens += tokens;
}

bool RateMeter::idle(double t) const {
    return m_arrivals.empty() || t >= m_arrivals.back().t + m_idleTimeoutS;
}

// An arrival is inside the window at time t while arrival.t + window > t. The same sum is
// used by nextChangeAfter(), so both agree to the last bit.
void RateMeter::prune(double t) {
    while (m_arrivals.size() >= 2 && m_arrivals[1].t + m_windowS <= t) {
        m_tokens -= m_arrivals.front().tokens;
        m_arrivals.pop_front();
    }
}

double RateMeter::rate(double t) {
    prune(t);
    if (idle(t)) {
        return 0.0;
    }
    const Arrival& newest = m_arrivals.back();
    const Arrival& oldest = m_arrivals.front();
    const bool oldestBeforeWindow = oldest.t + m_windowS <= t;
    if (oldestBeforeWindow) {
        if (m_arrivals.size() == 1) {
            return 0.0;  // idle timeout longer than the window: nothing inside it
        }
        const Arrival& firstInWindow = m_arrivals[1];
        if (firstInWindow.t - oldest.t <= m_windowS) {
            return static_cast<double>(m_tokens - oldest.tokens) / (newest.t - oldest.t);
        }
        // The anchor is from before a pause; measure the window alone.
        const std::int64_t inWindow = m_tokens - oldest.tokens;
        if (m_arrivals.size() == 2 || newest.t == firstInWindow.t) {
            return static_cast<double>(inWindow) / m_windowS;
        }
        return static_cast<double>(inWindow - firstInWindow.tokens) / (newest.t - firstInWindow.t);
    }
    if (m_arrivals.size() == 1 || newest.t == oldest.t) {
        return static_cast<double>(m_tokens) / m_windowS;
    }
    return static_cast<double>(m_tokens - oldest.tokens) / (newest.t - oldest.t);
}

double RateMeter::nextChangeAfter(double t) const {
    double next = std::numeric_limits<double>::infinity();
    if (m_arrivals.empty()) {
        return next;
    }
    const double idleAt = m_arrivals.back().t + m_idleTimeoutS;
    if (idleAt > t) {
        next = idleAt;
    }
    for (const Arrival& arrival : m_arrivals) {
        const double leaves = arrival.t + m_windowS;
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
}

}  // namespace ossynapse
