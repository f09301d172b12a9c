#include "core/parameters.h"

#include <array>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/error.h"

namespace ossynapse {
namespace {

using P = Parameters;

constexpr std::array kFields = {
    ParameterField{"rate_window_s", "s", 0.05, 10.0, &P::rateWindowS,
                   "Window over which a channel's token rate is measured"},
    ParameterField{"idle_timeout_s", "s", 0.01, 10.0, &P::idleTimeoutS,
                   "Shortest time without a token before a channel reads 0 and its light goes off"},
    ParameterField{"idle_gap_factor", "", 0.0, 20.0, &P::idleGapFactor,
                   "A slow stream stays lit for this many of its recent intervals between tokens "
                   "(0 = the idle timeout alone)"},
    ParameterField{"reasoning_ewma_tau_s", "s", 0.0, 10.0, &P::reasoningEwmaTauS,
                   "Smoothing time constant of the reasoning channel (0 = none)"},
    ParameterField{"completion_ewma_tau_s", "s", 0.0, 10.0, &P::completionEwmaTauS,
                   "Smoothing time constant of the completion channel (0 = none)"},
    ParameterField{"intensity_ceiling_tps", "tokens/s", 1.0, 100000.0, &P::intensityCeilingTps,
                   "Rate that reaches full intensity (logarithmic scale)"},
    ParameterField{"active_threshold_tps", "tokens/s", 0.0, 100000.0, &P::activeThresholdTps,
                   "Below this rate a channel breathes; above it cross-fades"},
    ParameterField{"stream_threshold_tps", "tokens/s", 0.0, 100000.0, &P::streamThresholdTps,
                   "Above this rate a channel sweeps its Lissajous pattern"},
    ParameterField{"heartbeat_threshold_tps", "tokens/s", 0.0, 100000.0, &P::heartbeatThresholdTps,
                   "Above this rate a channel beats as a heart"},
    ParameterField{"burst_accent_tps", "tokens/s", 0.0, 100000.0, &P::burstAccentTps,
                   "Either channel at this rate adds a heartbeat accent to both"},
    ParameterField{"gamma", "", 1.0, 4.0, &P::gamma, "Gamma applied to every output value"},
    ParameterField{"master_brightness", "", 0.0, 1.0, &P::masterBrightness,
                   "Scales every output value"},
    ParameterField{"breathe_period_s", "s", 0.1, 60.0, &P::breathePeriodS,
                   "Period of the idle breathe"},
    ParameterField{"breathe_level", "", 0.0, 1.0, &P::breatheLevel,
                   "Peak level of the idle breathe"},
    ParameterField{"crossfade_period_s", "s", 0.1, 60.0, &P::crossfadePeriodS,
                   "Period of the slow sinusoidal cross-fade"},
    ParameterField{"pattern_floor", "", 0.0, 1.0, &P::patternFloor,
                   "Lowest point of a pattern's swing, as a fraction of its intensity"},
    ParameterField{"lissajous_period_s", "s", 0.05, 60.0, &P::lissajousPeriodS,
                   "Period of the reasoning axis of the Lissajous sweep"},
    ParameterField{"lissajous_ratio", "", 0.1, 10.0, &P::lissajousRatio,
                   "Completion frequency over reasoning frequency in the Lissajous sweep"},
    ParameterField{"heartbeat_period_s", "s", 0.2, 10.0, &P::heartbeatPeriodS,
                   "Period of one heartbeat (two pulses)"},
    ParameterField{"heartbeat_accent_depth", "", 0.0, 1.0, &P::heartbeatAccentDepth,
                   "How much the burst accent adds at the peak of a beat"},
};

std::string describe(const nlohmann::json& value) {
    std::string text = value.dump();
    constexpr std::size_t kMaxShown = 60;
    if (text.size() > kMaxShown) {
        text = text.substr(0, kMaxShown) + "...";
    }
    return text;
}

// Two parameters that must stay in order: `upper` above `lower`.
struct ParameterOrder {
    double P::*lower;
    double P::*upper;
};

constexpr std::array kOrders = {
    ParameterOrder{&P::activeThresholdTps, &P::streamThresholdTps},
    ParameterOrder{&P::streamThresholdTps, &P::heartbeatThresholdTps},
};

std::string_view keyOf(double P::*member) {
    for (const ParameterField& field : kFields) {
        if (field.member == member) {
            return field.key;
        }
    }
    return {};
}

}  // namespace

std::span<const ParameterField> parameterFields() {
    return kFields;
}

ParameterLimits effectiveLimits(const Parameters& parameters, const ParameterField& field) {
    ParameterLimits limits{field.minimum, field.maximum, {}, {}};
    for (const ParameterOrder& order : kOrders) {
        if (order.upper == field.member && parameters.*order.lower >= limits.minimum) {
            limits.minimum = parameters.*order.lower;
            limits.minimumNeighbour = keyOf(order.lower);
        }
        if (order.lower == field.member && parameters.*order.upper <= limits.maximum) {
            limits.maximum = parameters.*order.upper;
            limits.maximumNeighbour = keyOf(order.upper);
        }
    }
    return limits;
}

std::string formatNumber(double value) {
    std::array<char, 32> buffer{};
    auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    if (ec != std::errc{}) {
        return "?";
    }
    return std::string(buffer.data(), end);
}

void Parameters::validate() const {
    for (const ParameterField& field : kFields) {
        const double value = this->*field.member;
        if (!std::isfinite(value) || value < field.minimum || value > field.maximum) {
            throw InputError("parameter '" + std::string(field.key) + "' = " + formatNumber(value) +
                             " is out of range [" + formatNumber(field.minimum) + ", " +
                             formatNumber(field.maximum) + "]");
        }
    }
    for (const ParameterOrder& order : kOrders) {
        if (!(this->*order.upper > this->*order.lower)) {
            throw InputError("parameter '" + std::string(keyOf(order.upper)) +
                             "' = " + formatNumber(this->*order.upper) + " must be above '" +
                             std::string(keyOf(order.lower)) +
                             "' = " + formatNumber(this->*order.lower));
        }
    }
}

nlohmann::json Parameters::toJson() const {
    nlohmann::json json = {{"format", kParametersFormat}, {"version", kParametersVersion}};
    for (const ParameterField& field : kFields) {
        json[std::string(field.key)] = this->*field.member;
    }
    return json;
}

Parameters Parameters::fromJson(const nlohmann::json& json) {
    if (!json.is_object()) {
        throw InputError("parameters must be a JSON object, got " + describe(json));
    }
    Parameters p;
    for (const auto& [key, value] : json.items()) {
        if (key == "format") {
            if (value != kParametersFormat) {
                throw InputError("parameters 'format' is " + describe(value) + ", expected \"" +
                                 std::string(kParametersFormat) + "\"");
            }
            continue;
        }
        if (key == "version") {
            if (!value.is_number_integer() || value.get<std::int64_t>() < 1 ||
                value.get<std::int64_t>() > kParametersVersion) {
                throw InputError("parameters 'version' = " + describe(value) +
                                 " is not supported (" +
                                 versionsThisBuildReads(kParametersVersion) + ")");
            }
            continue;
        }
        const ParameterField* field = nullptr;
        for (const ParameterField& candidate : kFields) {
            if (candidate.key == key) {
                field = &candidate;
            }
        }
        if (field == nullptr) {
            throw InputError("unknown parameter '" + key + "'");
        }
        if (!value.is_number()) {
            throw InputError("parameter '" + key + "' must be a number, got " + describe(value));
        }
        p.*(field->member) = value.get<double>();
    }
    p.validate();
    return p;
}

}  // namespace ossynapse
