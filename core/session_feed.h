#pragma once

#include <cstddef>
#include <optional>

#include "core/engine.h"
#include "core/session.h"

namespace ossynapse {

// Where a player stands in a session: the next token event, telemetry record and parameter
// change to hand over.
struct SessionCursor {
    std::size_t event = 0;
    std::size_t telemetry = 0;
    std::size_t change = 0;
};

// Hands the engine every record stamped at or before `until`, from the cursor on, as a live
// source would have by then, and moves the cursor past them. Parameter changes go in by time
// among the token events (before tokens of the same time) through Engine::pushParameters;
// playbackSetup() removes them when they must not play.
void feedUntil(const Session& session, SessionCursor& cursor, double until, Engine& engine);

// The parameters and rig a player starts a session with, by one rule for every player
// (render, replay, the studio): an explicit choice wins; else what the recording remembers
// (its header), unless told to ignore it; else the defaults. The session's own parameter
// changes play only when neither explicit parameters are given nor the recording is ignored
// (they would overwrite the choice); otherwise they are removed from `session` here.
struct PlaybackSetup {
    Parameters parameters;
    Rig rig;
};
PlaybackSetup playbackSetup(Session& session,
                            const std::optional<Parameters>& explicitParameters,
                            const std::optional<Rig>& explicitRig,
                            bool ignoreRecorded);

}  // namespace ossynapse
