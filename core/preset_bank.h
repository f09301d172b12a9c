#pragma once

#include <array>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/parameters.h"

namespace ossynapse {

// The nine quick presets of performance mode (keys 1-9), as one file a performer carries from
// the rehearsal machine to the show machine:
//   {"format": "ossynapse-presets", "version": 1,
//    "presets": [{"slot": 1, "name": "calm", "parameters": {<an ossynapse-parameters object>}}]}
// Slots run 1-9; a slot not listed is empty; a name is at most kMaxPresetNameLength bytes of
// UTF-8 text (empty: the slot's number is its name).
inline constexpr int kPresetSlots = 9;
inline constexpr std::size_t kMaxPresetNameLength = 40;
inline constexpr std::string_view kPresetBankFormat = "ossynapse-presets";
inline constexpr int kPresetBankVersion = 1;

struct Preset {
    std::string name;
    Parameters parameters;
    friend bool operator==(const Preset&, const Preset&) = default;
};

struct PresetBank {
    std::array<std::optional<Preset>, kPresetSlots> bySlot;  // bySlot[0] is slot 1

    nlohmann::json toJson() const;
    // Throws InputError naming the slot and what is wrong; a bank is taken whole or not at all.
    static PresetBank fromJson(const nlohmann::json& json);
    friend bool operator==(const PresetBank&, const PresetBank&) = default;
};

// What a preset holds, for people: the parameters in which it differs from `reference` (the
// defaults), in field order, such as "gamma 2.6, master_brightness 0.4"; "the defaults" when
// none differs.
std::string describePreset(const Parameters& preset, const Parameters& reference);

}  // namespace ossynapse
