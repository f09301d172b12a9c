#include "app/control/midi_mapping.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "app/common/json_file.h"
#include "core/error.h"

namespace ossynapse {
namespace {

// MIDI 1.0 status bytes (high nibble) of the channel voice messages a mapping reads.
constexpr std::uint8_t kNoteOff = 0x80;
constexpr std::uint8_t kNoteOn = 0x90;
constexpr std::uint8_t kControlChange = 0xB0;

struct Parsed {
    std::uint8_t type;
    int channel;  // 1-16
    int number;
    int value;
};

std::optional<Parsed> parse(std::span<const std::uint8_t> message) {
    if (message.size() < 3 || (message[0] & 0x80) == 0 || (message[1] & 0x80) != 0 ||
        (message[2] & 0x80) != 0) {
        return std::nullopt;
    }
    Parsed parsed{static_cast<std::uint8_t>(message[0] & 0xF0), (message[0] & 0x0F) + 1, message[1],
                  message[2]};
    if (parsed.type == kNoteOn && parsed.value == 0) {
        parsed.type = kNoteOff;  // MIDI 1.0: a note-on of velocity 0 is a note-off
    }
    if (parsed.type != kNoteOn && parsed.type != kNoteOff && parsed.type != kControlChange) {
        return std::nullopt;
    }
    return parsed;
}

int wholeNumber(const nlohmann::json& binding,
                const char* field,
                int minimum,
                int maximum,
                const std::string& where) {
    const nlohmann::json& value = binding.at(field);
    if (!value.is_number_integer() || value.get<std::int64_t>() < minimum ||
        value.get<std::int64_t>() > maximum) {
        throw InputError(where + ": '" + field + "' must be a whole number from " +
                         std::to_string(minimum) + " to " + std::to_string(maximum) + ", got " +
                         value.dump());
    }
    return value.get<int>();
}

double finiteNumber(const nlohmann::json& binding,
                    const char* field,
                    double fallback,
                    const std::string& where) {
    if (!binding.contains(field)) {
        return fallback;
    }
    const nlohmann::json& value = binding.at(field);
    if (!value.is_number() || !std::isfinite(value.get<double>())) {
        throw InputError(where + ": '" + field + "' must be a number, got " + value.dump());
    }
    return value.get<double>();
}

}  // namespace

std::string MidiSource::describe() const {
    return std::string(kind == Kind::ControlChange ? "CC " : "note ") + std::to_string(number) +
           (channel == 0 ? " on any channel" : " on channel " + std::to_string(channel));
}

MidiMapping MidiMapping::fromJson(const nlohmann::json& json) {
    if (!json.is_object()) {
        throw InputError("a MIDI mapping must be a JSON object");
    }
    if (json.value("format", std::string()) != kMidiMappingFormat) {
        throw InputError("a MIDI mapping has \"format\": \"" + std::string(kMidiMappingFormat) +
                         "\"");
    }
    if (!json.contains("version") || !json["version"].is_number_integer() ||
        json["version"].get<std::int64_t>() < 1 ||
        json["version"].get<std::int64_t>() > kMidiMappingVersion) {
        throw InputError("MIDI mapping 'version' is not supported (" +
                         versionsThisBuildReads(kMidiMappingVersion) + ")");
    }
    if (!json.contains("bindings") || !json["bindings"].is_array()) {
        throw InputError("a MIDI mapping has a 'bindings' array");
    }
    MidiMapping mapping;
    std::size_t index = 0;
    for (const nlohmann::json& entry : json["bindings"]) {
        const std::string where = "MIDI binding " + std::to_string(++index);
        if (!entry.is_object()) {
            throw InputError(where + " must be an object");
        }
        for (const auto& [field, value] : entry.items()) {
            if (field != "cc" && field != "note" && field != "channel" && field != "control" &&
                field != "low" && field != "high" && field != "momentary") {
                throw InputError(where + ": unknown field '" + field +
                                 "' (cc, note, channel, control, low, high, momentary)");
            }
        }
        if (entry.contains("cc") == entry.contains("note")) {
            throw InputError(where + ": give either 'cc' or 'note'");
        }
        MidiBinding binding;
        const bool cc = entry.contains("cc");
        binding.source.kind = cc ? MidiSource::Kind::ControlChange : MidiSource::Kind::Note;
        binding.source.number = wholeNumber(entry, cc ? "cc" : "note", 0, 127, where);
        binding.source.channel =
            entry.contains("channel") ? wholeNumber(entry, "channel", 1, 16, where) : 0;
        if (!entry.contains("control") || !entry["control"].is_string() ||
            entry["control"].get<std::string>().empty()) {
            throw InputError(where + ": 'control' must name a control key");
        }
        binding.control = entry["control"].get<std::string>();
        binding.low = finiteNumber(entry, "low", 0.0, where);
        binding.high = finiteNumber(entry, "high", 1.0, where);
        if (entry.contains("momentary")) {
            if (!entry["momentary"].is_boolean()) {
                throw InputError(where + ": 'momentary' must be true or false");
            }
            binding.momentary = entry["momentary"].get<bool>();
        }
        mapping.bind(binding);
    }
    return mapping;
}

MidiMapping MidiMapping::readFile(const std::string& path) {
    const nlohmann::json json = readJsonFile(path);  // its errors name the file
    try {
        return fromJson(json);
    } catch (const InputError& error) {
        throw InputError(path + ": " + error.what());
    }
}

nlohmann::json MidiMapping::toJson() const {
    nlohmann::json bindings = nlohmann::json::array();
    for (const MidiBinding& binding : m_bindings) {
        nlohmann::json entry;
        entry[binding.source.kind == MidiSource::Kind::ControlChange ? "cc" : "note"] =
            binding.source.number;
        if (binding.source.channel != 0) {
            entry["channel"] = binding.source.channel;
        }
        entry["control"] = binding.control;
        entry["low"] = binding.low;
        entry["high"] = binding.high;
        if (binding.momentary) {
            entry["momentary"] = true;
        }
        bindings.push_back(entry);
    }
    return {
        {"format", kMidiMappingFormat}, {"version", kMidiMappingVersion}, {"bindings", bindings}};
}

std::vector<MidiControlChange> MidiMapping::changesFor(
    std::span<const std::uint8_t> message) const {
    std::vector<MidiControlChange> changes;
    const std::optional<Parsed> parsed = parse(message);
    if (!parsed) {
        return changes;
    }
    const MidiSource::Kind kind =
        parsed->type == kControlChange ? MidiSource::Kind::ControlChange : MidiSource::Kind::Note;
    for (const MidiBinding& binding : m_bindings) {
        const MidiSource& source = binding.source;
        if (source.kind != kind || source.number != parsed->number ||
            (source.channel != 0 && source.channel != parsed->channel)) {
            continue;
        }
        if (kind == MidiSource::Kind::ControlChange) {
            changes.push_back({binding.control,
                               binding.low + (binding.high - binding.low) * parsed->value / 127.0});
        } else if (parsed->type == kNoteOn) {
            changes.push_back({binding.control, binding.high});
        } else if (binding.momentary) {
            changes.push_back({binding.control, binding.low});
        }
    }
    return changes;
}

std::optional<MidiSource> MidiMapping::sourceOf(std::span<const std::uint8_t> message) {
    const std::optional<Parsed> parsed = parse(message);
    if (!parsed || parsed->type == kNoteOff) {
        return std::nullopt;
    }
    return MidiSource{
        parsed->type == kControlChange ? MidiSource::Kind::ControlChange : MidiSource::Kind::Note,
        parsed->channel, parsed->number};
}

void MidiMapping::bind(const MidiBinding& binding) {
    for (MidiBinding& existing : m_bindings) {
        if (existing.source == binding.source) {
            existing = binding;
            return;
        }
    }
    m_bindings.push_back(binding);
}

}  // namespace ossynapse
