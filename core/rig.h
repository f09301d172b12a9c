#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ossynapse {

// What a lobe's light follows.
enum class Metric {
    Reasoning,        // the reasoning channel's patterned output
    Completion,       // the completion channel's patterned output
    Activity,         // the brighter of the two
    Burst,            // the heartbeat accent alone
    ReasoningLevel,   // reasoning intensity without pattern
    CompletionLevel,  // completion intensity without pattern
};

std::string_view metricName(Metric metric);
std::optional<Metric> metricFromName(std::string_view name);

struct Rgb8 {
    std::uint8_t r = 0;
    std::uint8_t g = 0;
    std::uint8_t b = 0;
    friend bool operator==(const Rgb8&, const Rgb8&) = default;
};

// Positions are millimetres in skull space: origin at the centre of the cranium, +x to the
// skull's right, +y up, +z forward (towards the face).
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

struct Lobe {
    std::string name;
    Metric metric = Metric::Activity;
    Rgb8 color;
    std::vector<Led> leds;
    friend bool operator==(const Lobe&, const Lobe&) = default;
};

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

    friend bool operator==(const Rig&, const Rig&) = default;
};

inline constexpr std::string_view kRigFormat = "ossynapse-rig";
inline constexpr int kRigVersion = 1;

std::string colorToHex(Rgb8 color);
std::optional<Rgb8> colorFromHex(std::string_view text);

}  // namespace ossynapse
