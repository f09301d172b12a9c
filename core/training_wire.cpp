#include "core/training_wire.h"

#include <cmath>

#include "core/half_float.h"
#include "core/telemetry_wire.h"

namespace ossynapse::telemetry_wire::training {
namespace {

constexpr std::size_t kBlockLearningBytes = 12;
constexpr std::size_t kMaxTokens = 1 << 16;

bool validTime(double t) {
    return std::isfinite(t) && t >= 0.0;
}

std::span<const std::uint8_t> bytesOf(const std::string& text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

}  // namespace

void encodePayload(ByteWriter& out, const WeightMatrix& matrix) {
    out.f64(matrix.t);
    out.u32(matrix.step);
    out.u16(matrix.index);
    out.u16(matrix.count);
    out.u16(matrix.layer);
    out.u8(static_cast<std::uint8_t>(matrix.encoding));
    out.u8(0);
    out.u32(matrix.rows);
    out.u32(matrix.cols);
    out.u32(matrix.sourceRows);
    out.u32(matrix.sourceCols);
    out.u16(static_cast<std::uint16_t>(matrix.name.size()));
    out.raw(bytesOf(matrix.name));
    for (float value : matrix.values) {
        if (matrix.encoding == WeightMatrix::Encoding::F16) {
            out.u16(half::fromFloat(value));
        } else {
            out.f32(value);
        }
    }
}

void encodePayload(ByteWriter& out, const TrainingStep& step) {
    out.f64(step.t);
    out.u32(step.step);
    out.f32(step.loss);
    out.f32(step.learningRate);
    out.f32(step.gradientNorm);
    out.u32(static_cast<std::uint32_t>(step.layers.size()));
    for (const BlockLearning& layer : step.layers) {
        out.u16(layer.layer);
        out.u16(0);
        out.f32(layer.gradientNorm);
        out.f32(layer.weightChange);
    }
}

void encodePayload(ByteWriter& out, const AttentionPattern& pattern) {
    out.f64(pattern.t);
    out.u32(pattern.step);
    out.u16(pattern.layer);
    out.u16(pattern.head);
    out.u16(pattern.queries);
    out.u16(pattern.keys);
    for (float weight : pattern.weights) {
        out.u16(half::fromFloat(weight));
    }
}

void encodePayload(ByteWriter& out, const SampledText& text) {
    out.f64(text.t);
    out.u32(text.step);
    out.u32(static_cast<std::uint32_t>(text.tokens.size()));
    for (const SampledToken& token : text.tokens) {
        out.f32(token.probability);
        out.u16(static_cast<std::uint16_t>(token.bytes.size()));
        out.raw(bytesOf(token.bytes));
    }
}

std::optional<TelemetryMessage> decodeWeightMatrix(ByteReader& in, std::string& why) {
    WeightMatrix matrix;
    matrix.t = in.f64();
    matrix.step = in.u32();
    matrix.index = in.u16();
    matrix.count = in.u16();
    matrix.layer = in.u16();
    const std::uint8_t encoding = in.u8();
    in.skip(1);
    matrix.rows = in.u32();
    matrix.cols = in.u32();
    matrix.sourceRows = in.u32();
    matrix.sourceCols = in.u32();
    matrix.name = in.text(in.u16());
    if (in.failed) {
        why = "weight matrix: the payload ends inside its header";
        return std::nullopt;
    }
    if (encoding != 1 && encoding != 2) {
        why = "weight matrix '" + matrix.name + "': unknown encoding " + std::to_string(encoding);
        return std::nullopt;
    }
    matrix.encoding = static_cast<WeightMatrix::Encoding>(encoding);
    const std::uint64_t values = std::uint64_t(matrix.rows) * matrix.cols;
    const std::uint64_t valueBytes = matrix.encoding == WeightMatrix::Encoding::F16 ? 2 : 4;
    if (values == 0 || in.remaining() != values * valueBytes) {
        why = "weight matrix '" + matrix.name + "': " + std::to_string(matrix.rows) + " x " +
              std::to_string(matrix.cols) + " values do not match the " +
              std::to_string(in.remaining()) + " bytes that follow";
        return std::nullopt;
    }
    if (matrix.sourceRows < matrix.rows || matrix.sourceCols < matrix.cols) {
        why = "weight matrix '" + matrix.name + "': the source shape is smaller than the one sent";
        return std::nullopt;
    }
    if (matrix.count == 0 || matrix.index >= matrix.count || !validTime(matrix.t)) {
        why = "weight matrix '" + matrix.name + "': bad time or index " +
              std::to_string(matrix.index) + " of " + std::to_string(matrix.count);
        return std::nullopt;
    }
    matrix.values.resize(static_cast<std::size_t>(values));
    for (float& value : matrix.values) {
        value = matrix.encoding == WeightMatrix::Encoding::F16 ? half::toFloat(in.u16()) : in.f32();
    }
    return matrix;
}

std::optional<TelemetryMessage> decodeTrainingStep(ByteReader& in, std::string& why) {
    TrainingStep step;
    step.t = in.f64();
    step.step = in.u32();
    step.loss = in.f32();
    step.learningRate = in.f32();
    step.gradientNorm = in.f32();
    const std::uint32_t count = in.u32();
    if (in.failed || count > kMaxLayers || in.remaining() != count * kBlockLearningBytes) {
        why = "training step: the layer count does not match the payload";
        return std::nullopt;
    }
    if (!validTime(step.t)) {
        why = "training step: the time is not a finite, non-negative number";
        return std::nullopt;
    }
    step.layers.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
        BlockLearning layer;
        layer.layer = in.u16();
        in.skip(2);
        layer.gradientNorm = in.f32();
        layer.weightChange = in.f32();
        step.layers.push_back(layer);
    }
    return step;
}

std::optional<TelemetryMessage> decodeAttentionPattern(ByteReader& in, std::string& why) {
    AttentionPattern pattern;
    pattern.t = in.f64();
    pattern.step = in.u32();
    pattern.layer = in.u16();
    pattern.head = in.u16();
    pattern.queries = in.u16();
    pattern.keys = in.u16();
    const std::size_t weights = std::size_t(pattern.queries) * pattern.keys;
    if (in.failed || weights == 0 || in.remaining() != weights * 2) {
        why = "attention pattern: queries x keys do not match the payload";
        return std::nullopt;
    }
    if (!validTime(pattern.t)) {
        why = "attention pattern: the time is not a finite, non-negative number";
        return std::nullopt;
    }
    pattern.weights.resize(weights);
    for (float& weight : pattern.weights) {
        weight = half::toFloat(in.u16());
    }
    return pattern;
}

std::optional<TelemetryMessage> decodeSampledText(ByteReader& in, std::string& why) {
    SampledText text;
    text.t = in.f64();
    text.step = in.u32();
    const std::uint32_t count = in.u32();
    if (in.failed || count > kMaxTokens || count * std::size_t(6) > in.remaining()) {
        why = "sampled text: the token count does not match the payload";
        return std::nullopt;
    }
    if (!validTime(text.t)) {
        why = "sampled text: the time is not a finite, non-negative number";
        return std::nullopt;
    }
    text.tokens.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
        SampledToken token;
        token.probability = in.f32();
        token.bytes = in.text(in.u16());
        if (in.failed) {
            break;
        }
        if (!(token.probability >= 0.0f && token.probability <= 1.0f)) {
            why = "sampled text: token " + std::to_string(i) + " has a probability outside 0..1";
            return std::nullopt;
        }
        text.tokens.push_back(std::move(token));
    }
    if (in.failed || in.remaining() != 0) {
        why = "sampled text: the tokens do not fill the payload exactly";
        return std::nullopt;
    }
    return text;
}

}  // namespace ossynapse::telemetry_wire::training
