#include <QTest>
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>
#include <vector>

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

    // The default strip is one a builder can solder: within a lobe a serpentine of short steps,
    // between lobes a hop along the skull to a neighbouring one. Defects: the strip went from
    // the left temporal lobe straight to the right one, through the middle of the head, and
    // nearest-first wiring left a 79.5 mm step inside a lobe.
    void defaultStripIsWireable() {
        const Rig rig = Rig::defaultSkull();
        std::vector<std::pair<Vec3, std::size_t>> byStrip(rig.ledCount());
        for (std::size_t l = 0; l < rig.lobes.size(); ++l) {
            for (const Led& led : rig.lobes[l].leds) {
                byStrip[static_cast<std::size_t>(led.strip)] = {led.position, l};
            }
        }
        const auto distance = [](const Vec3& a, const Vec3& b) {
            return std::sqrt((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y) +
                             (a.z - b.z) * (a.z - b.z));
        };
        double longestInLobe = 0.0;
        int lobeChanges = 0;
        for (std::size_t i = 1; i < byStrip.size(); ++i) {
            const Vec3& a = byStrip[i - 1].first;
            const Vec3& b = byStrip[i].first;
            if (byStrip[i - 1].second == byStrip[i].second) {
                longestInLobe = std::max(longestInLobe, distance(a, b));
                continue;
            }
            ++lobeChanges;
            // A hop between lobes stays near the shell the LEDs sit on (x 56, y 64, z 76 mm):
            // its midpoint is at least 60 % of the way out from the centre.
            const Vec3 mid{(a.x + b.x) / 2, (a.y + b.y) / 2, (a.z + b.z) / 2};
            const double out = std::sqrt((mid.x / 56) * (mid.x / 56) + (mid.y / 64) * (mid.y / 64) +
                                         (mid.z / 76) * (mid.z / 76));
            QVERIFY2(
                out > 0.6,
                qPrintable(QStringLiteral("%1 to %2 crosses the head (%3)")
                               .arg(QString::fromStdString(rig.lobes[byStrip[i - 1].second].name))
                               .arg(QString::fromStdString(rig.lobes[byStrip[i].second].name))
                               .arg(out)));
        }
        QCOMPARE(lobeChanges, static_cast<int>(rig.lobes.size()) - 1);  // each lobe in one run
        QVERIFY2(longestInLobe < 30.0, qPrintable(QString::number(longestInLobe)));
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
            << "rig 'version' 4294967297: this build reads version 1";
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
