#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/session.h"

namespace ossynapse {

// Made-up sessions with the timing shapes real reasoning models show, for the bundled
// recordings, demos and tests. Same kind and seed give the same session on every machine.
enum class SyntheticKind {
    ShortAnswer,          // a brief reasoning phase, then a short answer
    ReasoningThenAnswer,  // a long reasoning phase with stalls, then an answer
    BurstHeavy,           // bursts far over 80 tokens/s between slow trickles
};

std::span<const std::string_view> syntheticKindNames();
std::optional<SyntheticKind> syntheticKindFromName(std::string_view name);
std::string_view syntheticKindName(SyntheticKind kind);

Session synthesizeSession(SyntheticKind kind, std::uint64_t seed, const std::string& created);

}  // namespace ossynapse
