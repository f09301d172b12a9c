#include "core/training_json.h"

#include "core/telemetry_json_fields.h"

namespace ossynapse::telemetry_wire::training {
namespace {

using nlohmann::json;
using namespace json_fields;

json numbers(const std::vector<float>& values) {
    json array = json::array();
    for (float value : values) {
        array.push_back(number(value));
    }
    return array;
}

std::vector<float> numbersField(const json& object,
                                const char* key,
                                std::size_t expected,
                                const std::string& context) {
    const json& array = arrayField(object, key, context);
    if (array.size() != expected) {
        throw InputError(context + ": '" + key + "' has " + std::to_string(array.size()) +
                         " values, not " + std::to_string(expected));
    }
    std::vector<float> values;
    values.reserve(expected);
    for (const json& value : array) {
        if (!value.is_null() && !value.is_number()) {
            throw InputError(context + ": '" + key + "' holds something that is not a number");
        }
        values.push_back(value.is_null() ? std::nanf("") : value.get<float>());
    }
    return values;
}

std::uint16_t shortField(const json& object, const char* key, const std::string& context) {
    const std::uint32_t value = unsignedField(object, key, context);
    if (value > 0xFFFF) {
        throw InputError(context + ": '" + key + "' must be below 65536");
    }
    return static_cast<std::uint16_t>(value);
}

// RFC 3629: well-formed UTF-8, no overlongs, no surrogates, nothing above U+10FFFF.
bool validUtf8(const std::string& text) {
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        const std::size_t length = byte < 0x80         ? 1
                                   : (byte >> 5) == 6  ? 2
                                   : (byte >> 4) == 14 ? 3
                                   : (byte >> 3) == 30 ? 4
                                                       : 0;
        if (length == 0 || i + length > text.size()) {
            return false;
        }
        std::uint32_t code = length == 1 ? byte : byte & (0x7F >> length);
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next >> 6) != 2) {
                return false;
            }
            code = (code << 6) | (next & 0x3F);
        }
        constexpr std::uint32_t kSmallest[5] = {0, 0, 0x80, 0x800, 0x10000};
        if (code < kSmallest[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
            return false;
        }
        i += length;
    }
    return true;
}

}  // namespace

json toJsonOf(const WeightMatrix& matrix) {
    return {{"type", "weights"},
            {"t", matrix.t},
            {"step", matrix.step},
            {"index", matrix.index},
            {"count", matrix.count},
            {"layer", matrix.layer},
            {"name", matrix.name},
            {"rows", matrix.rows},
            {"cols", matrix.cols},
            {"source_rows", matrix.sourceRows},
            {"source_cols", matrix.sourceCols},
            {"encoding", matrix.encoding == WeightMatrix::Encoding::F16 ? "f16" : "f32"},
            {"values", numbers(matrix.values)}};
}

json toJsonOf(const TrainingStep& step) {
    json layers = json::array();
    for (const BlockLearning& layer : step.layers) {
        layers.push_back({{"layer", layer.layer},
                          {"gradient_norm", number(layer.gradientNorm)},
                          {"weight_change", number(layer.weightChange)}});
    }
    return {{"type", "training"},
            {"t", step.t},
            {"step", step.step},
            {"loss", number(step.loss)},
            {"learning_rate", number(step.learningRate)},
            {"gradient_norm", number(step.gradientNorm)},
            {"layers", layers}};
}

json toJsonOf(const AttentionPattern& pattern) {
    return {{"type", "attention"},  {"t", pattern.t},
            {"step", pattern.step}, {"layer", pattern.layer},
            {"head", pattern.head}, {"queries", pattern.queries},
            {"keys", pattern.keys}, {"weights", numbers(pattern.weights)}};
}

json toJsonOf(const SampledText& text) {
    json tokens = json::array();
    for (const SampledToken& token : text.tokens) {
        json entry = {{"probability", token.probability}};
        if (validUtf8(token.bytes)) {
            entry["text"] = token.bytes;
        } else {
            entry["bytes"] = json::array();
            for (char byte : token.bytes) {
                entry["bytes"].push_back(static_cast<unsigned char>(byte));
            }
        }
        tokens.push_back(entry);
    }
    return {{"type", "text"}, {"t", text.t}, {"step", text.step}, {"tokens", tokens}};
}

std::optional<TelemetryMessage> fromJson(const std::string& type,
                                         const json& json,
                                         const std::string& context) {
    if (type == "weights") {
        WeightMatrix matrix;
        matrix.t = timeField(json, context);
        matrix.step = unsignedField(json, "step", context);
        matrix.index = shortField(json, "index", context);
        matrix.count = shortField(json, "count", context);
        matrix.layer = shortField(json, "layer", context);
        const auto& name = field(json, "name", context);
        if (!name.is_string()) {
            throw InputError(context + ": 'name' must be a string");
        }
        matrix.name = name.get<std::string>();
        matrix.rows = unsignedField(json, "rows", context);
        matrix.cols = unsignedField(json, "cols", context);
        matrix.sourceRows = unsignedField(json, "source_rows", context);
        matrix.sourceCols = unsignedField(json, "source_cols", context);
        const auto& encoding = field(json, "encoding", context);
        if (encoding == "f16") {
            matrix.encoding = WeightMatrix::Encoding::F16;
        } else if (encoding != "f32") {
            throw InputError(context + ": 'encoding' must be \"f32\" or \"f16\"");
        }
        const std::uint64_t values = std::uint64_t(matrix.rows) * matrix.cols;
        if (values == 0 || values > kMaxPayloadBytes / 2 || matrix.sourceRows < matrix.rows ||
            matrix.sourceCols < matrix.cols || matrix.count == 0 || matrix.index >= matrix.count) {
            throw InputError(context + ": the shape or the index does not add up");
        }
        matrix.values = numbersField(json, "values", static_cast<std::size_t>(values), context);
        return matrix;
    }
    if (type == "training") {
        TrainingStep step;
        step.t = timeField(json, context);
        step.step = unsignedField(json, "step", context);
        step.loss = floatField(json, "loss", context);
        step.learningRate = floatField(json, "learning_rate", context);
        step.gradientNorm = floatField(json, "gradient_norm", context);
        const auto& layers = arrayField(json, "layers", context);
        if (layers.size() > kMaxLayers) {
            throw InputError(context + ": more than " + std::to_string(kMaxLayers) + " layers");
        }
        for (const auto& layer : layers) {
            step.layers.push_back({shortField(layer, "layer", context),
                                   floatField(layer, "gradient_norm", context),
                                   floatField(layer, "weight_change", context)});
        }
        return step;
    }
    if (type == "attention") {
        AttentionPattern pattern;
        pattern.t = timeField(json, context);
        pattern.step = unsignedField(json, "step", context);
        pattern.layer = shortField(json, "layer", context);
        pattern.head = shortField(json, "head", context);
        pattern.queries = shortField(json, "queries", context);
        pattern.keys = shortField(json, "keys", context);
        const std::size_t weights = std::size_t(pattern.queries) * pattern.keys;
        if (weights == 0) {
            throw InputError(context + ": 'queries' and 'keys' must be at least 1");
        }
        pattern.weights = numbersField(json, "weights", weights, context);
        return pattern;
    }
    if (type == "text") {
        SampledText text;
        text.t = timeField(json, context);
        text.step = unsignedField(json, "step", context);
        for (const auto& entry : arrayField(json, "tokens", context)) {
            SampledToken token;
            const float probability = floatField(entry, "probability", context);
            if (!(probability >= 0.0f && probability <= 1.0f)) {
                throw InputError(context + ": a token's 'probability' must be 0..1");
            }
            token.probability = probability;
            if (const auto it = entry.find("text"); it != entry.end() && it->is_string()) {
                token.bytes = it->get<std::string>();
            } else if (const auto bytes = entry.find("bytes");
                       bytes != entry.end() && bytes->is_array() && bytes->size() <= 0xFFFF) {
                for (const auto& byte : *bytes) {
                    if (!byte.is_number_unsigned() || byte.get<unsigned>() > 255) {
                        throw InputError(context + ": 'bytes' must hold numbers 0..255");
                    }
                    token.bytes.push_back(static_cast<char>(byte.get<unsigned>()));
                }
            } else {
                throw InputError(context + ": a token needs 'text' or 'bytes'");
            }
            text.tokens.push_back(std::move(token));
        }
        return text;
    }
    return std::nullopt;
}

}  // namespace ossynapse::telemetry_wire::training
