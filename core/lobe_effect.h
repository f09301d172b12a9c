#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ossynapse {

// A lobe's light moving across its LEDs, driven by the lobe's metric: each LED shows the
// lobe's level times a gain in [0, 1] that depends on the LED's place in the lobe and on the
// session time, so it is deterministic like the rest of the engine (frames byte for byte).
//   chase:   a bright head runs along the lobe once every `periodS`, a tail fading behind it
//   wave:    a cosine across the lobe travels one lobe-length every `periodS`
//   sparkle: each LED is at full or at a glimmer, drawn anew eight times a period from a hash
//            of (lobe, LED, step): no random state, so seeking and re-rendering agree
// `along`: the LED's place is its rank on the strip within the lobe (strip) or its height in
// the lobe (height, skull-space y), 0 at the first or lowest LED and 1 at the last or highest.
enum class EffectKind { None, Chase, Wave, Sparkle };
enum class EffectAxis { Strip, Height };

struct LobeEffect {
    EffectKind kind = EffectKind::None;
    double periodS = 1.5;  // seconds, kMinEffectPeriodS to kMaxEffectPeriodS
    EffectAxis along = EffectAxis::Strip;
    friend bool operator==(const LobeEffect&, const LobeEffect&) = default;
};

inline constexpr double kMinEffectPeriodS = 0.05;
inline constexpr double kMaxEffectPeriodS = 600.0;

std::string_view effectKindName(EffectKind kind);
std::optional<EffectKind> effectKindFromName(std::string_view name);
std::string_view effectAxisName(EffectAxis axis);
std::optional<EffectAxis> effectAxisFromName(std::string_view name);
// "none, chase, wave, sparkle": for error messages.
std::string effectKindList();

// The gain of an LED at `place` (0-1) at session time `t` (s); `seed` tells LEDs apart for
// sparkle (the engine passes lobe and LED index). None: 1 everywhere.
double effectGain(const LobeEffect& effect, double place, double t, std::uint64_t seed);

}  // namespace ossynapse
