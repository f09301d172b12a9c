#include "core/session.h"

#include <algorithm>

namespace ossynapse {

double Session::duration() const {
    if (end) {
        return end->t;
    }
    const double lastEvent = events.empty() ? 0.0 : events.back().t;
    const double lastTelemetry = telemetry.empty() ? 0.0 : messageTime(telemetry.back());
    return std::max(lastEvent, lastTelemetry);
}

}  // namespace ossynapse
