#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/lobe_effect.h"
#include "core/spike_encoding.h"

namespace ossynapse {

// What a lobe's light follows.
enum class Metric {
    Reasoning,        // the reasoning channel's patterned output
    Completion,       // the completion channel's patterned output
    Activity,         // the brighter of the two
    Burst,            // the heartbeat accent alone
    ReasoningLevel,   // reasoning intensity without pattern
    CompletionLevel,  // completion intensity without pattern
    Layers,           // a group of the model's layers, from telemetry (the lobe's binding)
};

// Which statistic of a layer group a lobe shows.
enum class LayerStat {
    Norm,     // L2 norm of the activations
    Change,   // how much the norm moved since the last summary
    Entropy,  // attention entropy
    Max,      // largest activation
    // While a model learns (training-step messages):
    Gradient,      // L2 norm of the gradient over the group's parameters
    WeightChange,  // L2 norm of the weights' change since the previous training step
};

std::string_view layerStatName(LayerStat stat);
std::optional<LayerStat> layerStatFromName(std::string_view name);

// A lobe bound to layers: those whose depth (layer index + 0.5, over the layer count) falls in
// [depthFrom, depthTo), the last group closed at 1, so a rig fits models of any depth. The
// statistic is scaled by the highest value seen so far this session; with `spikes` the lobe
// fires that encoding's spikes instead of showing the level.
struct LayerBinding {
    double depthFrom = 0.0;
    double depthTo = 1.0;
    LayerStat stat = LayerStat::Norm;
    std::optional<SpikeSettings> spikes;
    friend bool operator==(const LayerBinding&, const LayerBinding&) = default;
};

std::string_view metricName(Metric metric);
std::optional<Metric> metricFromName(std::string_view name);

struct Rgb8 {
    std::uint8_t r = 0;
    std::uint8_t g = 0;
    std::uint8_t b = 0;
    friend bool operator==(const Rgb8&, const Rgb8&) = default;
};

// Positions are millimetres in skull space: origin at the centre of the cranium, +y up, +z
// forward (towards the face) and, the frame being right-handed as the studio's renderer is,
// +x to the skull's own left (a viewer facing the skull sees it on their right).
struct Vec3 {
    double x = 0.0;
    double y = 0.0;
    double z = 0.0;
    friend bool operator==(const Vec3&, const Vec3&) = default;
};

struct Led {
    Vec3 position;
    int strip = 0;  // the LED's index on the physical wiring, 0-based
    friend bool operator==(const Led&, const Led&) = default;
};

// The two-wire skull (seed 000): each lobe's LEDs hang on wire A (reasoning, red), wire B
// (completion, white) or neither. The PWM outputs drive one GPIO line per wire.
enum class Wire { None, A, B };

std::string_view wireName(Wire wire);
std::optional<Wire> wireFromName(std::string_view name);
// The wire a lobe drives when its rig does not say: the reasoning metrics on A, the rest on B.
Wire defaultWire(Metric metric);

struct Lobe {
    std::string name;
    Metric metric = Metric::Activity;
    Rgb8 color;
    std::vector<Led> leds;
    LayerBinding layers;       // used when metric is Layers
    std::optional<Wire> wire;  // unset: defaultWire(metric); JSON "wire": "a", "b" or "none"
    // JSON "effect": {"kind": "chase", "period_s": 1.5, "along": "strip"}, written when set.
    LobeEffect effect;
    friend bool operator==(const Lobe&, const Lobe&) = default;
};

// The wire a lobe's LEDs hang on: its own, or the default for its metric.
Wire wireOf(const Lobe& lobe);

// The LED layout: lobes of LEDs, each bound to a metric and a colour.
struct Rig {
    std::string name;
    std::vector<Lobe> lobes;

    std::size_t ledCount() const;
    // Throws InputError: empty names, duplicate lobe names, strip indices that are not
    // exactly 0..N-1 once each.
    void validate() const;

    nlohmann::json toJson() const;
    static Rig fromJson(const nlohmann::json& json);

    // The seed's skull: frontal, temporal left and right, parietal, occipital and the
    // brainstem ring, 156 LEDs, wired lobe after lobe.
    static Rig defaultSkull();
    // The same skull lit from inside the model: lobes bound to layer depth front to back
    // (frontal the first sixth of the layers ... the brainstem ring the last), by norm.
    static Rig telemetrySkull();
    // The telemetry skull for a model while it trains: each lobe follows the gradient norm of
    // its depth group (a training tap sends training steps, not summaries).
    static Rig learningSkull();

    friend bool operator==(const Rig&, const Rig&) = default;
};

inline constexpr std::string_view kRigFormat = "ossynapse-rig";
inline constexpr int kRigVersion = 1;

std::string colorToHex(Rgb8 color);
std::optional<Rgb8> colorFromHex(std::string_view text);

}  // namespace ossynapse
