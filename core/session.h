#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/parameters.h"
#include "core/rig.h"
#include "core/telemetry.h"
#include "core/token_event.h"

namespace ossynapse {

inline constexpr std::string_view kSessionFormat = "ossynapse-session";
// Version 2 adds telemetry records (what the model's layers did); version 3 the parameters and
// rig in the header and parameter records (control changes during the session). Older files,
// which have none, read unchanged.
inline constexpr int kSessionVersion = 3;
// The longest session a recording may hold (seven days, in seconds): a later time is damage,
// and rendering it would write without end.
inline constexpr double kMaxSessionSeconds = 7.0 * 24.0 * 3600.0;
// How deeply a recording's line may nest arrays and objects (its records need 4).
inline constexpr int kMaxRecordNesting = 512;

// First line of a recording. `source` says where the tokens came from: {"kind": "live" |
// "synthetic", "provider", "model", "endpoint", "generator", ...}; never an API key.
struct SessionHeader {
    int version = kSessionVersion;
    std::string created;  // ISO 8601 UTC
    nlohmann::json source = nlohmann::json::object();
    std::string prompt;
    // The engine parameters and the rig in use when recording started; empty in recordings
    // made before version 3 (and where the recorder did not know them).
    std::optional<Parameters> parameters;
    std::optional<Rig> rig;
};

// A control change during a live session: from `t` on, the engine ran with `parameters`
// (the whole set, so each record stands alone).
struct ParameterChange {
    double t = 0.0;
    Parameters parameters;
    friend bool operator==(const ParameterChange&, const ParameterChange&) = default;
};

// How a session ended, in the words `ossynapse inspect` prints: the answer arrived whole
// (finished), the server or the client reported an error (error), the stream or the file was
// cut off (truncated), or the user stopped it (cancelled).
enum class SessionOutcome { Finished, Error, Truncated, Cancelled };
std::string_view outcomeWord(SessionOutcome outcome);
std::optional<SessionOutcome> outcomeFromWord(std::string_view word);

// Last line of a complete recording.
struct SessionEnd {
    double t = 0.0;
    std::string finishReason;  // "stop", "length", "error", ... or empty
    nlohmann::json usage;      // the server's usage object, or null
    std::string error;         // the error that ended the session, or empty
    // What the client counted itself (chunks and tokens per channel), to compare with usage;
    // null when not recorded.
    nlohmann::json counted;
    // The "outcome" field live streams write; absent in recordings made before it existed.
    std::optional<SessionOutcome> outcome = std::nullopt;
};

struct Session {
    SessionHeader header;
    std::vector<TokenEvent> events;
    // Model meta, summary batches and sparse activations, in time order (no control messages).
    std::vector<TelemetryMessage> telemetry;
    // Parameter changes, in time order.
    std::vector<ParameterChange> parameterChanges;
    std::optional<SessionEnd> end;

    // Time of the end record, else of the last event, telemetry or parameter record, else 0.
    double duration() const;
};

// The end record's outcome; for a recording without one, derived from the end record (an
// error "cancelled" is Cancelled, any other error Error, else Finished); a session without an
// end record was cut off (Truncated).
SessionOutcome sessionOutcome(const Session& session);

}  // namespace ossynapse
