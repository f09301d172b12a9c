#pragma once

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "core/error.h"
#include "core/telemetry.h"
#include "core/telemetry_wire.h"

// Reading and writing the fields of telemetry messages' JSON form, shared by the inference and
// the training messages. Each throws InputError naming the field and `context`.
namespace ossynapse::telemetry_wire::json_fields {

using nlohmann::json;

// JSON has no NaN: a statistic that does not apply travels as null.
inline json number(float value) {
    return std::isfinite(value) ? json(value) : json(nullptr);
}

inline const json& field(const json& object, const char* key, const std::string& context) {
    const auto it = object.find(key);
    if (it == object.end()) {
        throw InputError(context + ": missing '" + key + "'");
    }
    return *it;
}

inline double timeField(const json& object, const std::string& context) {
    const json& t = field(object, "t", context);
    if (!t.is_number() || !std::isfinite(t.get<double>()) || t.get<double>() < 0.0) {
        throw InputError(context + ": 't' must be seconds, a non-negative number");
    }
    return t.get<double>();
}

inline std::uint32_t unsignedField(const json& object,
                                   const char* key,
                                   const std::string& context) {
    const json& value = field(object, key, context);
    if (!value.is_number_unsigned() || value.get<std::uint64_t>() > 0xFFFFFFFFull) {
        throw InputError(context + ": '" + key + "' must be a whole number from 0");
    }
    return value.get<std::uint32_t>();
}

inline float floatField(const json& object, const char* key, const std::string& context) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
        return std::nanf("");
    }
    if (!it->is_number()) {
        throw InputError(context + ": '" + key + "' must be a number or null");
    }
    return it->get<float>();
}

inline BlockKind kindField(const json& object, const std::string& context) {
    const json& kind = field(object, "kind", context);
    const auto parsed =
        kind.is_string() ? blockKindFromName(kind.get<std::string>()) : std::nullopt;
    if (!parsed) {
        throw InputError(context + ": 'kind' must be \"attention\", \"mlp\" or \"residual\"");
    }
    return *parsed;
}

inline const json& arrayField(const json& object, const char* key, const std::string& context) {
    const json& value = field(object, key, context);
    if (!value.is_array() || value.size() > kMaxPayloadBytes / 4) {
        throw InputError(context + ": '" + key + "' must be an array");
    }
    return value;
}

}  // namespace ossynapse::telemetry_wire::json_fields
