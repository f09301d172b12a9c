#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace ossynapse {

// Where a MIDI message comes from (MIDI 1.0 channel voice messages): a control change (a knob,
// a fader) or a note (a pad, a key), on one channel 1-16 or on any (0).
struct MidiSource {
    enum class Kind { ControlChange, Note } kind = Kind::ControlChange;
    int channel = 0;  // 1-16; 0: any
    int number = 0;   // controller or note number, 0-127

    // "CC 7 on channel 1", "note 36 on any channel".
    std::string describe() const;
    bool operator==(const MidiSource&) const = default;
};

// A source bound to a control key. A CC's 0-127 spans [low, high] linearly (high below low
// turns the knob around); a note-on (velocity above 0) sends `high`, and its note-off sends
// `low` when the binding is momentary (a pad held for a blackout).
struct MidiBinding {
    MidiSource source;
    std::string control;
    double low = 0.0;
    double high = 1.0;
    bool momentary = false;
};

// What one incoming message asks of a control, in the control's own units.
struct MidiControlChange {
    std::string control;
    double value;
};

// The bindings of a controller, kept as a readable JSON file:
//   {"format": "ossynapse-midi-mapping", "version": 1, "bindings": [
//     {"cc": 7, "channel": 1, "control": "master_brightness", "low": 0, "high": 1},
//     {"note": 36, "control": "preset_1"},
//     {"note": 37, "channel": 10, "control": "blackout", "momentary": true}]}
// "channel" may be left out (any channel), "low"/"high" default to 0 and 1.
class MidiMapping {
  public:
    // Throws InputError naming the binding and the field at fault.
    static MidiMapping fromJson(const nlohmann::json& json);
    nlohmann::json toJson() const;
    // Throws InputError, "FILE: ..." (the file, its JSON or a binding at fault).
    static MidiMapping readFile(const std::string& path);

    // The changes one raw message (status byte, then data bytes) asks for, in binding order;
    // none for a message no binding takes (clock, SysEx, aftertouch, a short message).
    std::vector<MidiControlChange> changesFor(std::span<const std::uint8_t> message) const;
    // What a message would be bound from when learning: a CC, or a note-on; nullopt otherwise.
    static std::optional<MidiSource> sourceOf(std::span<const std::uint8_t> message);

    // Adds a binding; an earlier one of the same source is replaced (a knob drives one control,
    // as after a learn).
    void bind(const MidiBinding& binding);
    const std::vector<MidiBinding>& bindings() const { return m_bindings; }

  private:
    std::vector<MidiBinding> m_bindings;
};

inline constexpr std::string_view kMidiMappingFormat = "ossynapse-midi-mapping";
inline constexpr int kMidiMappingVersion = 1;

}  // namespace ossynapse
