// Runs the core end to end with no Qt in the link: a synthetic session through the engine.
#include <cstdio>

#include "core/engine.h"
#include "core/synthetic_session.h"

int main() {
    using namespace ossynapse;
    const Session session =
        synthesizeSession(SyntheticKind::ShortAnswer, 1, "1970-01-01T00:00:00Z");
    Engine engine;
    for (const TokenEvent& event : session.events) {
        engine.push(event);
    }
    std::size_t lit = 0;
    Frame frame;
    for (int k = 0; k * 0.01 <= session.duration(); ++k) {
        engine.tick(k * 0.01, frame);
        lit += frame.wireDuty[0] > 0 || frame.wireDuty[1] > 0;
    }
    std::printf("core ok: %zu events, %zu LEDs, %zu lit frames\n", session.events.size(),
                frame.rgb.size() / 3, lit);
    return lit > 0 ? 0 : 1;
}
