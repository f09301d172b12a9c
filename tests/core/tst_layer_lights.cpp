#include <QTest>
#include <algorithm>
#include <cmath>

#include "core/engine.h"
#include "core/offline_render.h"
#include "core/synthetic_session.h"
#include "core/synthetic_telemetry.h"

using namespace ossynapse;

namespace {

constexpr std::uint32_t kLayers = 24;

// A batch where the layers in [from, to) have norm `high` and the others 1.
SummaryBatch batchWith(double t, std::uint32_t from, std::uint32_t to, float high) {
    SummaryBatch batch;
    batch.t = t;
    for (std::uint32_t i = 0; i < kLayers; ++i) {
        const float norm = i >= from && i < to ? high : 1.0f;
        batch.layers.push_back({i, BlockKind::Residual, 0.0f, norm, norm, 1.0f});
    }
    return batch;
}

ModelMeta meta() {
    return TelemetrySimulator(TelemetrySimulation{kLayers, 10.0, 1, "test", std::nullopt, 24})
        .meta();
}

// The brightest byte of a lobe's LEDs in a frame.
int lobeBrightness(const Rig& rig, const Frame& frame, const std::string& name) {
    for (const Lobe& lobe : rig.lobes) {
        if (lobe.name == name) {
            int brightest = 0;
            for (const Led& led : lobe.leds) {
                for (int c = 0; c < 3; ++c) {
                    brightest = std::max(
                        brightest, int(frame.rgb[3 * std::size_t(led.strip) + std::size_t(c)]));
                }
            }
            return brightest;
        }
    }
    return -1;
}

Session sessionWithTelemetry() {
    Session session = synthesizeSession(SyntheticKind::ShortAnswer, 3, "test");
    const TelemetrySimulator simulator(
        TelemetrySimulation{kLayers, 10.0, 5, "test", std::nullopt, 24});
    session.telemetry.emplace_back(std::in_place_type<ModelMeta>, simulator.meta());
    for (std::uint32_t step = 0; step / 10.0 < session.duration(); ++step) {
        session.telemetry.emplace_back(std::in_place_type<SummaryBatch>, simulator.batch(step));
    }
    return session;
}

}  // namespace

// Lobes bound to layers, through the engine: depth groups, scaling, hold, spikes, determinism.
class TestLayerLights : public QObject {
    Q_OBJECT
  private slots:
    // The telemetry skull maps depth front to back: busy first layers light the frontal lobe,
    // busy late layers the occipital lobe.
    void depthGroupsLightTheirLobes_data() {
        QTest::addColumn<int>("from");
        QTest::addColumn<int>("to");
        QTest::addColumn<QString>("lit");
        QTest::addColumn<QString>("dim");
        QTest::newRow("first layers") << 0 << 4 << "frontal"
                                      << "occipital";
        QTest::newRow("middle layers") << 12 << 16 << "parietal"
                                       << "frontal";
        QTest::newRow("late layers") << 16 << 20 << "occipital"
                                     << "temporal_left";
    }
    void depthGroupsLightTheirLobes() {
        QFETCH(int, from);
        QFETCH(int, to);
        QFETCH(QString, lit);
        QFETCH(QString, dim);
        const Rig rig = Rig::telemetrySkull();
        Engine engine({}, rig);
        engine.push(meta());
        // A first batch sets every group's scale; in the second, only [from, to) is busy.
        engine.push(batchWith(0.1, 0, kLayers, 10.0f));
        engine.push(batchWith(0.2, std::uint32_t(from), std::uint32_t(to), 10.0f));
        const Frame frame = engine.tick(0.25);
        QVERIFY2(lobeBrightness(rig, frame, lit.toStdString()) > 200,
                 qPrintable(QString::number(lobeBrightness(rig, frame, lit.toStdString()))));
        QVERIFY(lobeBrightness(rig, frame, dim.toStdString()) < 60);
    }

    void lobesGoDarkWhenTelemetryStops() {
        const Rig rig = Rig::telemetrySkull();
        Engine engine({}, rig);
        engine.push(meta());
        engine.push(batchWith(0.1, 0, kLayers, 10.0f));
        QVERIFY(lobeBrightness(rig, engine.tick(0.5), "frontal") > 200);
        QVERIFY(lobeBrightness(rig, engine.tick(0.1 + LayerLights::kHoldS - 0.01), "frontal") >
                200);
        QCOMPARE(lobeBrightness(rig, engine.tick(0.1 + LayerLights::kHoldS + 0.01), "frontal"), 0);
    }

    // While a model learns: lobes bound to the gradient norm follow training steps, the
    // blocks that learn most light their lobe, and all go dark when training stops.
    void gradientLobesFollowTraining_data() {
        QTest::addColumn<QString>("stat");
        QTest::newRow("gradient") << "gradient";
        QTest::newRow("weight change") << "weight_change";
    }
    void gradientLobesFollowTraining() {
        QFETCH(QString, stat);
        Rig rig = Rig::telemetrySkull();
        for (Lobe& lobe : rig.lobes) {
            lobe.layers.stat = *layerStatFromName(stat.toStdString());
        }
        const auto step = [&](double t, std::uint32_t busyFrom, std::uint32_t busyTo) {
            TrainingStep training;
            training.t = t;
            training.loss = 2.0f;
            for (std::uint32_t i = 0; i < kLayers; ++i) {
                const float value = i >= busyFrom && i < busyTo ? 8.0f : 0.5f;
                training.layers.push_back({static_cast<std::uint16_t>(i), value, value / 100});
            }
            return training;
        };
        Engine engine({}, rig);
        engine.push(meta());
        engine.push(step(0.1, 0, kLayers));
        // A summary batch says nothing of learning: it must not move these lobes.
        engine.push(batchWith(0.15, 0, kLayers, 10.0f));
        engine.push(step(0.2, 0, 4));
        const Frame learning = engine.tick(0.25);
        QVERIFY2(lobeBrightness(rig, learning, "frontal") > 200,
                 qPrintable(QString::number(lobeBrightness(rig, learning, "frontal"))));
        QVERIFY(lobeBrightness(rig, learning, "occipital") < 60);
        QCOMPARE(lobeBrightness(rig, engine.tick(0.2 + LayerLights::kHoldS + 0.01), "frontal"), 0);
    }

    // Found by a newcomer's trial: step 0's gradient is 100 times the rest, and scaled by the
    // session's peak the lobe sat at a few percent for the rest of training. The peak decays.
    void gradientLobeStaysVisibleAsGradientsShrink() {
        Rig rig = Rig::telemetrySkull();
        for (Lobe& lobe : rig.lobes) {
            lobe.layers.stat = LayerStat::Gradient;
        }
        Engine engine({}, rig);
        engine.push(meta());
        const auto step = [](double t, float gradient) {
            TrainingStep training;
            training.t = t;
            training.loss = 2.0f;
            for (std::uint32_t i = 0; i < kLayers; ++i) {
                training.layers.push_back({static_cast<std::uint16_t>(i), gradient, 0.0f});
            }
            return training;
        };
        engine.push(step(0.1, 100.0f));
        QVERIFY(lobeBrightness(rig, engine.tick(0.15), "frontal") > 200);
        int at39 = -1;
        for (int k = 1; k <= 600; ++k) {
            const double t = 0.1 + 0.1 * k;
            engine.push(step(t, 1.0f));
            const int brightness = lobeBrightness(rig, engine.tick(t + 0.05), "frontal");
            if (k == 390) {
                at39 = brightness;
            }
        }
        // 60 s after the large first step the steady gradient fills the scale again; 39 s
        // after it (the peak decayed to 2), part of the way.
        QVERIFY2(lobeBrightness(rig, engine.tick(60.15), "frontal") > 200,
                 qPrintable(QString::number(lobeBrightness(rig, engine.tick(60.15), "frontal"))));
        QVERIFY2(at39 > 0 && at39 < 200, qPrintable(QString::number(at39)));
    }

    // The ring spikes: on or off, never between, and its sparsity is counted.
    void spikingLobeFiresAndCountsSilence() {
        const Rig rig = Rig::telemetrySkull();
        Engine engine({}, rig);
        engine.push(meta());
        std::vector<int> seen;
        for (int step = 0; step < 20; ++step) {
            // The last layers alternate: busy on even steps, quiet on odd ones.
            engine.push(batchWith(0.1 * step, 20, 24, step % 2 == 0 ? 10.0f : 2.0f));
            seen.push_back(lobeBrightness(rig, engine.tick(0.1 * step + 0.05), "brainstem_ring"));
        }
        for (std::size_t i = 0; i < seen.size(); ++i) {
            QVERIFY2(seen[i] == 0 || seen[i] > 200, qPrintable(QString::number(seen[i])));
            QCOMPARE(seen[i] > 0, i % 2 == 0);
        }
        const std::size_t ring = rig.lobes.size() - 1;
        QCOMPARE(engine.lobeSparsity(ring), 0.5);
        QCOMPARE(engine.lobeSparsity(0), -1.0);
    }

    // A recording with telemetry renders to the same frames every time, at any tick rate the
    // frames share, and the telemetry changes them.
    void recordingWithTelemetryReplaysTheSame() {
        const Session session = sessionWithTelemetry();
        const Rig rig = Rig::telemetrySkull();
        const auto render = [&](const Session& s, double fps) {
            Engine engine({}, rig);
            std::vector<std::vector<std::uint8_t>> frames;
            renderOffline(s, engine, fps, [&](const Frame& f) { frames.push_back(f.rgb); });
            return frames;
        };
        const auto first = render(session, 50);
        const auto second = render(session, 50);
        QVERIFY(first.size() > 100);
        QVERIFY(first == second);
        // Every other frame at 100 fps is a frame at 50 fps: the tick rate does not matter.
        const auto faster = render(session, 100);
        for (std::size_t k = 0; k < first.size() && 2 * k < faster.size(); ++k) {
            QVERIFY2(faster[2 * k] == first[k], qPrintable(QString::number(k)));
        }
        Session withoutTelemetry = session;
        withoutTelemetry.telemetry.clear();
        QVERIFY(render(withoutTelemetry, 50) != first);
        const auto lit = std::count_if(first.begin(), first.end(), [](const auto& rgb) {
            return std::any_of(rgb.begin(), rgb.end(), [](std::uint8_t b) { return b > 0; });
        });
        QVERIFY(lit > static_cast<long>(first.size()) / 2);
    }

    void simulatorIsDeterministic() {
        const TelemetrySimulator a(TelemetrySimulation{12, 5.0, 9, "x", std::nullopt, 24});
        const TelemetrySimulator b(TelemetrySimulation{12, 5.0, 9, "x", std::nullopt, 24});
        QVERIFY(a.batch(17) == b.batch(17));
        QCOMPARE(a.batch(17).t, 3.4);
        QCOMPARE(a.meta().layers.size(), std::size_t(12));
        QVERIFY(!(a.batch(17) == a.batch(18)));
        // Deeper layers carry larger norms, as residual streams do.
        const SummaryBatch batch = a.batch(3);
        QVERIFY(batch.layers.back().l2 > batch.layers.front().l2);
    }
};

QTEST_APPLESS_MAIN(TestLayerLights)
#include "tst_layer_lights.moc"
