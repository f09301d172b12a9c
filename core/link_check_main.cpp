// Runs the core end to end with no Qt in the link: a synthetic session through the engine,
// its frames through a zstd FSEQ file and back.
#include <cstdio>

#include "core/engine.h"
#include "core/fseq.h"
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
    std::vector<std::vector<std::uint8_t>> frames;
    for (int k = 0; k * 0.01 <= session.duration(); ++k) {
        engine.tick(k * 0.01, frame);
        lit += frame.wireDuty[0] > 0 || frame.wireDuty[1] > 0;
        frames.push_back(frame.rgb);
    }
    fseq::WriterOptions options;
    options.channelCount = static_cast<std::uint32_t>(frame.rgb.size());
    options.stepTimeMs = 10;
    const std::vector<std::uint8_t> file = fseq::encode(options, frames);
    const bool fseqOk = fseq::read(file).frames == frames;
    std::printf("core ok: %zu events, %zu LEDs, %zu lit frames, FSEQ (zstd) %zu bytes %s\n",
                session.events.size(), frame.rgb.size() / 3, lit, file.size(),
                fseqOk ? "read back" : "DIFFERS");
    return lit > 0 && fseqOk ? 0 : 1;
}
