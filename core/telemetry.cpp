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

}  // namespace ossynapse
