#include "core/rig.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "core/det_math.h"
#include "core/error.h"
#include "core/name_table.h"
#include "core/parameters.h"

namespace ossynapse {
namespace {

constexpr std::array<std::string_view, 7> kMetricNames = {
    "reasoning",       "completion",       "activity", "burst",
    "reasoning_level", "completion_level", "layers"};
constexpr std::array<std::string_view, 3> kWireNames = {"none", "a", "b"};
constexpr std::array<std::string_view, 6> kStatNames = {"norm", "change",   "entropy",
                                                        "max",  "gradient", "weight_change"};

std::string metricList() {
    std::string list;
    for (std::string_view name : kMetricNames) {
        list += (list.empty() ? "" : ", ") + std::string(name);
    }
    return list;
}

std::string where(std::size_t lobeIndex, const std::string& lobeName) {
    return "rig lobe " + std::to_string(lobeIndex) +
           (lobeName.empty() ? std::string() : " ('" + lobeName + "')");
}

const nlohmann::json& member(const nlohmann::json& object,
                             const char* key,
                             const std::string& context) {
    const auto it = object.find(key);
    if (it == object.end()) {
        throw InputError(context + ": missing '" + key + "'");
    }
    return *it;
}

Vec3 readPosition(const nlohmann::json& json, const std::string& context) {
    if (!json.is_array() || json.size() != 3 || !json[0].is_number() || !json[1].is_number() ||
        !json[2].is_number()) {
        throw InputError(context + ": 'pos' must be [x, y, z] in millimetres");
    }
    return {json[0].get<double>(), json[1].get<double>(), json[2].get<double>()};
}

LayerBinding readBinding(const nlohmann::json& json, const std::string& lobeContext) {
    const std::string context = lobeContext + " 'layers'";
    if (!json.is_object()) {
        throw InputError(context + " must be an object");
    }
    LayerBinding binding;
    if (const auto depth = json.find("depth"); depth != json.end()) {
        if (!depth->is_array() || depth->size() != 2 || !(*depth)[0].is_number() ||
            !(*depth)[1].is_number()) {
            throw InputError(context + ": 'depth' must be [from, to], fractions of the model");
        }
        binding.depthFrom = (*depth)[0].get<double>();
        binding.depthTo = (*depth)[1].get<double>();
    }
    if (const auto stat = json.find("stat"); stat != json.end()) {
        const auto parsed =
            stat->is_string() ? layerStatFromName(stat->get<std::string>()) : std::nullopt;
        if (!parsed) {
            throw InputError(context + ": 'stat' " + stat->dump() +
                             " is not one of norm, change, entropy, max, gradient, weight_change");
        }
        binding.stat = *parsed;
    }
    if (const auto spikes = json.find("spikes"); spikes != json.end() && !spikes->is_null()) {
        const auto scheme =
            spikes->is_object() && spikes->contains("scheme") && (*spikes)["scheme"].is_string()
                ? spikeSchemeFromName((*spikes)["scheme"].get<std::string>())
                : std::nullopt;
        if (!scheme) {
            throw InputError(context + ": 'spikes' needs a 'scheme' of binary, ternary or bitwise");
        }
        SpikeSettings settings;
        settings.scheme = *scheme;
        const auto number = [&](const char* key, double fallback) {
            const auto it = spikes->find(key);
            if (it == spikes->end()) {
                return fallback;
            }
            if (!it->is_number()) {
                throw InputError(context + ": spikes '" + key + "' must be a number");
            }
            return it->get<double>();
        };
        settings.threshold = static_cast<float>(number("threshold", settings.threshold));
        settings.bits = static_cast<int>(number("bits", settings.bits));
        settings.full = static_cast<float>(number("full", settings.full));
        if (settings.bits < 1 || settings.bits > 16) {
            throw InputError(context + ": spikes 'bits' must be 1 to 16");
        }
        binding.spikes = settings;
    }
    if (!(binding.depthFrom >= 0.0 && binding.depthFrom < binding.depthTo &&
          binding.depthTo <= 1.0)) {
        throw InputError(context + ": 'depth' must satisfy 0 <= from < to <= 1");
    }
    return binding;
}

nlohmann::json bindingToJson(const LayerBinding& binding) {
    nlohmann::json json = {{"depth", {binding.depthFrom, binding.depthTo}},
                           {"stat", layerStatName(binding.stat)}};
    if (binding.spikes) {
        json["spikes"] = {{"scheme", spikeSchemeName(binding.spikes->scheme)},
                          {"threshold", binding.spikes->threshold},
                          {"bits", binding.spikes->bits},
                          {"full", binding.spikes->full}};
    }
    return json;
}

LobeEffect readEffect(const nlohmann::json& json, const std::string& context) {
    if (!json.is_object()) {
        throw InputError(context + ": 'effect' must be an object such as {\"kind\": \"chase\"}");
    }
    LobeEffect effect;
    const nlohmann::json& kind = member(json, "kind", context + " effect");
    const auto parsedKind =
        kind.is_string() ? effectKindFromName(kind.get<std::string>()) : std::nullopt;
    if (!parsedKind) {
        throw InputError(context + ": effect 'kind' " + kind.dump() + " is not one of " +
                         effectKindList());
    }
    effect.kind = *parsedKind;
    if (const auto period = json.find("period_s"); period != json.end()) {
        if (!period->is_number() || !(period->get<double>() >= kMinEffectPeriodS) ||
            !(period->get<double>() <= kMaxEffectPeriodS)) {
            throw InputError(context + ": effect 'period_s' " + period->dump() +
                             " must be a number of seconds from " +
                             formatNumber(kMinEffectPeriodS) + " to " +
                             formatNumber(kMaxEffectPeriodS));
        }
        effect.periodS = period->get<double>();
    }
    if (const auto along = json.find("along"); along != json.end()) {
        const auto parsedAxis =
            along->is_string() ? effectAxisFromName(along->get<std::string>()) : std::nullopt;
        if (!parsedAxis) {
            throw InputError(context + ": effect 'along' " + along->dump() +
                             " is not one of strip, height");
        }
        effect.along = *parsedAxis;
    }
    return effect;
}

Lobe readLobe(const nlohmann::json& json, std::size_t lobeIndex) {
    std::string context = where(lobeIndex, "");
    if (!json.is_object()) {
        throw InputError(context + " must be an object");
    }
    Lobe lobe;
    const nlohmann::json& name = member(json, "name", context);
    if (!name.is_string()) {
        throw InputError(context + ": 'name' must be a string");
    }
    lobe.name = name.get<std::string>();
    context = where(lobeIndex, lobe.name);

    const nlohmann::json& metric = member(json, "metric", context);
    const auto parsedMetric =
        metric.is_string() ? metricFromName(metric.get<std::string>()) : std::nullopt;
    if (!parsedMetric) {
        throw InputError(context + ": 'metric' " + metric.dump() + " is not one of " +
                         metricList());
    }
    lobe.metric = *parsedMetric;

    const nlohmann::json& color = member(json, "color", context);
    const auto parsedColor =
        color.is_string() ? colorFromHex(color.get<std::string>()) : std::nullopt;
    if (!parsedColor) {
        throw InputError(context + ": 'color' " + color.dump() + " is not a #rrggbb colour");
    }
    lobe.color = *parsedColor;

    const nlohmann::json& leds = member(json, "leds", context);
    if (!leds.is_array()) {
        throw InputError(context + ": 'leds' must be an array");
    }
    for (std::size_t i = 0; i < leds.size(); ++i) {
        const std::string ledContext = context + " LED " + std::to_string(i);
        const nlohmann::json& led = leds[i];
        if (!led.is_object()) {
            throw InputError(ledContext + " must be an object with 'pos' and 'strip'");
        }
        const nlohmann::json& strip = member(led, "strip", ledContext);
        if (!strip.is_number_integer() || strip.get<std::int64_t>() < 0 ||
            strip.get<std::int64_t>() > 1'000'000) {
            throw InputError(ledContext + ": 'strip' " + strip.dump() +
                             " must be a whole number from 0");
        }
        lobe.leds.push_back(
            {readPosition(member(led, "pos", ledContext), ledContext), strip.get<int>()});
    }
    if (const auto layers = json.find("layers"); layers != json.end()) {
        lobe.layers = readBinding(*layers, context);
    }
    if (const auto wire = json.find("wire"); wire != json.end()) {
        const auto parsedWire =
            wire->is_string() ? wireFromName(wire->get<std::string>()) : std::nullopt;
        if (!parsedWire) {
            throw InputError(context + ": 'wire' " + wire->dump() + " is not one of a, b, none");
        }
        lobe.wire = *parsedWire;
    }
    if (const auto effect = json.find("effect"); effect != json.end()) {
        lobe.effect = readEffect(*effect, context);
    }
    return lobe;
}

// Unit vector.
Vec3 normalized(Vec3 v) {
    const double length = std::sqrt(v.x * v.x + v.y * v.y + v.z * v.z);
    return {v.x / length, v.y / length, v.z / length};
}

Vec3 cross(Vec3 a, Vec3 b) {
    return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}

double roundTenth(double v) {
    return std::round(v * 10.0) / 10.0;
}

// The inner surface the LEDs sit on: an ellipsoid a little inside the cranium.
constexpr Vec3 kLedShell = {56.0, 64.0, 76.0};

double distance2(const Vec3& a, const Vec3& b) {
    return (a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y) + (a.z - b.z) * (a.z - b.z);
}

// `count` LEDs on a cap of the shell around `axis`, in rows a builder solders as a serpentine:
// a square grid in the cap's tangent plane (the pitch chosen so the disc holds `count` points;
// any beyond `count` are the ones farthest out), projected onto the shell. Of the eight ways to
// run the serpentine (rows along either axis, from either side, starting either way) the one
// with the shortest wire in from `entry` (where the strip comes from the previous lobe) and out
// towards `exitToward` (the next lobe) is numbered from `nextStrip`.
std::vector<Led> capLeds(Vec3 axis,
                         double capRadiusTurns,
                         int count,
                         const Vec3& entry,
                         const Vec3& exitToward,
                         int& nextStrip) {
    const Vec3 w = normalized(axis);
    const Vec3 helper = std::abs(w.y) < 0.9 ? Vec3{0.0, 1.0, 0.0} : Vec3{1.0, 0.0, 0.0};
    const Vec3 u = normalized(cross(helper, w));
    const Vec3 v = cross(w, u);
    const double discRadius = det::sinTurns(capRadiusTurns);
    struct GridPoint {
        int column;
        int row;
        Vec3 position;
    };
    std::vector<GridPoint> points;
    // The pitch that fills the disc with `count` points, then smaller until it holds them all.
    double pitch = discRadius * std::sqrt(3.14159265358979 / count);
    for (;;) {
        points.clear();
        const int reach = static_cast<int>(discRadius / pitch) + 1;
        for (int row = -reach; row <= reach; ++row) {
            for (int column = -reach; column <= reach; ++column) {
                const double a = column * pitch;
                const double b = row * pitch;
                if (a * a + b * b <= discRadius * discRadius) {
                    const double c = std::sqrt(std::max(0.0, 1.0 - a * a - b * b));
                    const Vec3 d = {a * u.x + b * v.x + c * w.x, a * u.y + b * v.y + c * w.y,
                                    a * u.z + b * v.z + c * w.z};
                    points.push_back({column,
                                      row,
                                      {roundTenth(d.x * kLedShell.x), roundTenth(d.y * kLedShell.y),
                                       roundTenth(d.z * kLedShell.z)}});
                }
            }
        }
        if (static_cast<int>(points.size()) >= count) {
            break;
        }
        pitch *= 0.98;
    }
    // The outermost are left out first; ties broken by place, so no order depends on sorting.
    std::sort(points.begin(), points.end(), [](const GridPoint& x, const GridPoint& y) {
        const int rx = x.column * x.column + x.row * x.row;
        const int ry = y.column * y.column + y.row * y.row;
        return rx != ry ? rx < ry : std::tie(x.row, x.column) < std::tie(y.row, y.column);
    });
    points.resize(static_cast<std::size_t>(count));
    std::vector<GridPoint> best;
    for (int variant = 0; variant < 8; ++variant) {
        const bool alongRows = (variant & 1) == 0;
        const int rowSign = (variant & 2) == 0 ? 1 : -1;
        const int columnSign = (variant & 4) == 0 ? 1 : -1;
        std::vector<GridPoint> ordered = points;
        std::sort(ordered.begin(), ordered.end(), [&](const GridPoint& x, const GridPoint& y) {
            const int xr = rowSign * (alongRows ? x.row : x.column);
            const int yr = rowSign * (alongRows ? y.row : y.column);
            if (xr != yr) {
                return xr < yr;
            }
            const int xc = columnSign * (alongRows ? x.column : x.row);
            const int yc = columnSign * (alongRows ? y.column : y.row);
            // Every other row runs back: the serpentine.
            return (xr % 2 == 0) ? xc < yc : xc > yc;
        });
        const auto wireLength = [&](const std::vector<GridPoint>& run) {
            return std::sqrt(distance2(run.front().position, entry)) +
                   std::sqrt(distance2(run.back().position, exitToward));
        };
        if (best.empty() || wireLength(ordered) < wireLength(best)) {
            best = std::move(ordered);
        }
    }
    std::vector<Led> leds;
    leds.reserve(best.size());
    for (const GridPoint& p : best) {
        leds.push_back({p.position, nextStrip++});
    }
    return leds;
}

// `count` LEDs round a horizontal ring, starting at the one nearest `entry`.
std::vector<Led> ringLeds(
    Vec3 centre, double radius, int count, const Vec3& entry, int& nextStrip) {
    std::vector<Vec3> around;
    std::size_t first = 0;
    for (int i = 0; i < count; ++i) {
        const double turns = static_cast<double>(i) / count;
        around.push_back({roundTenth(centre.x + radius * det::cosTurns(turns)), centre.y,
                          roundTenth(centre.z + radius * det::sinTurns(turns))});
        if (distance2(around.back(), entry) < distance2(around[first], entry)) {
            first = around.size() - 1;
        }
    }
    std::vector<Led> leds;
    for (std::size_t i = 0; i < around.size(); ++i) {
        leds.push_back({around[(first + i) % around.size()], nextStrip++});
    }
    return leds;
}

}  // namespace

std::string_view metricName(Metric metric) {
    return nameOf(kMetricNames, metric);
}

std::string_view wireName(Wire wire) {
    return nameOf(kWireNames, wire);
}

std::optional<Wire> wireFromName(std::string_view name) {
    return valueNamed<Wire>(kWireNames, name);
}

Wire defaultWire(Metric metric) {
    return metric == Metric::Reasoning || metric == Metric::ReasoningLevel ? Wire::A : Wire::B;
}

Wire wireOf(const Lobe& lobe) {
    return lobe.wire.value_or(defaultWire(lobe.metric));
}

std::string_view layerStatName(LayerStat stat) {
    return nameOf(kStatNames, stat);
}

std::optional<LayerStat> layerStatFromName(std::string_view name) {
    return valueNamed<LayerStat>(kStatNames, name);
}

std::optional<Metric> metricFromName(std::string_view name) {
    return valueNamed<Metric>(kMetricNames, name);
}

std::string colorToHex(Rgb8 color) {
    constexpr char kDigits[] = "0123456789abcdef";
    std::string text = "#";
    for (std::uint8_t c : {color.r, color.g, color.b}) {
        text += kDigits[c >> 4];
        text += kDigits[c & 0xF];
    }
    return text;
}

std::optional<Rgb8> colorFromHex(std::string_view text) {
    if (text.size() != 7 || text[0] != '#') {
        return std::nullopt;
    }
    std::array<std::uint8_t, 3> bytes{};
    for (std::size_t i = 0; i < 6; ++i) {
        const char c = text[1 + i];
        int nibble = 0;
        if (c >= '0' && c <= '9') {
            nibble = c - '0';
        } else if (c >= 'a' && c <= 'f') {
            nibble = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            nibble = c - 'A' + 10;
        } else {
            return std::nullopt;
        }
        bytes[i / 2] = static_cast<std::uint8_t>(bytes[i / 2] * 16 + nibble);
    }
    return Rgb8{bytes[0], bytes[1], bytes[2]};
}

std::size_t Rig::ledCount() const {
    std::size_t count = 0;
    for (const Lobe& lobe : lobes) {
        count += lobe.leds.size();
    }
    return count;
}

void Rig::validate() const {
    if (lobes.empty()) {
        throw InputError("rig '" + name + "' has no lobes");
    }
    std::set<std::string> names;
    const std::size_t count = ledCount();
    std::vector<bool> used(count, false);
    for (std::size_t i = 0; i < lobes.size(); ++i) {
        const Lobe& lobe = lobes[i];
        if (lobe.name.empty()) {
            throw InputError(where(i, "") + " has an empty name");
        }
        if (!names.insert(lobe.name).second) {
            throw InputError(where(i, lobe.name) + ": the name is used by another lobe");
        }
        for (std::size_t j = 0; j < lobe.leds.size(); ++j) {
            const int strip = lobe.leds[j].strip;
            const std::string ledContext = where(i, lobe.name) + " LED " + std::to_string(j);
            if (strip < 0 || static_cast<std::size_t>(strip) >= count) {
                throw InputError(ledContext + ": strip index " + std::to_string(strip) +
                                 " is outside 0.." + std::to_string(count - 1) + " (the rig has " +
                                 std::to_string(count) + " LEDs)");
            }
            if (used[static_cast<std::size_t>(strip)]) {
                throw InputError(ledContext + ": strip index " + std::to_string(strip) +
                                 " is given to another LED too");
            }
            used[static_cast<std::size_t>(strip)] = true;
        }
    }
}

nlohmann::json Rig::toJson() const {
    nlohmann::json jsonLobes = nlohmann::json::array();
    for (const Lobe& lobe : lobes) {
        nlohmann::json leds = nlohmann::json::array();
        for (const Led& led : lobe.leds) {
            leds.push_back(
                {{"pos", {led.position.x, led.position.y, led.position.z}}, {"strip", led.strip}});
        }
        nlohmann::json jsonLobe = {{"name", lobe.name},
                                   {"metric", metricName(lobe.metric)},
                                   {"color", colorToHex(lobe.color)},
                                   {"leds", std::move(leds)}};
        // Only a lobe that follows layers carries its binding: token rigs stay as they were.
        if (lobe.metric == Metric::Layers || !(lobe.layers == LayerBinding{})) {
            jsonLobe["layers"] = bindingToJson(lobe.layers);
        }
        // Written only when the rig chose it, so rigs on the default wiring read as before.
        if (lobe.wire) {
            jsonLobe["wire"] = wireName(*lobe.wire);
        }
        if (lobe.effect.kind != EffectKind::None) {
            jsonLobe["effect"] = {{"kind", effectKindName(lobe.effect.kind)},
                                  {"period_s", lobe.effect.periodS},
                                  {"along", effectAxisName(lobe.effect.along)}};
        }
        jsonLobes.push_back(std::move(jsonLobe));
    }
    return {{"format", kRigFormat},
            {"version", kRigVersion},
            {"name", name},
            {"lobes", std::move(jsonLobes)}};
}

Rig Rig::fromJson(const nlohmann::json& json) {
    if (!json.is_object()) {
        throw InputError("rig must be a JSON object");
    }
    const auto format = json.find("format");
    if (format == json.end() || *format != kRigFormat) {
        throw InputError("rig 'format' must be \"" + std::string(kRigFormat) + "\"");
    }
    const auto version = json.find("version");
    // Read as 64 bits: a version such as 4294967297 must not wrap to a supported one.
    if (version == json.end() || !version->is_number_integer() ||
        version->get<std::int64_t>() < 1 || version->get<std::int64_t>() > kRigVersion) {
        throw InputError("rig 'version' " +
                         (version == json.end() ? "is missing" : version->dump()) + ": " +
                         versionsThisBuildReads(kRigVersion));
    }
    Rig rig;
    if (const auto name = json.find("name"); name != json.end() && name->is_string()) {
        rig.name = name->get<std::string>();
    }
    const nlohmann::json& lobes = member(json, "lobes", "rig");
    if (!lobes.is_array()) {
        throw InputError("rig 'lobes' must be an array");
    }
    for (std::size_t i = 0; i < lobes.size(); ++i) {
        rig.lobes.push_back(readLobe(lobes[i], i));
    }
    rig.validate();
    return rig;
}

Rig Rig::defaultSkull() {
    // The strip runs lobe to neighbouring lobe, never across the head: in at the brow, the
    // frontal lobe, the left temporal, over the crown (parietal), down the right temporal,
    // round the back (occipital), into the ring at the base where the cable leaves. Each lobe
    // starts where the previous one ended.
    int strip = 0;
    const auto exitOf = [](const std::vector<Led>& leds) { return leds.back().position; };
    const auto onShell = [](Vec3 axis) {
        const Vec3 d = normalized(axis);
        return Vec3{d.x * kLedShell.x, d.y * kLedShell.y, d.z * kLedShell.z};
    };
    const Vec3 frontalAxis{0.0, 0.35, 1.0};
    const Vec3 temporalLeftAxis{1.0, -0.2, 0.1};
    const Vec3 parietalAxis{0.0, 1.0, -0.25};
    const Vec3 temporalRightAxis{-1.0, -0.2, 0.1};
    const Vec3 occipitalAxis{0.0, 0.1, -1.0};
    const Vec3 ringCentre{0.0, -66.0, -22.0};
    const std::vector<Led> frontal = capLeds(frontalAxis, 38.0 / 360.0, 36, Vec3{0.0, 0.0, 90.0},
                                             onShell(temporalLeftAxis), strip);
    const std::vector<Led> temporalLeft =
        capLeds(temporalLeftAxis, 30.0 / 360.0, 24, exitOf(frontal), onShell(parietalAxis), strip);
    const std::vector<Led> parietal = capLeds(parietalAxis, 35.0 / 360.0, 32, exitOf(temporalLeft),
                                              onShell(temporalRightAxis), strip);
    const std::vector<Led> temporalRight = capLeds(temporalRightAxis, 30.0 / 360.0, 24,
                                                   exitOf(parietal), onShell(occipitalAxis), strip);
    const std::vector<Led> occipital =
        capLeds(occipitalAxis, 30.0 / 360.0, 24, exitOf(temporalRight), ringCentre, strip);
    const std::vector<Led> ring = ringLeds(ringCentre, 14.0, 16, exitOf(occipital), strip);

    Rig rig;
    rig.name = "default skull";
    const Rgb8 reasoningRed{255, 48, 32};
    const Rgb8 completionWhite{255, 244, 232};
    rig.lobes.push_back(
        {"frontal", Metric::Reasoning, reasoningRed, frontal, {}, std::nullopt, {}});
    rig.lobes.push_back(
        {"temporal_left", Metric::Completion, completionWhite, temporalLeft, {}, std::nullopt, {}});
    rig.lobes.push_back({"temporal_right",
                         Metric::Completion,
                         completionWhite,
                         temporalRight,
                         {},
                         std::nullopt,
                         {}});
    rig.lobes.push_back(
        {"parietal", Metric::Reasoning, Rgb8{255, 80, 56}, parietal, {}, std::nullopt, {}});
    rig.lobes.push_back(
        {"occipital", Metric::Activity, Rgb8{255, 170, 130}, occipital, {}, std::nullopt, {}});
    rig.lobes.push_back(
        {"brainstem_ring", Metric::Burst, Rgb8{255, 160, 32}, ring, {}, std::nullopt, {}});
    return rig;
}

Rig Rig::learningSkull() {
    Rig rig = telemetrySkull();
    rig.name = "learning skull";
    for (Lobe& lobe : rig.lobes) {
        lobe.layers.stat = LayerStat::Gradient;
    }
    return rig;
}

Rig Rig::telemetrySkull() {
    Rig rig = defaultSkull();
    rig.name = "telemetry skull";
    // Depth reads as colour too: cool at the first layers, warm at the last.
    const std::array<Rgb8, 6> colours = {Rgb8{64, 140, 255}, Rgb8{48, 200, 230}, Rgb8{64, 230, 150},
                                         Rgb8{220, 230, 80}, Rgb8{255, 150, 48}, Rgb8{255, 64, 48}};
    for (std::size_t i = 0; i < rig.lobes.size(); ++i) {
        Lobe& lobe = rig.lobes[i];
        lobe.metric = Metric::Layers;
        lobe.color = colours[i];
        lobe.layers.depthFrom = static_cast<double>(i) / 6.0;
        lobe.layers.depthTo = i + 1 == rig.lobes.size() ? 1.0 : static_cast<double>(i + 1) / 6.0;
    }
    // The ring at the base fires the last layers' spikes, as a heartbeat of the output.
    rig.lobes.back().layers.spikes = SpikeSettings{SpikeScheme::Binary, 0.6f, 4, 1.0f};
    return rig;
}

}  // namespace ossynapse
