#include <QTest>
#include <algorithm>
#include <cmath>
#include <map>

#include "core/engine.h"
#include "core/frame_format.h"
#include "core/offline_render.h"
#include "core/synthetic_session.h"

using namespace ossynapse;

Q_DECLARE_METATYPE(ossynapse::SyntheticKind)

namespace {

Session synthetic(SyntheticKind kind) {
    return synthesizeSession(kind, 7, "test");
}

std::vector<Frame> renderAll(const Session& session, double fps, const Parameters& p = {}) {
    Engine engine(p);
    std::vector<Frame> frames;
    renderOffline(session, engine, fps, [&](const Frame& frame) { frames.push_back(frame); });
    return frames;
}

// One lobe, one white LED, showing `metric`.
Rig singleLedRig(Metric metric) {
    Rig rig;
    rig.name = "one LED";
    rig.lobes.push_back(
        {"probe", metric, Rgb8{255, 255, 255}, {Led{{0, 0, 0}, 0}}, {}, std::nullopt, {}});
    return rig;
}

void pushSteady(Engine& engine, Channel channel, double tps, double from, double until) {
    for (int k = 0; from + k / tps <= until; ++k) {
        engine.push(from + k / tps, channel, 1);
    }
}

bool allDark(const Frame& frame) {
    return frame.wireDuty[0] == 0 && frame.wireDuty[1] == 0 &&
           std::all_of(frame.rgb.begin(), frame.rgb.end(), [](std::uint8_t b) { return b == 0; });
}

}  // namespace

class TestEngine : public QObject {
    Q_OBJECT
  private slots:
    // The same events rendered at 30, 60, 120 and 240 fps give the same levels at common
    // times (within 1 %; the engine integrates exactly, so the difference is rounding).
    void levelsDoNotDependOnFrameRate_data() {
        QTest::addColumn<SyntheticKind>("kind");
        QTest::addColumn<double>("fps");
        for (auto [name, kind] :
             {std::pair{"short answer", SyntheticKind::ShortAnswer},
              std::pair{"reasoning then answer", SyntheticKind::ReasoningThenAnswer},
              std::pair{"burst heavy", SyntheticKind::BurstHeavy}}) {
            for (double fps : {30.0, 60.0, 120.0}) {
                QTest::addRow("%s at %g fps vs 240", name, fps) << kind << fps;
            }
        }
    }
    void levelsDoNotDependOnFrameRate() {
        QFETCH(SyntheticKind, kind);
        QFETCH(double, fps);
        const Session session = synthetic(kind);
        const std::vector<Frame> reference = renderAll(session, 240.0);
        const std::vector<Frame> frames = renderAll(session, fps);
        const int stride = static_cast<int>(240.0 / fps);
        int compared = 0;
        int lit = 0;
        for (std::size_t k = 0; k < frames.size(); ++k) {
            const std::size_t r = k * static_cast<std::size_t>(stride);
            if (r >= reference.size()) {
                break;
            }
            QCOMPARE(frames[k].t, reference[r].t);
            for (Channel c : kChannels) {
                const double a = frames[k].channel(c).level;
                const double b = reference[r].channel(c).level;
                QVERIFY2(
                    std::abs(a - b) <= 0.01 * std::max(a, b) + 1e-12,
                    qPrintable(QStringLiteral("t=%1 %2 vs %3").arg(frames[k].t).arg(a).arg(b)));
                lit += a > 0.0;
            }
            ++compared;
        }
        QVERIFY(compared > 50);
        QVERIFY(lit > compared / 4);
    }

    // No token for max(idle timeout, 3 x the interval): every LED and both wires are fully
    // off. 100 ms still ends a fast stream's light.
    void idleTimeoutTurnsEverythingOff_data() {
        QTest::addColumn<double>("tps");
        QTest::addColumn<int>("channelIndex");
        QTest::addColumn<double>("idleAfter");
        QTest::newRow("reasoning at 5 tps: 600 ms") << 5.0 << 0 << 0.6;
        QTest::newRow("reasoning at 20 tps: 150 ms") << 20.0 << 0 << 0.15;
        QTest::newRow("completion at 40 tps: 100 ms") << 40.0 << 1 << 0.1;
        QTest::newRow("completion at 150 tps: 100 ms") << 150.0 << 1 << 0.1;
    }
    void idleTimeoutTurnsEverythingOff() {
        QFETCH(double, tps);
        QFETCH(int, channelIndex);
        QFETCH(double, idleAfter);
        Engine engine;
        const Channel channel = kChannels[static_cast<std::size_t>(channelIndex)];
        pushSteady(engine, channel, tps, 0.0, 2.0);
        const double last = std::floor(2.0 * tps) / tps;
        const Frame stillOn = engine.tick(last + idleAfter - 0.001);
        QVERIFY(!allDark(stillOn));
        QVERIFY(stillOn.channel(channel).level > 0.0);
        const Frame off = engine.tick(last + idleAfter + 1e-9);
        QVERIFY(allDark(off));
        QCOMPARE(off.channel(channel).pattern, Pattern::Off);
        QCOMPARE(off.channel(channel).level, 0.0);  // snapped, not decaying
    }

    // A steady stream read by the engine at 100 fps: the median of the frames' rate over its
    // steady part (from 2 s on) is within 2 % of the true rate, no frame after its second
    // token up to its last is dark, and the light ends once idle.
    void steadyStreamFollowedByFrames_data() {
        QTest::addColumn<double>("tps");
        for (double tps : {1.0, 2.0, 5.0, 10.0, 50.0, 500.0, 2000.0}) {
            QTest::addRow("%g tps", tps) << tps;
        }
    }
    void steadyStreamFollowedByFrames() {
        QFETCH(double, tps);
        Engine engine;
        constexpr double kUntil = 8.0;
        pushSteady(engine, Channel::Reasoning, tps, 0.0, kUntil);
        const double last = std::floor(kUntil * tps) / tps;
        std::vector<double> rates;
        int dark = 0;
        int frames = 0;
        for (int k = 0; k / 100.0 <= last + 4.0; ++k) {
            const double t = k / 100.0;
            const Frame frame = engine.tick(t);
            const ChannelReading& r = frame.channel(Channel::Reasoning);
            // From just after the second token (the first interval; at its very instant the
            // smoothed level starts from 0) to the last token.
            if (t > 1.0 / tps && t <= last) {
                ++frames;
                dark += (r.level == 0.0 || r.pattern == Pattern::Off) ? 1 : 0;
                if (t >= 2.0) {
                    rates.push_back(r.rate);
                }
            }
            if (t >= last + std::max(0.1, 3.0 / tps)) {
                QVERIFY2(allDark(frame), qPrintable(QStringLiteral("lit at %1").arg(t)));
            }
        }
        QCOMPARE(dark, 0);
        QVERIFY(frames > 100);
        std::sort(rates.begin(), rates.end());
        const double median = rates[rates.size() / 2];
        QVERIFY2(std::abs(median - tps) <= 0.02 * tps,
                 qPrintable(QStringLiteral("median %1").arg(median)));
    }

    // The seed's 0.5-15 tps cross-fade band shows below 10 tps: a 5 tps stream cross-fades
    // steadily instead of blinking.
    void fiveTpsGlowsInTheCrossfadeBand() {
        Engine engine;
        pushSteady(engine, Channel::Reasoning, 5.0, 0.0, 10.0);
        for (int k = 300; k <= 1000; ++k) {
            const Frame frame = engine.tick(k / 100.0);
            QCOMPARE(frame.channel(Channel::Reasoning).pattern, Pattern::ActiveCrossfade);
            QVERIFY(frame.channel(Channel::Reasoning).duty > 0.0);
        }
    }

    // The LED byte is the gamma-corrected level: round(255 * level^gamma).
    void gammaAppliesAtOutput_data() {
        QTest::addColumn<double>("gamma");
        for (double gamma : {1.0, 1.8, 2.2, 2.8}) {
            QTest::addRow("gamma %g", gamma) << gamma;
        }
    }
    void gammaAppliesAtOutput() {
        QFETCH(double, gamma);
        Parameters p;
        p.gamma = gamma;
        Engine engine(p, singleLedRig(Metric::CompletionLevel));
        pushSteady(engine, Channel::Completion, 20.0, 0.0, 3.0);
        const Frame frame = engine.tick(3.0);
        const double level = frame.channel(Channel::Completion).level;
        QVERIFY(level > 0.3 && level < 0.9);
        const int expected = static_cast<int>(std::lround(255.0 * std::pow(level, gamma)));
        QVERIFY2(std::abs(frame.rgb[0] - expected) <= 1,
                 qPrintable(QStringLiteral("%1 vs %2").arg(frame.rgb[0]).arg(expected)));
        const double duty = frame.channel(Channel::Completion).duty;
        QVERIFY(std::abs(frame.wireDuty[1] - 65535.0 * std::pow(duty, gamma)) <= 1.0);
    }

    // Each lobe's level is its linear light after master brightness, before gamma (what an OSC
    // follower gets): the LED byte is gamma of it, and half the master halves it.
    void lobeLevelIsTheLightBeforeGamma_data() {
        QTest::addColumn<double>("master");
        QTest::newRow("full") << 1.0;
        QTest::newRow("half") << 0.5;
        QTest::newRow("off") << 0.0;
    }
    void lobeLevelIsTheLightBeforeGamma() {
        QFETCH(double, master);
        Parameters p;
        p.masterBrightness = master;
        Engine engine(p, singleLedRig(Metric::CompletionLevel));
        pushSteady(engine, Channel::Completion, 20.0, 0.0, 3.0);
        const Frame frame = engine.tick(3.0);
        QCOMPARE(frame.lobeLevel.size(), 1u);
        const double level = frame.channel(Channel::Completion).level;
        QCOMPARE(frame.lobeLevel[0], master * level);
        const int expected =
            static_cast<int>(std::lround(255.0 * std::pow(frame.lobeLevel[0], p.gamma)));
        QVERIFY(std::abs(frame.rgb[0] - expected) <= 1);
        const Frame skull = Engine().tick(0.0);
        QCOMPARE(skull.lobeLevel.size(), Rig::defaultSkull().lobes.size());
    }

    // A burst on one channel pulses both wires, even the idle one.
    void burstAccentReachesBothChannels() {
        Engine engine;
        pushSteady(engine, Channel::Completion, 60.0, 0.0, 4.0);
        const Parameters& p = engine.parameters();
        // Tick at a heartbeat peak after the smoothed rate has passed 30 tps.
        const double peak =
            std::floor(3.0 / p.heartbeatPeriodS) * p.heartbeatPeriodS + 0.10 * p.heartbeatPeriodS;
        const Frame frame = engine.tick(peak);
        QVERIFY(frame.channel(Channel::Completion).smoothedRate >= 30.0);
        QCOMPARE(frame.channel(Channel::Reasoning).pattern, Pattern::Off);
        QVERIFY(frame.burstAccent > 0.3);
        QVERIFY(frame.wireDuty[0] > 0);
        QVERIFY(frame.wireDuty[1] > frame.wireDuty[0]);
    }

    void slowStreamHasNoAccent() {
        Engine engine;
        pushSteady(engine, Channel::Reasoning, 12.0, 0.0, 4.0);
        for (double t = 3.0; t < 4.0; t += 0.01) {
            const Frame frame = engine.tick(t);
            QCOMPARE(frame.burstAccent, 0.0);
        }
    }

    // Same events, parameters and ticks: byte-identical frames.
    void renderIsDeterministic() {
        const Session session = synthetic(SyntheticKind::BurstHeavy);
        std::string first;
        std::string second;
        Engine engine;
        renderOffline(session, engine, 100.0, [&](const Frame& f) { first += frameToJsonLine(f); });
        Engine other;
        renderOffline(session, other, 100.0, [&](const Frame& f) { second += frameToJsonLine(f); });
        QVERIFY(!first.empty());
        QVERIFY(first == second);
        // And the engine can be reused after reset().
        std::string third;
        renderOffline(session, engine, 100.0, [&](const Frame& f) { third += frameToJsonLine(f); });
        QVERIFY(first == third);
    }

    void parameterChangeAppliesOnNextTick() {
        Engine engine;
        pushSteady(engine, Channel::Completion, 40.0, 0.0, 2.0);
        const Frame bright = engine.tick(1.5);
        QVERIFY(!allDark(bright));
        Parameters dark = engine.parameters();
        dark.masterBrightness = 0.0;
        engine.setParameters(dark);
        QVERIFY(allDark(engine.tick(1.51)));
    }

    void invalidParametersAreRefused() {
        Engine engine;
        Parameters bad;
        bad.gamma = 9.0;
        QVERIFY_THROWS_EXCEPTION(std::exception, engine.setParameters(bad));
        QCOMPARE(engine.parameters().gamma, 2.2);
    }

    // LED bytes land at each LED's strip index, not its position in the rig file.
    void framesFollowStripOrder() {
        Rig rig;
        rig.name = "two lobes, wired backwards";
        rig.lobes.push_back(
            {"red", Metric::CompletionLevel, Rgb8{255, 0, 0}, {Led{{}, 1}}, {}, std::nullopt, {}});
        rig.lobes.push_back(
            {"blue", Metric::CompletionLevel, Rgb8{0, 0, 255}, {Led{{}, 0}}, {}, std::nullopt, {}});
        Engine engine(Parameters{}, rig);
        pushSteady(engine, Channel::Completion, 100.0, 0.0, 2.0);
        const Frame frame = engine.tick(2.0);
        QCOMPARE(frame.rgb.size(), std::size_t{6});
        QCOMPARE(frame.rgb[0], std::uint8_t{0});  // strip 0: blue LED, no red
        QVERIFY(frame.rgb[2] > 0);
        QVERIFY(frame.rgb[3] > 0);  // strip 1: red LED
        QCOMPARE(frame.rgb[5], std::uint8_t{0});
    }

    // A late event (stamped before the last tick) counts from the last tick: time never runs
    // backwards and nothing is lost.
    void lateEventsAreClampedNotDropped() {
        Engine engine;
        engine.tick(1.0);
        engine.push(0.5, Channel::Reasoning, 1);
        engine.push(1.02, Channel::Reasoning, 1);
        const Frame frame = engine.tick(1.05);
        QVERIFY(std::abs(frame.channel(Channel::Reasoning).rate - 50.0) < 1e-6);
    }

    void defaultRigIsTheSkull() {
        Engine engine;
        const Frame frame = engine.tick(0.0);
        QCOMPARE(frame.rgb.size(), 3 * engine.rig().ledCount());
        QVERIFY(allDark(frame));
    }
};

QTEST_APPLESS_MAIN(TestEngine)
#include "tst_engine.moc"
