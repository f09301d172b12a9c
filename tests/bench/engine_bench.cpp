// Engine cost per frame for a 200-LED rig and offline render speed as multiples of real time,
// then the engine's cost per LED for rigs of 200, 2,000 and 20,000 LEDs (it should stay flat:
// the per-frame work outside the LED loop is independent of the rig).
// Prints medians over repeated runs, so one noisy run does not move the result.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/frame_format.h"
#include "core/offline_render.h"
#include "core/rig_edit.h"
#include "core/synthetic_session.h"

using namespace ossynapse;

namespace {

constexpr int kRuns = 15;
constexpr double kFps = 100.0;

// The default skull (156 LEDs) plus a ring that brings it to `leds` LEDs.
Rig rigOf(std::size_t leds) {
    Rig rig = Rig::defaultSkull();
    Lobe ring{"bench_ring", Metric::Activity, Rgb8{0, 200, 255}, {}, {}, std::nullopt, {}};
    int strip = static_cast<int>(rig.ledCount());
    const int extra = static_cast<int>(leds) - strip;
    for (int i = 0; i < extra; ++i) {
        ring.leds.push_back({{static_cast<double>(i), -80.0, 0.0}, strip++});
    }
    rig.lobes.push_back(std::move(ring));
    return rig;
}

// The default skull with every lobe grown in proportion to `leds` LEDs in all, as a user grows
// lobes in the studio's Rig panel (rig_edit::setLobeLedCount: new LEDs gather round a lobe's
// last one, a few mm apart).
Rig grownSkull(std::size_t leds) {
    Rig rig = Rig::defaultSkull();
    const std::size_t base = rig.ledCount();
    std::size_t placed = 0;
    for (std::size_t lobe = 0; lobe < rig.lobes.size(); ++lobe) {
        const std::size_t count = lobe + 1 == rig.lobes.size()
                                      ? leds - placed
                                      : (rig.lobes[lobe].leds.size() * leds + base / 2) / base;
        rig = rig_edit::setLobeLedCount(rig, lobe, count);
        placed += count;
    }
    return rig;
}

bool writeRig(const Rig& rig, const char* path) {
    std::FILE* file = std::fopen(path, "wb");
    if (file == nullptr) {
        std::perror(path);
        return false;
    }
    const std::string text = rig.toJson().dump(1) + "\n";
    std::fwrite(text.data(), 1, text.size(), file);
    return std::fclose(file) == 0;
}

template <typename Work>
double medianSeconds(Work work) {
    std::vector<double> seconds;
    for (int run = 0; run < kRuns; ++run) {
        const auto start = std::chrono::steady_clock::now();
        work();
        seconds.push_back(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(seconds.begin(), seconds.end());
    return seconds[seconds.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    const Rig rig = rigOf(200);
    // The same rig for the studio's render benchmark; and the skull grown to N LEDs.
    if (argc == 3 && std::string(argv[1]) == "--write-rig") {
        return writeRig(rig, argv[2]) ? 0 : 1;
    }
    if (argc == 4 && std::string(argv[1]) == "--write-grown-skull") {
        return writeRig(grownSkull(std::stoul(argv[3])), argv[2]) ? 0 : 1;
    }
    std::printf("rig: %zu LEDs; %d runs each, medians; %g fps\n", rig.ledCount(), kRuns, kFps);
    for (std::string_view name : syntheticKindNames()) {
        const Session session = synthesizeSession(*syntheticKindFromName(name), 1, "bench");
        Engine engine(Parameters{}, rig);
        const std::size_t frames = offlineFrameCount(session, engine.parameters(), kFps);
        const double sessionSeconds = static_cast<double>(frames) / kFps;
        std::size_t checksum = 0;

        const double engineSeconds = medianSeconds([&] {
            renderOffline(session, engine, kFps, [&](const Frame& f) { checksum += f.rgb[0]; });
        });
        std::size_t bytes = 0;
        const double exportSeconds = medianSeconds([&] {
            renderOffline(session, engine, kFps,
                          [&](const Frame& f) { bytes += frameToJsonLine(f).size(); });
        });
        std::printf(
            "%-22s %5zu frames (%6.2f s): engine %6.2f us/frame = %7.0fx real time; "
            "with JSONL text %6.2f us/frame = %6.0fx real time  [checksum %zu]\n",
            std::string(name).c_str(), frames, sessionSeconds,
            engineSeconds / static_cast<double>(frames) * 1e6, sessionSeconds / engineSeconds,
            exportSeconds / static_cast<double>(frames) * 1e6, sessionSeconds / exportSeconds,
            checksum + bytes % 7);
    }
    // Cost per LED as the rig grows, on the reasoning-then-answer session.
    const Session session = synthesizeSession(SyntheticKind::ReasoningThenAnswer, 1, "bench");
    for (std::size_t leds : {std::size_t{200}, std::size_t{2000}, std::size_t{20000}}) {
        Engine engine(Parameters{}, rigOf(leds));
        const std::size_t frames = offlineFrameCount(session, engine.parameters(), kFps);
        std::size_t checksum = 0;
        const double seconds = medianSeconds([&] {
            renderOffline(session, engine, kFps, [&](const Frame& f) { checksum += f.rgb.back(); });
        });
        const double perFrame = seconds / static_cast<double>(frames);
        std::printf(
            "rig %6zu LEDs: engine %8.2f us/frame, %6.2f ns per LED per frame  [checksum %zu]\n",
            leds, perFrame * 1e6, perFrame * 1e9 / static_cast<double>(leds), checksum);
    }
    return 0;
}
