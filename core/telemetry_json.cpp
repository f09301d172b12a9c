// The JSON form of the telemetry messages: the same fields as the binary one, by name.
#include <cmath>

#include "core/error.h"
#include "core/telemetry_wire.h"

namespace ossynapse::telemetry_wire {
namespace {

using nlohmann::json;

// JSON has no NaN: a statistic that does not apply travels as null.
json number(float value) {
    return std::isfinite(value) ? json(value) : json(nullptr);
}

const json& field(const json& object, const char* key, const std::string& context) {
    const auto it = object.find(key);
    if (it == object.end()) {
        throw InputError(context + ": missing '" + key + "'");
    }
    return *it;
}

double timeField(const json& object, const std::string& context) {
    const json& t = field(object, "t", context);
    if (!t.is_number() || !std::isfinite(t.get<double>()) || t.get<double>() < 0.0) {
        throw InputError(context + ": 't' must be seconds, a non-negative number");
    }
    return t.get<double>();
}

std::uint32_t unsignedField(const json& object, const char* key, const std::string& context) {
    const json& value = field(object, key, context);
    if (!value.is_number_unsigned() || value.get<std::uint64_t>() > 0xFFFFFFFFull) {
        throw InputError(context + ": '" + key + "' must be a whole number from 0");
    }
    return value.get<std::uint32_t>();
}

float floatField(const json& object, const char* key, const std::string& context) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
        return std::nanf("");
    }
    if (!it->is_number()) {
        throw InputError(context + ": '" + key + "' must be a number or null");
    }
    return it->get<float>();
}

BlockKind kindField(const json& object, const std::string& context) {
    const json& kind = field(object, "kind", context);
    const auto parsed =
        kind.is_string() ? blockKindFromName(kind.get<std::string>()) : std::nullopt;
    if (!parsed) {
        throw InputError(context + ": 'kind' must be \"attention\", \"mlp\" or \"residual\"");
    }
    return *parsed;
}

const json& arrayField(const json& object, const char* key, const std::string& context) {
    const json& value = field(object, key, context);
    if (!value.is_array() || value.size() > kMaxPayloadBytes / 4) {
        throw InputError(context + ": '" + key + "' must be an array");
    }
    return value;
}

json toJsonOf(const ModelMeta& meta) {
    json layers = json::array();
    for (const LayerInfo& layer : meta.layers) {
        layers.push_back(
            {{"index", layer.index}, {"kind", blockKindName(layer.kind)}, {"width", layer.width}});
    }
    return {{"type", "meta"}, {"t", meta.t}, {"name", meta.name}, {"layers", layers}};
}

json toJsonOf(const SummaryBatch& batch) {
    json layers = json::array();
    for (const LayerSummary& layer : batch.layers) {
        layers.push_back({{"layer", layer.layer},
                          {"kind", blockKindName(layer.kind)},
                          {"mean", number(layer.mean)},
                          {"max", number(layer.max)},
                          {"l2", number(layer.l2)},
                          {"entropy", number(layer.entropy)}});
    }
    return {{"type", "summary"},
            {"t", batch.t},
            {"step", batch.step},
            {"steps", batch.stepCount},
            {"layers", layers}};
}

json toJsonOf(const SparseActivations& sparse) {
    json values = json::array();
    for (float value : sparse.values) {
        values.push_back(number(value));
    }
    return {{"type", "sparse"},
            {"t", sparse.t},
            {"layer", sparse.layer},
            {"indices", sparse.indices},
            {"values", values}};
}

json toJsonOf(const ControlMessage& control) {
    const char* op = control.op == ControlMessage::Op::SetThreshold   ? "set_threshold"
                     : control.op == ControlMessage::Op::SetSummaryHz ? "set_summary_hz"
                                                                      : "ack";
    return {{"type", "control"}, {"op", op}, {"value", control.value}};
}

}  // namespace

nlohmann::json toJson(const TelemetryMessage& message) {
    return std::visit([](const auto& m) { return toJsonOf(m); }, message);
}

TelemetryMessage fromJson(const nlohmann::json& json) {
    if (!json.is_object()) {
        throw InputError("a telemetry message must be a JSON object");
    }
    const nlohmann::json& type = field(json, "type", "telemetry message");
    const std::string name = type.is_string() ? type.get<std::string>() : std::string();
    const std::string context = "telemetry '" + name + "'";
    if (name == "meta") {
        ModelMeta meta;
        meta.t = timeField(json, context);
        const nlohmann::json& modelName = field(json, "name", context);
        if (!modelName.is_string()) {
            throw InputError(context + ": 'name' must be a string");
        }
        meta.name = modelName.get<std::string>();
        const nlohmann::json& layers = arrayField(json, "layers", context);
        if (layers.size() > kMaxLayers) {
            throw InputError(context + ": more than " + std::to_string(kMaxLayers) + " layers");
        }
        for (const nlohmann::json& layer : layers) {
            meta.layers.push_back({unsignedField(layer, "index", context),
                                   kindField(layer, context),
                                   unsignedField(layer, "width", context)});
        }
        return meta;
    }
    if (name == "summary") {
        SummaryBatch batch;
        batch.t = timeField(json, context);
        batch.step = unsignedField(json, "step", context);
        batch.stepCount = json.contains("steps") ? unsignedField(json, "steps", context) : 1;
        if (batch.stepCount == 0) {
            throw InputError(context + ": 'steps' must be at least 1");
        }
        const nlohmann::json& layers = arrayField(json, "layers", context);
        if (layers.size() > kMaxLayers) {
            throw InputError(context + ": more than " + std::to_string(kMaxLayers) + " layers");
        }
        for (const nlohmann::json& layer : layers) {
            batch.layers.push_back(
                {unsignedField(layer, "layer", context), kindField(layer, context),
                 floatField(layer, "mean", context), floatField(layer, "max", context),
                 floatField(layer, "l2", context), floatField(layer, "entropy", context)});
        }
        return batch;
    }
    if (name == "sparse") {
        SparseActivations sparse;
        sparse.t = timeField(json, context);
        sparse.layer = unsignedField(json, "layer", context);
        const nlohmann::json& indices = arrayField(json, "indices", context);
        const nlohmann::json& values = arrayField(json, "values", context);
        if (indices.size() != values.size()) {
            throw InputError(context + ": 'indices' and 'values' differ in length");
        }
        for (std::size_t i = 0; i < indices.size(); ++i) {
            if (!indices[i].is_number_unsigned() || !values[i].is_number()) {
                throw InputError(context + ": entry " + std::to_string(i) + " is not a number");
            }
            sparse.indices.push_back(indices[i].get<std::uint32_t>());
            sparse.values.push_back(values[i].get<float>());
        }
        return sparse;
    }
    if (name == "control") {
        ControlMessage control;
        const nlohmann::json& op = field(json, "op", context);
        const std::string opName = op.is_string() ? op.get<std::string>() : std::string();
        if (opName == "set_threshold") {
            control.op = ControlMessage::Op::SetThreshold;
        } else if (opName == "set_summary_hz") {
            control.op = ControlMessage::Op::SetSummaryHz;
        } else if (opName == "ack") {
            control.op = ControlMessage::Op::Ack;
        } else {
            throw InputError(context + ": 'op' must be set_threshold, set_summary_hz or ack");
        }
        control.value = floatField(json, "value", context);
        return control;
    }
    throw InputError("telemetry 'type' must be meta, summary, sparse or control");
}

}  // namespace ossynapse::telemetry_wire
