#include "core/session_feed.h"

namespace ossynapse {

void feedUntil(const Session& session, SessionCursor& cursor, double until, Engine& engine) {
    const auto& changes = session.parameterChanges;
    while (true) {
        const bool changeDue = cursor.change < changes.size() && changes[cursor.change].t <= until;
        const bool eventDue =
            cursor.event < session.events.size() && session.events[cursor.event].t <= until;
        if (changeDue &&
            (!eventDue || changes[cursor.change].t <= session.events[cursor.event].t)) {
            const ParameterChange& change = changes[cursor.change++];
            engine.pushParameters(change.t, change.parameters);
        } else if (eventDue) {
            engine.push(session.events[cursor.event++]);
        } else {
            break;
        }
    }
    while (cursor.telemetry < session.telemetry.size() &&
           messageTime(session.telemetry[cursor.telemetry]) <= until) {
        engine.push(session.telemetry[cursor.telemetry++]);
    }
}

PlaybackSetup playbackSetup(Session& session,
                            const std::optional<Parameters>& explicitParameters,
                            const std::optional<Rig>& explicitRig,
                            bool ignoreRecorded) {
    const SessionHeader& header = session.header;
    PlaybackSetup setup{Parameters{}, Rig::defaultSkull()};
    if (explicitParameters) {
        setup.parameters = *explicitParameters;
    } else if (!ignoreRecorded && header.parameters) {
        setup.parameters = *header.parameters;
    }
    if (explicitRig) {
        setup.rig = *explicitRig;
    } else if (!ignoreRecorded && header.rig) {
        setup.rig = *header.rig;
    }
    if (explicitParameters || ignoreRecorded) {
        session.parameterChanges.clear();
    }
    return setup;
}

}  // namespace ossynapse
