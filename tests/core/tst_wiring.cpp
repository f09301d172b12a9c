// The two-wire rule (core/wiring.h): which LEDs hang on wire A and wire B, and the duties the
// engine, the studio's wire view and the daemon's PWM outputs drive from it.
#include <QTest>
#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/engine.h"
#include "core/error.h"
#include "core/offline_render.h"
#include "core/synthetic_session.h"
#include "core/wiring.h"

using namespace ossynapse;
using nlohmann::json;

Q_DECLARE_METATYPE(std::vector<std::uint8_t>)

namespace {

json lobeJson(const char* name, const char* metric, int strip) {
    return {{"name", name},
            {"metric", metric},
            {"color", "#ffffff"},
            {"leds", json::array({{{"pos", {strip, 0, 0}}, {"strip", strip}}})}};
}

json rigJson(json lobes) {
    return {{"format", "ossynapse-rig"}, {"version", 1}, {"name", "t"}, {"lobes", lobes}};
}

// The rule the daemon used before the rig owned the wiring: wire A the brightest byte of the
// first half of the strip, wire B of the rest. Kept here to show the defect it caused.
std::uint16_t halvesRuleWireA(const std::vector<std::uint8_t>& rgb) {
    const std::size_t half = rgb.size() / 3 / 2;
    return static_cast<std::uint16_t>(
        *std::max_element(rgb.begin(), rgb.begin() + static_cast<std::ptrdiff_t>(3 * half)) * 257);
}

}  // namespace

class TestWiring : public QObject {
    Q_OBJECT
  private slots:
    // Seed 000: the reasoning lobes on wire A (red), the rest on wire B (white).
    void defaultSkullWiresReasoningLobesToA() {
        const Rig rig = Rig::defaultSkull();
        std::size_t onA = 0;
        for (const Lobe& lobe : rig.lobes) {
            const bool reasoning = lobe.name == "frontal" || lobe.name == "parietal";
            QCOMPARE(wireOf(lobe), reasoning ? Wire::A : Wire::B);
            onA += reasoning ? lobe.leds.size() : 0;
        }
        const WireLeds wires = wireLeds(rig);
        QCOMPARE(wires.strips[0].size(), onA);
        QCOMPARE(wires.strips[0].size() + wires.strips[1].size(), rig.ledCount());
    }

    void rigNamesItsWire_data() {
        QTest::addColumn<QString>("metric");
        QTest::addColumn<QString>("wire");  // empty: no "wire" field
        QTest::addColumn<int>("expected");  // static_cast<int>(Wire)
        QTest::newRow("reasoning, default") << "reasoning"
                                            << "" << int(Wire::A);
        QTest::newRow("reasoning_level, default") << "reasoning_level"
                                                  << "" << int(Wire::A);
        QTest::newRow("completion, default") << "completion"
                                             << "" << int(Wire::B);
        QTest::newRow("burst, default") << "burst"
                                        << "" << int(Wire::B);
        QTest::newRow("layers, default") << "layers"
                                         << "" << int(Wire::B);
        QTest::newRow("completion on a") << "completion"
                                         << "a" << int(Wire::A);
        QTest::newRow("reasoning on b") << "reasoning"
                                        << "b" << int(Wire::B);
        QTest::newRow("reasoning on none") << "reasoning"
                                           << "none" << int(Wire::None);
    }
    void rigNamesItsWire() {
        QFETCH(QString, metric);
        QFETCH(QString, wire);
        QFETCH(int, expected);
        json lobe = lobeJson("l", metric.toStdString().c_str(), 0);
        if (!wire.isEmpty()) {
            lobe["wire"] = wire.toStdString();
        }
        const Rig rig = Rig::fromJson(rigJson(json::array({lobe})));
        QCOMPARE(int(wireOf(rig.lobes[0])), expected);
        // Written back only when the rig chose it; either way it reads back the same.
        QCOMPARE(rig.toJson()["lobes"][0].contains("wire"), !wire.isEmpty());
        QVERIFY(Rig::fromJson(rig.toJson()) == rig);
    }

    void badWireIsRefusedInWords_data() {
        QTest::addColumn<QString>("wire");  // JSON text
        QTest::newRow("unknown name") << R"("c")";
        QTest::newRow("upper case") << R"("A")";
        QTest::newRow("number") << "1";
        QTest::newRow("null") << "null";
    }
    void badWireIsRefusedInWords() {
        QFETCH(QString, wire);
        json lobe = lobeJson("frontal", "reasoning", 0);
        lobe["wire"] = json::parse(wire.toStdString());
        try {
            Rig::fromJson(rigJson(json::array({lobe})));
            QFAIL("accepted");
        } catch (const InputError& error) {
            const std::string message = error.what();
            QVERIFY2(message.find("'frontal'") != std::string::npos &&
                         message.find("'wire'") != std::string::npos &&
                         message.find("a, b, none") != std::string::npos,
                     error.what());
        }
    }

    void dutiesFromLedBytes_data() {
        QTest::addColumn<std::vector<std::uint8_t>>("rgb");
        QTest::addColumn<int>("dutyA");
        QTest::addColumn<int>("dutyB");
        // The rig below: LED 0 and 2 on A, LED 1 on B, LED 3 on no wire.
        QTest::newRow("dark") << std::vector<std::uint8_t>(12, 0) << 0 << 0;
        QTest::newRow("brightest byte of any colour")
            << std::vector<std::uint8_t>{0, 51, 0, 0, 0, 255, 10, 0, 0, 0, 0, 0} << 51 * 257
            << 65535;
        QTest::newRow("brightest LED on the wire")
            << std::vector<std::uint8_t>{10, 0, 0, 0, 0, 0, 0, 0, 200, 0, 0, 0} << 200 * 257 << 0;
        QTest::newRow("an LED on no wire counts for nothing")
            << std::vector<std::uint8_t>{0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255} << 0 << 0;
        QTest::newRow("LEDs beyond a short frame count for nothing")
            << std::vector<std::uint8_t>{0, 0, 0, 7, 7, 7} << 0 << 7 * 257;
    }
    void dutiesFromLedBytes() {
        QFETCH(std::vector<std::uint8_t>, rgb);
        QFETCH(int, dutyA);
        QFETCH(int, dutyB);
        json none = lobeJson("off", "activity", 3);
        none["wire"] = "none";
        json a = lobeJson("a", "reasoning", 0);
        a["leds"].push_back({{"pos", {2, 0, 0}}, {"strip", 2}});
        const Rig rig =
            Rig::fromJson(rigJson(json::array({a, lobeJson("b", "completion", 1), none})));
        const WireDuties duties = wireDutiesFromLeds(rgb, wireLeds(rig));
        QCOMPARE(int(duties[0]), dutyA);
        QCOMPARE(int(duties[1]), dutyB);
    }

    // The engine's 16-bit duties and the duties a receiver computes from the same frame's LED
    // bytes agree within one byte step (1/255) on every frame of every kind of session.
    void engineDutiesMatchTheLedBytes_data() {
        QTest::addColumn<int>("kind");
        for (std::string_view name : syntheticKindNames()) {
            QTest::newRow(std::string(name).c_str()) << int(*syntheticKindFromName(name));
        }
    }
    void engineDutiesMatchTheLedBytes() {
        QFETCH(int, kind);
        const Session session = synthesizeSession(static_cast<SyntheticKind>(kind), 7, "t");
        Engine engine;
        const WireLeds wires = wireLeds(engine.rig());
        int frames = 0;
        int lit = 0;
        int worst = 0;
        renderOffline(session, engine, 50.0, [&](const Frame& frame) {
            const WireDuties fromBytes = wireDutiesFromLeds(frame.rgb, wires);
            for (std::size_t wire = 0; wire < kWireCount; ++wire) {
                worst = std::max(worst, std::abs(int(frame.wireDuty[wire]) - int(fromBytes[wire])));
            }
            lit += frame.wireDuty[0] > 0 || frame.wireDuty[1] > 0;
            ++frames;
        });
        QVERIFY(lit > frames / 4);
        QVERIFY2(worst <= 257, qPrintable(QString::number(worst)));
    }

    // Defect: the daemon took wire A from the first half of the strip, which holds completion
    // lobes too, so the answer alone lit the red reasoning wire. By the rig's wiring, a slow
    // answer (no heartbeat accent) leaves wire A dark on every frame.
    void answerAloneLeavesWireADark() {
        Engine engine;
        for (int k = 0; k < 60; ++k) {
            engine.push(k / 20.0, Channel::Completion, 1);  // 20 tokens/s for 3 s
        }
        int halvesLitA = 0;
        for (int k = 0; k <= 300; ++k) {
            const Frame frame = engine.tick(k / 100.0);
            QCOMPARE(frame.burstAccent, 0.0);
            QCOMPARE(int(frame.wireDuty[0]), 0);
            QCOMPARE(int(wireDutiesFromLeds(frame.rgb, wireLeds(engine.rig()))[0]), 0);
            halvesLitA += halvesRuleWireA(frame.rgb) > 0;
        }
        QVERIFY(engine.tick(2.5).wireDuty[1] > 0);
        QVERIFY2(halvesLitA > 200, "the halves rule should light wire A on this answer");
    }
};

QTEST_APPLESS_MAIN(TestWiring)
#include "tst_wiring.moc"
