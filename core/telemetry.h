#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/training_telemetry.h"

// What a tap beside the model reports about its insides, alongside the token stream: the
// model's shape, per-layer summaries of activations, and sparse activations above a
// threshold. Times are seconds since the session started, like token events.
namespace ossynapse {

enum class BlockKind : std::uint8_t { Attention = 0, Mlp = 1, Residual = 2 };

std::string_view blockKindName(BlockKind kind);
std::optional<BlockKind> blockKindFromName(std::string_view name);

struct LayerInfo {
    std::uint32_t index = 0;
    BlockKind kind = BlockKind::Residual;
    std::uint32_t width = 0;  // values in the layer's activation (hidden size, MLP width)
    friend bool operator==(const LayerInfo&, const LayerInfo&) = default;
};

// Sent first, so layouts (brainscan rows, layer groups) are fixed before data arrives.
struct ModelMeta {
    double t = 0.0;
    std::string name;
    std::vector<LayerInfo> layers;
    friend bool operator==(const ModelMeta&, const ModelMeta&) = default;
};

// One layer's activations at one step, summarised. `entropy` is the Shannon entropy (nats) of
// the softmax over the values where it means something (attention), NaN where it does not.
struct LayerSummary {
    std::uint32_t layer = 0;
    BlockKind kind = BlockKind::Residual;
    float mean = 0.0f;
    float max = 0.0f;
    float l2 = 0.0f;
    float entropy = 0.0f;
    friend bool operator==(const LayerSummary&, const LayerSummary&) = default;
};

// Every layer's summary over one or more consecutive generation steps (a tap sends at a
// steady rate, so a fast model's steps are averaged in a batch instead of flooding the wire).
struct SummaryBatch {
    double t = 0.0;
    std::uint32_t step = 0;       // the first step covered
    std::uint32_t stepCount = 1;  // steps covered: step .. step + stepCount - 1
    std::vector<LayerSummary> layers;
    friend bool operator==(const SummaryBatch&, const SummaryBatch&) = default;
};

// The values of one layer above the tap's threshold, as (index, value) pairs.
struct SparseActivations {
    double t = 0.0;
    std::uint32_t layer = 0;
    std::vector<std::uint32_t> indices;
    std::vector<float> values;
    friend bool operator==(const SparseActivations&, const SparseActivations&) = default;
};

// A request to the tap (or a tap's answer): change the sparse threshold, the summary rate.
struct ControlMessage {
    enum class Op : std::uint16_t { SetThreshold = 1, SetSummaryHz = 2, Ack = 100 };
    Op op = Op::Ack;
    float value = 0.0f;
    friend bool operator==(const ControlMessage&, const ControlMessage&) = default;
};

using TelemetryMessage = std::variant<ModelMeta,
                                      SummaryBatch,
                                      SparseActivations,
                                      ControlMessage,
                                      WeightMatrix,
                                      TrainingStep,
                                      AttentionPattern,
                                      SampledText>;

// Message time (0 for control messages, which are not part of the session's timeline).
double messageTime(const TelemetryMessage& message);
// Restamps a message (a receiver puts telemetry on its own clock); control messages have none.
void setMessageTime(TelemetryMessage& message, double t);

// Layer indices name a model's layers, and the engine and the studio keep state per index, so
// an index from outside is bounded: below kLayerIndexLimit (as many layers as one message may
// carry). What is wrong with a message's indices, in words, or nothing.
inline constexpr std::uint32_t kLayerIndexLimit = 4096;
std::optional<std::string> layerIndexProblem(const TelemetryMessage& message);

}  // namespace ossynapse
