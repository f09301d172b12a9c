#pragma once

#include <nlohmann/json_fwd.hpp>
#include <span>
#include <string>
#include <string_view>

#include "core/token_event.h"

namespace ossynapse {

// Every tunable number of the light engine, with the seed's defaults.
struct Parameters {
    // Token rate measurement.
    double rateWindowS = 1.0;
    double idleTimeoutS = 0.1;
    // A channel is idle after no token for max(idle_timeout_s, this x its recent interval
    // between arrivals), so slow streams glow between tokens (see core/rate_meter.h).
    double idleGapFactor = 3.0;
    // Per-channel EWMA time constants; 0 disables smoothing.
    double reasoningEwmaTauS = 0.5;
    double completionEwmaTauS = 0.25;
    // Intensity = log(1 + rate) / log(1 + ceiling), clamped to [0, 1].
    double intensityCeilingTps = 200.0;
    // Pattern bands by smoothed rate.
    double activeThresholdTps = 0.5;
    double streamThresholdTps = 15.0;
    double heartbeatThresholdTps = 80.0;
    // Either channel at or above this rate adds the dual-channel heartbeat accent.
    double burstAccentTps = 30.0;
    // Output.
    double gamma = 2.2;
    double masterBrightness = 1.0;
    // Pattern shapes.
    double breathePeriodS = 4.0;
    double breatheLevel = 0.15;
    double crossfadePeriodS = 3.0;
    double patternFloor = 0.2;
    double lissajousPeriodS = 1.5;
    double lissajousRatio = 1.5;
    double heartbeatPeriodS = 0.85;
    double heartbeatAccentDepth = 0.35;

    double ewmaTauS(Channel channel) const {
        return channel == Channel::Reasoning ? reasoningEwmaTauS : completionEwmaTauS;
    }

    // Throws InputError naming the field, its value and the allowed range.
    void validate() const;

    nlohmann::json toJson() const;
    // Missing fields keep their defaults; unknown or out-of-range fields throw InputError.
    static Parameters fromJson(const nlohmann::json& json);

    friend bool operator==(const Parameters&, const Parameters&) = default;
};

// Describes one field for JSON, validation and the studio's controls.
struct ParameterField {
    std::string_view key;
    std::string_view unit;
    double minimum;
    double maximum;
    double Parameters::*member;
    std::string_view description;
};

std::span<const ParameterField> parameterFields();

// What a field may be set to while the others keep their values: its own range, narrowed by the
// neighbours it must stay above or below (the pattern bands are ordered: active, stream,
// heartbeat; validate() refuses a set out of order). A bound a neighbour sets is exclusive (the
// value must differ from it) and names that neighbour; a field's own bound names none.
struct ParameterLimits {
    double minimum;
    double maximum;
    std::string_view minimumNeighbour;  // key of the field it must stay above; empty: none
    std::string_view maximumNeighbour;  // key of the field it must stay below; empty: none
};

ParameterLimits effectiveLimits(const Parameters& parameters, const ParameterField& field);

inline constexpr std::string_view kParametersFormat = "ossynapse-parameters";
inline constexpr int kParametersVersion = 1;

// Shortest decimal text that reads back as the same double (for messages and files).
std::string formatNumber(double value);

}  // namespace ossynapse
