#include "core/offline_render.h"

#include <algorithm>
#include <cmath>

#include "core/session_feed.h"

namespace ossynapse {

std::size_t offlineFrameCount(const Session& session, const Parameters& parameters, double fps) {
    double lastLight = session.duration();
    if (!session.events.empty()) {
        lastLight = std::max(lastLight, session.events.back().t + parameters.idleTimeoutS);
    }
    if (!session.telemetry.empty()) {
        lastLight =
            std::max(lastLight, messageTime(session.telemetry.back()) + LayerLights::kHoldS);
    }
    return static_cast<std::size_t>(std::ceil(lastLight * fps)) + 1;
}

void renderOffline(const Session& session,
                   Engine& engine,
                   double fps,
                   const std::function<void(const Frame&)>& sink) {
    engine.reset();
    const std::size_t frames = offlineFrameCount(session, engine.parameters(), fps);
    SessionCursor cursor;
    Frame frame;
    for (std::size_t k = 0; k < frames; ++k) {
        const double t = static_cast<double>(k) / fps;
        feedUntil(session, cursor, t, engine);
        engine.tick(t, frame);
        sink(frame);
    }
}

}  // namespace ossynapse
