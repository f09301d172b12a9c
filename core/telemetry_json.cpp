// The JSON form of the telemetry messages: the same fields as the binary one, by name.
#include <cmath>

#include "core/error.h"
#include "core/telemetry_json_fields.h"
#include "core/telemetry_wire.h"
#include "core/training_json.h"

namespace ossynapse::telemetry_wire {
namespace {

using nlohmann::json;
using namespace json_fields;

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

using training::toJsonOf;

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
    if (auto message = training::fromJson(name, json, context)) {
        return std::move(*message);
    }
    throw InputError(
        "telemetry 'type' must be meta, summary, sparse, control, weights, training, attention "
        "or text");
}

}  // namespace ossynapse::telemetry_wire
