#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/telemetry.h"

// The JSON form of the training messages (core/telemetry-protocol.md, "JSON form"), for
// telemetry_wire's toJson and fromJson.
namespace ossynapse::telemetry_wire::training {

nlohmann::json toJsonOf(const WeightMatrix& matrix);
nlohmann::json toJsonOf(const TrainingStep& step);
nlohmann::json toJsonOf(const AttentionPattern& pattern);
nlohmann::json toJsonOf(const SampledText& text);

// The message when `type` names a training message (throws InputError naming what is wrong),
// nothing for another type.
std::optional<TelemetryMessage> fromJson(const std::string& type,
                                         const nlohmann::json& json,
                                         const std::string& context);

}  // namespace ossynapse::telemetry_wire::training
