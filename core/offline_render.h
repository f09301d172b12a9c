#pragma once

#include <cstddef>
#include <functional>

#include "core/engine.h"
#include "core/session.h"

namespace ossynapse {

// Frames of a whole session at a fixed rate: ticks at k / fps (computed, not accumulated, so
// no drift), from 0 until the lights have gone off after the last event, or the session's
// end if that is later. `parameters` are the ones the session starts with.
std::size_t offlineFrameCount(const Session& session, const Parameters& parameters, double fps);

// Resets the engine, feeds it the session (its tokens, telemetry and parameter changes) and
// calls `sink` once per frame, in order. The engine's parameters when called are the ones the
// session starts with, and are restored at the end.
void renderOffline(const Session& session,
                   Engine& engine,
                   double fps,
                   const std::function<void(const Frame&)>& sink);

}  // namespace ossynapse
