#include "core/session.h"

#include <algorithm>

namespace ossynapse {

double Session::duration() const {
    if (end) {
        return end->t;
    }
    const double lastEvent = events.empty() ? 0.0 : events.back().t;
    const double lastTelemetry = telemetry.empty() ? 0.0 : messageTime(telemetry.back());
    const double lastChange = parameterChanges.empty() ? 0.0 : parameterChanges.back().t;
    return std::max({lastEvent, lastTelemetry, lastChange});
}

std::string_view outcomeWord(SessionOutcome outcome) {
    switch (outcome) {
        case SessionOutcome::Finished:
            return "finished";
        case SessionOutcome::Error:
            return "error";
        case SessionOutcome::Truncated:
            return "truncated";
        case SessionOutcome::Cancelled:
            return "cancelled";
    }
    return "error";
}

std::optional<SessionOutcome> outcomeFromWord(std::string_view word) {
    for (const SessionOutcome outcome : {SessionOutcome::Finished, SessionOutcome::Error,
                                         SessionOutcome::Truncated, SessionOutcome::Cancelled}) {
        if (outcomeWord(outcome) == word) {
            return outcome;
        }
    }
    return std::nullopt;
}

SessionOutcome sessionOutcome(const Session& session) {
    if (!session.end) {
        return SessionOutcome::Truncated;
    }
    if (session.end->outcome) {
        return *session.end->outcome;
    }
    if (session.end->error == "cancelled") {
        return SessionOutcome::Cancelled;
    }
    return session.end->error.empty() ? SessionOutcome::Finished : SessionOutcome::Error;
}

}  // namespace ossynapse
