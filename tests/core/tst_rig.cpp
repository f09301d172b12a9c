#include <QTest>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "core/error.h"
#include "core/rig.h"

using namespace ossynapse;
using nlohmann::json;

class TestRig : public QObject {
    Q_OBJECT
  private slots:
    void defaultSkullHasTheSeedsLobes() {
        const Rig rig = Rig::defaultSkull();
        rig.validate();
        std::set<std::string> names;
        for (const Lobe& lobe : rig.lobes) {
            names.insert(lobe.name);
            QVERIFY(!lobe.leds.empty());
        }
        QCOMPARE(names, (std::set<std::string>{"frontal", "temporal_left", "temporal_right",
                                               "parietal", "occipital", "brainstem_ring"}));
        QVERIFY(rig.ledCount() >= 120 && rig.ledCount() <= 200);
    }

    // Lobes sit where their names say (skull space: +x the skull's own left, +y up, +z front).
    // Defect: temporal_left sat at -x, on the skull's right as the studio draws it.
    void defaultLobesAreInPlace() {
        const Rig rig = Rig::defaultSkull();
        for (const Lobe& lobe : rig.lobes) {
            Vec3 mean;
            const double count = static_cast<double>(lobe.leds.size());
            for (const Led& led : lobe.leds) {
                mean.x += led.position.x / count;
                mean.y += led.position.y / count;
                mean.z += led.position.z / count;
            }
            if (lobe.name == "frontal")
                QVERIFY(mean.z > 40.0);
            if (lobe.name == "occipital")
                QVERIFY(mean.z < -40.0);
            if (lobe.name == "temporal_left")
                QVERIFY(mean.x > 40.0);
            if (lobe.name == "temporal_right")
                QVERIFY(mean.x < -40.0);
            if (lobe.name == "parietal")
                QVERIFY(mean.y > 40.0);
            if (lobe.name == "brainstem_ring")
                QVERIFY(mean.y < -40.0);
        }
    }

    void jsonRoundTrip() {
        const Rig rig = Rig::defaultSkull();
        const json text = json::parse(rig.toJson().dump());
        QCOMPARE(Rig::fromJson(text), rig);
        QCOMPARE(text.at("format").get<std::string>(), std::string("ossynapse-rig"));
    }

    void badRigsAreRefused_data() {
        QTest::addColumn<QString>("edit");
        QTest::addColumn<QString>("message");
        QTest::newRow("duplicate strip index")
            << "strip"
            << "rig lobe 0 ('frontal') LED 1: strip index 0 is given to another LED too";
        QTest::newRow("unknown metric")
            << "metric"
            << "rig lobe 0 ('frontal'): 'metric' \"mood\" is not one of reasoning, completion, "
               "activity, burst, reasoning_level, completion_level, layers";
        QTest::newRow("bad colour")
            << "color"
            << "rig lobe 0 ('frontal'): 'color' \"red\" is not a #rrggbb colour";
        QTest::newRow("duplicate name")
            << "name"
            << "rig lobe 1 ('frontal'): the name is used by another lobe";
        QTest::newRow("strip beyond count") << "range"
                                            << "rig lobe 0 ('frontal') LED 0: strip index 999 is "
                                               "outside 0..155 (the rig has 156 LEDs)";
        QTest::newRow("bad position")
            << "pos"
            << "rig lobe 0 ('frontal') LED 0: 'pos' must be [x, y, z] in millimetres";
        // Found by fuzzing: 2^32 + 1 wrapped to version 1 and was read.
        QTest::newRow("version beyond 32 bits")
            << "version"
            << "rig 'version' 4294967297: this build reads version 1 to 1";
    }
    void badRigsAreRefused() {
        QFETCH(QString, edit);
        QFETCH(QString, message);
        json rig = Rig::defaultSkull().toJson();
        json& frontal = rig["lobes"][0];
        if (edit == "strip")
            frontal["leds"][1]["strip"] = 0;
        if (edit == "metric")
            frontal["metric"] = "mood";
        if (edit == "color")
            frontal["color"] = "red";
        if (edit == "name")
            rig["lobes"][1]["name"] = "frontal";
        if (edit == "range")
            frontal["leds"][0]["strip"] = 999;
        if (edit == "pos")
            frontal["leds"][0]["pos"] = json::array({1, 2});
        if (edit == "version")
            rig["version"] = 4294967297LL;
        try {
            Rig::fromJson(rig);
            QFAIL("accepted a bad rig");
        } catch (const InputError& error) {
            QCOMPARE(QString::fromStdString(error.what()), message);
        }
    }

    void colorsParse_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::newRow("lower") << "#ff8000" << true;
        QTest::newRow("upper") << "#FF8000" << true;
        QTest::newRow("short") << "#f80" << false;
        QTest::newRow("no hash") << "ff8000" << false;
        QTest::newRow("not hex") << "#gg8000" << false;
    }
    void colorsParse() {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        const auto color = colorFromHex(text.toStdString());
        QCOMPARE(color.has_value(), valid);
        if (valid) {
            QCOMPARE(*color, (Rgb8{255, 128, 0}));
            QCOMPARE(colorToHex(*color), std::string("#ff8000"));
        }
    }
};

QTEST_APPLESS_MAIN(TestRig)
#include "tst_rig.moc"
