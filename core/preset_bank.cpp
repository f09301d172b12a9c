#include "core/preset_bank.h"

#include "core/error.h"

namespace ossynapse {

nlohmann::json PresetBank::toJson() const {
    nlohmann::json presets = nlohmann::json::array();
    for (int slot = 1; slot <= kPresetSlots; ++slot) {
        if (const auto& preset = bySlot[static_cast<std::size_t>(slot - 1)]) {
            presets.push_back({{"slot", slot},
                               {"name", preset->name},
                               {"parameters", preset->parameters.toJson()}});
        }
    }
    return {{"format", kPresetBankFormat},
            {"version", kPresetBankVersion},
            {"presets", std::move(presets)}};
}

PresetBank PresetBank::fromJson(const nlohmann::json& json) {
    if (!json.is_object()) {
        throw InputError("a preset bank must be a JSON object");
    }
    const auto format = json.find("format");
    if (format == json.end() || *format != kPresetBankFormat) {
        throw InputError("not a preset bank: 'format' must be \"" + std::string(kPresetBankFormat) +
                         "\"");
    }
    const auto version = json.find("version");
    if (version == json.end() || !version->is_number_integer() ||
        version->get<std::int64_t>() < 1 || version->get<std::int64_t>() > kPresetBankVersion) {
        throw InputError("preset bank 'version' " +
                         (version == json.end() ? std::string("is missing") : version->dump()) +
                         " is not supported (" + versionsThisBuildReads(kPresetBankVersion) + ")");
    }
    const auto presets = json.find("presets");
    if (presets == json.end() || !presets->is_array()) {
        throw InputError("preset bank: 'presets' must be a list");
    }
    PresetBank bank;
    std::size_t index = 0;
    for (const nlohmann::json& entry : *presets) {
        const std::string at = "preset bank entry " + std::to_string(index++);
        if (!entry.is_object()) {
            throw InputError(at + ": must be an object");
        }
        const auto slot = entry.find("slot");
        if (slot == entry.end() || !slot->is_number_integer() || slot->get<std::int64_t>() < 1 ||
            slot->get<std::int64_t>() > kPresetSlots) {
            throw InputError(at + ": 'slot' must be a whole number from 1 to " +
                             std::to_string(kPresetSlots));
        }
        const auto number = static_cast<std::size_t>(slot->get<std::int64_t>());
        auto& kept = bank.bySlot[number - 1];
        if (kept) {
            throw InputError(at + ": slot " + std::to_string(number) + " is given twice");
        }
        const std::string where = "preset " + std::to_string(number);
        Preset preset;
        if (const auto name = entry.find("name"); name != entry.end()) {
            if (!name->is_string()) {
                throw InputError(where + ": 'name' must be text");
            }
            preset.name = name->get<std::string>();
            if (preset.name.size() > kMaxPresetNameLength) {
                throw InputError(where + ": 'name' is longer than " +
                                 std::to_string(kMaxPresetNameLength) + " bytes");
            }
        }
        const auto parameters = entry.find("parameters");
        if (parameters == entry.end()) {
            throw InputError(where + ": 'parameters' is missing");
        }
        try {
            preset.parameters = Parameters::fromJson(*parameters);
        } catch (const InputError& error) {
            throw InputError(where + ": " + error.what());
        }
        kept = std::move(preset);
    }
    return bank;
}

std::string describePreset(const Parameters& preset, const Parameters& reference) {
    std::string text;
    for (const ParameterField& field : parameterFields()) {
        const double value = preset.*field.member;
        if (value == reference.*field.member) {
            continue;
        }
        text += (text.empty() ? "" : ", ") + std::string(field.key) + " " + formatNumber(value);
    }
    return text.empty() ? "the defaults" : text;
}

}  // namespace ossynapse
