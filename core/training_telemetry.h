#pragma once

#include <cstdint>
#include <string>
#include <vector>

// What a training tap reports about a model while it learns (seeds 001 and 003): its weights
// as matrices, the loss with per-block gradient and weight change, attention patterns, and
// the text it generates with each token's probability. Wire forms: core/telemetry-protocol.md,
// types 5 to 8. Times are seconds since the session started, like every telemetry message.
namespace ossynapse {

// `layer` of a parameter that belongs to no transformer block (embeddings, output head).
inline constexpr std::uint16_t kNoLayer = 0xFFFF;

// One trainable tensor at one training step, rows x cols values row-major (a 1-D tensor is
// one row). When the tap downsampled it (block means), source rows/cols are the tensor's own
// shape. A weight frame is every matrix of one step: `index` of `count`, in a fixed order.
struct WeightMatrix {
    enum class Encoding : std::uint8_t { F32 = 1, F16 = 2 };
    double t = 0.0;
    std::uint32_t step = 0;
    std::uint16_t index = 0;
    std::uint16_t count = 1;
    std::uint16_t layer = kNoLayer;
    Encoding encoding = Encoding::F32;
    std::uint32_t rows = 0;
    std::uint32_t cols = 0;
    std::uint32_t sourceRows = 0;
    std::uint32_t sourceCols = 0;
    std::string name;
    std::vector<float> values;  // rows * cols; f16 ones already widened
    friend bool operator==(const WeightMatrix&, const WeightMatrix&) = default;
};

// A transformer block's learning at one optimiser step: the L2 norm of the gradient over its
// parameters and of their change since the previous training-step message (NaN: unknown).
struct BlockLearning {
    std::uint16_t layer = 0;
    float gradientNorm = 0.0f;
    float weightChange = 0.0f;
    friend bool operator==(const BlockLearning&, const BlockLearning&) = default;
};

struct TrainingStep {
    double t = 0.0;
    std::uint32_t step = 0;
    float loss = 0.0f;          // NaN: unknown
    float learningRate = 0.0f;  // NaN: unknown
    float gradientNorm = 0.0f;  // the whole model's, NaN: unknown
    std::vector<BlockLearning> layers;
    friend bool operator==(const TrainingStep&, const TrainingStep&) = default;
};

// One head of one layer: weights[q * keys + k] is how much query position q attends to key
// position k (each row of a softmax sums to 1).
struct AttentionPattern {
    double t = 0.0;
    std::uint32_t step = 0;
    std::uint16_t layer = 0;
    std::uint16_t head = 0;
    std::uint16_t queries = 0;
    std::uint16_t keys = 0;
    std::vector<float> weights;
    friend bool operator==(const AttentionPattern&, const AttentionPattern&) = default;
};

// Text the model generated; `bytes` is the token as the model produced it (a byte-level
// model's token may be part of a UTF-8 sequence), `probability` what the model gave it, 0..1.
struct SampledToken {
    std::string bytes;
    float probability = 0.0f;
    friend bool operator==(const SampledToken&, const SampledToken&) = default;
};

struct SampledText {
    double t = 0.0;
    std::uint32_t step = 0;
    std::vector<SampledToken> tokens;
    friend bool operator==(const SampledText&, const SampledText&) = default;
};

}  // namespace ossynapse
