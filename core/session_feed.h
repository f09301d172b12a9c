#pragma once

#include <cstddef>

#include "core/engine.h"
#include "core/session.h"

namespace ossynapse {

// Where a player stands in a session: the next token event and telemetry record to hand over.
struct SessionCursor {
    std::size_t event = 0;
    std::size_t telemetry = 0;
};

// Hands the engine every record stamped at or before `until`, from the cursor on, as a live
// source would have by then, and moves the cursor past them.
void feedUntil(const Session& session, SessionCursor& cursor, double until, Engine& engine);

}  // namespace ossynapse
