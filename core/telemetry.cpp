#include "core/telemetry.h"

#include <array>

namespace ossynapse {
namespace {

constexpr std::array<std::string_view, 3> kKindNames = {"attention", "mlp", "residual"};

}  // namespace

std::string_view blockKindName(BlockKind kind) {
    return kKindNames[static_cast<std::size_t>(kind)];
}

std::optional<BlockKind> blockKindFromName(std::string_view name) {
    for (std::size_t i = 0; i < kKindNames.size(); ++i) {
        if (kKindNames[i] == name) {
            return static_cast<BlockKind>(i);
        }
    }
    return std::nullopt;
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

}  // namespace ossynapse
