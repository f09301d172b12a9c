#include <QTest>
#include <algorithm>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/engine.h"
#include "core/error.h"
#include "core/lobe_effect.h"
#include "core/rig.h"

using namespace ossynapse;

namespace {

// One lobe of 10 LEDs in a row, wired in order, lit white by a steady answer.
Rig rowRig(LobeEffect effect) {
    Rig rig;
    rig.name = "a row";
    Lobe lobe{"row", Metric::CompletionLevel, Rgb8{255, 255, 255}, {}, {}, std::nullopt, effect};
    for (int i = 0; i < 10; ++i) {
        lobe.leds.push_back({{static_cast<double>(i) * 10.0, static_cast<double>(i), 0.0}, i});
    }
    rig.lobes.push_back(std::move(lobe));
    return rig;
}

// The engine's frames at `times` with `rig`, after 3 s of a steady 100 tokens/s answer.
std::vector<Frame> framesAt(const Rig& rig, const std::vector<double>& times) {
    Engine engine;
    engine.setRig(rig);
    for (int k = 0; k < 2000; ++k) {
        engine.push(k / 100.0, Channel::Completion, 1);
    }
    std::vector<Frame> frames;
    for (double t = 0.0; t <= 3.0; t += 0.01) {
        engine.tick(t);
    }
    for (double t : times) {
        frames.push_back(engine.tick(t));
    }
    return frames;
}

int brightestLed(const Frame& frame) {
    int best = 0;
    for (int i = 0; i < 10; ++i) {
        if (frame.rgb[3 * static_cast<std::size_t>(i)] >
            frame.rgb[3 * static_cast<std::size_t>(best)]) {
            best = i;
        }
    }
    return best;
}

}  // namespace

class TestLobeEffect : public QObject {
    Q_OBJECT
  private slots:
    void gainsAreBounded_data() {
        QTest::addColumn<int>("kind");
        QTest::newRow("chase") << static_cast<int>(EffectKind::Chase);
        QTest::newRow("wave") << static_cast<int>(EffectKind::Wave);
        QTest::newRow("sparkle") << static_cast<int>(EffectKind::Sparkle);
    }
    void gainsAreBounded() {
        QFETCH(int, kind);
        const LobeEffect effect{static_cast<EffectKind>(kind), 1.0, EffectAxis::Strip};
        double low = 1.0;
        double high = 0.0;
        for (int i = 0; i <= 100; ++i) {
            for (int step = 0; step < 50; ++step) {
                const double g =
                    effectGain(effect, i / 100.0, step * 0.037, static_cast<std::uint64_t>(i));
                QVERIFY(g >= 0.0 && g <= 1.0);
                low = std::min(low, g);
                high = std::max(high, g);
            }
        }
        QVERIFY(high > 0.99);  // somewhere at full: the lobe's level still reaches its LEDs
        QVERIFY(low < 0.2);    // and somewhere well below it: the light moves
    }

    // The head of a chase runs along the strip: a quarter period on, a quarter of the lobe on.
    void chaseRunsAlongTheStrip() {
        const LobeEffect chase{EffectKind::Chase, 2.0, EffectAxis::Strip};
        const std::vector<Frame> frames = framesAt(rowRig(chase), {4.0, 4.5, 5.0});
        const int a = brightestLed(frames[0]);
        const int b = brightestLed(frames[1]);
        const int c = brightestLed(frames[2]);
        QCOMPARE((b - a + 10) % 10, 2);  // 0.25 of 9 steps from first to last, rounded: 2
        QCOMPARE((c - b + 10) % 10, 2);
        // Behind the head it fades; ahead of it is dark.
        QVERIFY(frames[0].rgb[3 * static_cast<std::size_t>((a + 9) % 10)] > 0);
        QCOMPARE(frames[0].rgb[3 * static_cast<std::size_t>((a + 5) % 10)], std::uint8_t(0));
    }

    // Frames are a function of the rig, the events and the time, effects included: two runs
    // agree byte for byte, and a lobe without an effect is lit evenly as before.
    void effectsAreDeterministic_data() {
        QTest::addColumn<int>("kind");
        QTest::newRow("none") << static_cast<int>(EffectKind::None);
        QTest::newRow("chase") << static_cast<int>(EffectKind::Chase);
        QTest::newRow("wave") << static_cast<int>(EffectKind::Wave);
        QTest::newRow("sparkle") << static_cast<int>(EffectKind::Sparkle);
    }
    void effectsAreDeterministic() {
        QFETCH(int, kind);
        const LobeEffect effect{static_cast<EffectKind>(kind), 0.8, EffectAxis::Height};
        const std::vector<double> times = {3.3, 3.7, 4.1, 4.6};
        const std::vector<Frame> first = framesAt(rowRig(effect), times);
        const std::vector<Frame> second = framesAt(rowRig(effect), times);
        for (std::size_t i = 0; i < times.size(); ++i) {
            QCOMPARE(first[i].rgb, second[i].rgb);
            QCOMPARE(first[i].wireDuty, second[i].wireDuty);
        }
        const auto [low, high] = std::minmax_element(first[0].rgb.begin(), first[0].rgb.end());
        if (effect.kind == EffectKind::None) {
            QCOMPARE(*low, *high);
        } else {
            QVERIFY(*low < *high);
        }
    }

    // The wire the lobe hangs on follows its brightest LED, as the Pi computes it from the LED
    // bytes of the wire's lobes: were it driven by the lobe's level, the two would disagree
    // whenever an effect leaves every LED below that level.
    void wireFollowsTheBrightestLed() {
        const LobeEffect wave{EffectKind::Wave, 1.0, EffectAxis::Strip};
        const Frame lit = framesAt(rowRig(wave), {3.5})[0];
        const Frame even = framesAt(rowRig(LobeEffect{}), {3.5})[0];
        const std::uint8_t brightest = *std::max_element(lit.rgb.begin(), lit.rgb.end());
        QVERIFY(brightest > 0);
        const std::size_t wire = 1;  // completion lobes hang on wire B
        QVERIFY(lit.wireDuty[wire] <= even.wireDuty[wire]);
        QVERIFY(lit.wireDuty[wire] > 0);
        // 16-bit duty and 8-bit byte agree within one byte step.
        QVERIFY(std::abs(lit.wireDuty[wire] / 257.0 - brightest) <= 1.0);
    }

    void rigJsonKeepsTheEffect() {
        const Rig rig = rowRig(LobeEffect{EffectKind::Sparkle, 2.5, EffectAxis::Height});
        const nlohmann::json json = nlohmann::json::parse(rig.toJson().dump());
        QCOMPARE(json["lobes"][0]["effect"]["kind"].get<std::string>(), std::string("sparkle"));
        QCOMPARE(Rig::fromJson(json), rig);
        // A lobe without one writes none: rigs on the even light read as before.
        QVERIFY(!Rig::defaultSkull().toJson()["lobes"][0].contains("effect"));
    }

    void badEffectsAreRefusedInWords_data() {
        QTest::addColumn<QString>("effect");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown kind") << R"({"kind": "strobe"})"
                                      << "rig lobe 0 ('row'): effect 'kind' \"strobe\" is not one "
                                         "of none, chase, wave, sparkle";
        QTest::newRow("period too short") << R"({"kind": "chase", "period_s": 0})"
                                          << "rig lobe 0 ('row'): effect 'period_s' 0 must be a "
                                             "number of seconds from 0.05 to 600";
        QTest::newRow("unknown axis")
            << R"({"kind": "wave", "along": "sideways"})"
            << "rig lobe 0 ('row'): effect 'along' \"sideways\" is not one of strip, height";
        QTest::newRow("not an object")
            << R"("chase")"
            << "rig lobe 0 ('row'): 'effect' must be an object such as {\"kind\": \"chase\"}";
    }
    void badEffectsAreRefusedInWords() {
        QFETCH(QString, effect);
        QFETCH(QString, message);
        nlohmann::json json = rowRig(LobeEffect{}).toJson();
        json["lobes"][0]["effect"] = nlohmann::json::parse(effect.toStdString());
        try {
            Rig::fromJson(json);
            QFAIL("accepted");
        } catch (const InputError& error) {
            QCOMPARE(QString::fromUtf8(error.what()), message);
        }
    }
};

QTEST_APPLESS_MAIN(TestLobeEffect)
#include "tst_lobe_effect.moc"
