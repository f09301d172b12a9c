#include "core/session_feed.h"

namespace ossynapse {

void feedUntil(const Session& session, SessionCursor& cursor, double until, Engine& engine) {
    while (cursor.event < session.events.size() && session.events[cursor.event].t <= until) {
        engine.push(session.events[cursor.event++]);
    }
    while (cursor.telemetry < session.telemetry.size() &&
           messageTime(session.telemetry[cursor.telemetry]) <= until) {
        engine.push(session.telemetry[cursor.telemetry++]);
    }
}

}  // namespace ossynapse
