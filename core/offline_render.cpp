#include "core/offline_render.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/rate_meter.h"
#include "core/session_feed.h"

namespace ossynapse {

std::size_t offlineFrameCount(const Session& session, const Parameters& parameters, double fps) {
    double lastLight = session.duration();
    // Each channel goes dark by the engine's own idle rule, under the parameters in force.
    std::array<RateMeter, kChannelCount> meters{RateMeter(parameters), RateMeter(parameters)};
    std::size_t change = 0;
    for (const TokenEvent& event : session.events) {
        for (; change < session.parameterChanges.size() &&
               session.parameterChanges[change].t <= event.t;
             ++change) {
            for (RateMeter& meter : meters) {
                meter.configure(session.parameterChanges[change].parameters);
            }
        }
        meters[index(event.channel)].add(event.t, event.tokens);
    }
    for (; change < session.parameterChanges.size(); ++change) {
        for (RateMeter& meter : meters) {
            meter.configure(session.parameterChanges[change].parameters);
        }
    }
    for (const RateMeter& meter : meters) {
        lastLight = std::max(lastLight, meter.idleAt());
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
    // Recorded parameter changes move the engine's parameters; a second render starts where
    // this one did.
    const Parameters initial = engine.parameters();
    const std::size_t frames = offlineFrameCount(session, initial, fps);
    SessionCursor cursor;
    Frame frame;
    for (std::size_t k = 0; k < frames; ++k) {
        const double t = static_cast<double>(k) / fps;
        feedUntil(session, cursor, t, engine);
        engine.tick(t, frame);
        sink(frame);
    }
    engine.setParameters(initial);
}

}  // namespace ossynapse
