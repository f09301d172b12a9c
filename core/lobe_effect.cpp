#include "core/lobe_effect.h"

#include <array>
#include <cmath>

#include "core/det_math.h"
#include "core/name_table.h"

namespace ossynapse {
namespace {

constexpr std::array<std::string_view, 4> kEffectNames = {"none", "chase", "wave", "sparkle"};
constexpr std::array<std::string_view, 2> kAxisNames = {"strip", "height"};

// The chase's tail, as a share of the lobe behind the head.
constexpr double kChaseTail = 0.35;
// Sparkle: redrawn this many times a period; this share of LEDs at full, the rest glimmer.
constexpr double kSparkleStepsPerPeriod = 8.0;
constexpr double kSparkleShare = 0.25;
constexpr double kSparkleGlimmer = 0.12;

double fraction(double x) {
    return x - std::floor(x);
}

// SplitMix64's finaliser: a well-mixed 64-bit hash of its input.
std::uint64_t mix(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

}  // namespace

std::string_view effectKindName(EffectKind kind) {
    return nameOf(kEffectNames, kind);
}

std::optional<EffectKind> effectKindFromName(std::string_view name) {
    return valueNamed<EffectKind>(kEffectNames, name);
}

std::string_view effectAxisName(EffectAxis axis) {
    return nameOf(kAxisNames, axis);
}

std::optional<EffectAxis> effectAxisFromName(std::string_view name) {
    return valueNamed<EffectAxis>(kAxisNames, name);
}

std::string effectKindList() {
    std::string list;
    for (std::string_view name : kEffectNames) {
        list += (list.empty() ? "" : ", ") + std::string(name);
    }
    return list;
}

double effectGain(const LobeEffect& effect, double place, double t, std::uint64_t seed) {
    const double phase = t / effect.periodS;
    switch (effect.kind) {
        case EffectKind::None:
            return 1.0;
        case EffectKind::Chase: {
            // How far behind the head (0-1, wrapping round the lobe) this LED is.
            const double behind = fraction(phase - place);
            return behind < kChaseTail ? 1.0 - behind / kChaseTail : 0.0;
        }
        case EffectKind::Wave:
            return 0.5 + 0.5 * det::cosTurns(place - phase);
        case EffectKind::Sparkle: {
            const auto step = static_cast<std::uint64_t>(
                static_cast<std::int64_t>(std::floor(phase * kSparkleStepsPerPeriod)));
            const std::uint64_t h = mix(mix(seed) ^ step);
            const double draw = static_cast<double>(h >> 11) * 0x1.0p-53;
            return draw < kSparkleShare ? 1.0 : kSparkleGlimmer;
        }
    }
    return 1.0;
}

}  // namespace ossynapse
