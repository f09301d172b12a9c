#include "core/telemetry.h"

#include <array>

#include "core/name_table.h"

namespace ossynapse {
namespace {

constexpr std::array<std::string_view, 3> kKindNames = {"attention", "mlp", "residual"};

}  // namespace

std::string_view blockKindName(BlockKind kind) {
    return nameOf(kKindNames, kind);
}

std::optional<BlockKind> blockKindFromName(std::string_view name) {
    return valueNamed<BlockKind>(kKindNames, name);
}

double messageTime(const TelemetryMessage& message) {
    return std::visit(
        [](const auto& m) -> double {
            if constexpr (std::is_same_v<std::decay_t<decltype(m)>, ControlMessage>) {
                return 0.0;
            } else {
                return m.t;
            }
        },
        message);
}

void setMessageTime(TelemetryMessage& message, double t) {
    std::visit(
        [t](auto& m) {
            if constexpr (!std::is_same_v<std::decay_t<decltype(m)>, ControlMessage>) {
                m.t = t;
            }
        },
        message);
}

std::optional<std::string> layerIndexProblem(const TelemetryMessage& message) {
    const auto tooLarge = [](std::uint32_t index) -> std::optional<std::string> {
        if (index < kLayerIndexLimit) {
            return std::nullopt;
        }
        return "layer index " + std::to_string(index) + " is not below the limit of " +
               std::to_string(kLayerIndexLimit) + " layers";
    };
    if (const auto* meta = std::get_if<ModelMeta>(&message)) {
        for (const LayerInfo& layer : meta->layers) {
            if (auto problem = tooLarge(layer.index)) {
                return problem;
            }
        }
    } else if (const auto* batch = std::get_if<SummaryBatch>(&message)) {
        for (const LayerSummary& layer : batch->layers) {
            if (auto problem = tooLarge(layer.layer)) {
                return problem;
            }
        }
    } else if (const auto* sparse = std::get_if<SparseActivations>(&message)) {
        return tooLarge(sparse->layer);
    } else if (const auto* training = std::get_if<TrainingStep>(&message)) {
        for (const BlockLearning& layer : training->layers) {
            if (auto problem = tooLarge(layer.layer)) {
                return problem;
            }
        }
    } else if (const auto* weights = std::get_if<WeightMatrix>(&message)) {
        if (weights->layer != kNoLayer) {
            return tooLarge(weights->layer);
        }
    } else if (const auto* attention = std::get_if<AttentionPattern>(&message)) {
        return tooLarge(attention->layer);
    }
    return std::nullopt;
}

}  // namespace ossynapse
