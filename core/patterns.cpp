#include "core/patterns.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/det_math.h"
#include "core/name_table.h"

namespace ossynapse {
namespace {

constexpr std::array<std::string_view, 5> kPatternNames = {"off", "breathe", "crossfade",
                                                           "lissajous", "heartbeat"};

// A raised-cosine pulse of half-width `width` centred on `centre`, both in turns.
double pulse(double phase, double centre, double width) {
    const double d = phase - centre;
    if (d <= -width || d >= width) {
        return 0.0;
    }
    return 0.5 + 0.5 * det::cosTurns(d / (2.0 * width));
}

double unitSine(double turns) {
    return 0.5 + 0.5 * det::sinTurns(turns);
}

}  // namespace

std::string_view patternName(Pattern pattern) {
    return nameOf(kPatternNames, pattern);
}

std::optional<Pattern> patternFromName(std::string_view name) {
    return valueNamed<Pattern>(kPatternNames, name);
}

Pattern selectPattern(bool channelIdle, double smoothedRate, const Parameters& p) {
    if (channelIdle) {
        return Pattern::Off;
    }
    if (smoothedRate < p.activeThresholdTps) {
        return Pattern::IdleBreathe;
    }
    if (smoothedRate < p.streamThresholdTps) {
        return Pattern::ActiveCrossfade;
    }
    if (smoothedRate < p.heartbeatThresholdTps) {
        return Pattern::StreamLissajous;
    }
    return Pattern::BurstHeartbeat;
}

double intensity(double rate, double ceilingTps) {
    if (!(rate > 0.0)) {
        return 0.0;
    }
    return std::clamp(det::log(1.0 + rate) / det::log(1.0 + ceilingTps), 0.0, 1.0);
}

double heartbeat(double turns) {
    const double phase = turns - std::floor(turns);
    return std::max(pulse(phase, 0.10, 0.09), 0.65 * pulse(phase, 0.34, 0.09));
}

double channelDuty(Channel channel, Pattern pattern, double level, double t, const Parameters& p) {
    const auto swing = [&](double unit) {
        return level * (p.patternFloor + (1.0 - p.patternFloor) * unit);
    };
    const bool reasoning = channel == Channel::Reasoning;
    switch (pattern) {
        case Pattern::Off:
            return 0.0;
        case Pattern::IdleBreathe:
            return p.breatheLevel * (0.5 - 0.5 * det::cosTurns(t / p.breathePeriodS));
        case Pattern::ActiveCrossfade:
            return swing(unitSine(t / p.crossfadePeriodS + (reasoning ? 0.0 : 0.5)));
        case Pattern::StreamLissajous:
            return swing(reasoning ? unitSine(t / p.lissajousPeriodS)
                                   : unitSine(p.lissajousRatio * t / p.lissajousPeriodS + 0.25));
        case Pattern::BurstHeartbeat:
            return swing(heartbeat(t / p.heartbeatPeriodS));
    }
    return 0.0;
}

double burstAccent(double maxSmoothedRate, double t, const Parameters& p) {
    if (!(maxSmoothedRate > 0.0) || maxSmoothedRate < p.burstAccentTps) {
        return 0.0;
    }
    return p.heartbeatAccentDepth * heartbeat(t / p.heartbeatPeriodS);
}

}  // namespace ossynapse
