#include <QTest>
#include <cmath>
#include <string>

#include "core/error.h"
#include "core/rig_edit.h"

using namespace ossynapse;

// A small rig to reason about: lobe "a" holds strips 0, 1, 4; lobe "b" holds 2, 3.
static Rig smallRig() {
    Rig rig;
    rig.name = "small";
    rig.lobes.push_back({"a", Metric::Reasoning, {255, 0, 0}, {}, {}, std::nullopt, {}});
    rig.lobes.push_back({"b", Metric::Completion, {0, 0, 255}, {}, {}, std::nullopt, {}});
    rig.lobes[0].leds = {{{0, 0, 0}, 0}, {{10, 0, 0}, 1}, {{40, 0, 0}, 4}};
    rig.lobes[1].leds = {{{20, 0, 0}, 2}, {{30, 0, 0}, 3}};
    rig.validate();
    return rig;
}

// Strip indices in wiring order, read back as the x positions they carry (x = 10 * original
// strip in smallRig), so a rewiring shows as a permutation.
static std::vector<int> wiringOrder(const Rig& rig) {
    std::vector<int> order;
    for (const Vec3& position : rig_edit::stripPath(rig)) {
        order.push_back(static_cast<int>(position.x / 10.0));
    }
    return order;
}

class TestRigEdit : public QObject {
    Q_OBJECT
  private slots:
    void findLedByStrip() {
        const Rig rig = smallRig();
        const auto location = rig_edit::findLed(rig, 3);
        QVERIFY(location.has_value());
        QCOMPARE(location->lobe, std::size_t(1));
        QCOMPARE(location->index, std::size_t(1));
        QVERIFY(!rig_edit::findLed(rig, 5).has_value());
    }

    void addedLedIsWiredLast() {
        const Rig next = rig_edit::addLed(smallRig(), 1, {50, 1, 2});
        next.validate();
        QCOMPARE(next.ledCount(), std::size_t(6));
        QCOMPARE(next.lobes[1].leds.back().strip, 5);
        QCOMPARE(next.lobes[1].leds.back().position, (Vec3{50, 1, 2}));
    }

    void removingAnLedClosesTheGap() {
        const Rig next = rig_edit::removeLed(smallRig(), 1);
        next.validate();
        QCOMPARE(next.ledCount(), std::size_t(4));
        QCOMPARE(wiringOrder(next), (std::vector<int>{0, 2, 3, 4}));
    }

    void movedLedKeepsItsWiring() {
        const Rig next = rig_edit::moveLed(smallRig(), 2, {7, 8, 9});
        next.validate();
        QCOMPARE(next.lobes[1].leds[0].position, (Vec3{7, 8, 9}));
        QCOMPARE(next.lobes[1].leds[0].strip, 2);
    }

    void assignedLedChangesLobeOnly() {
        const Rig next = rig_edit::assignLed(smallRig(), 4, 1);
        next.validate();
        QCOMPARE(next.lobes[0].leds.size(), std::size_t(2));
        QCOMPARE(next.lobes[1].leds.size(), std::size_t(3));
        QCOMPARE(next.lobes[1].leds.back().strip, 4);
        QCOMPARE(next.lobes[1].leds.back().position, (Vec3{40, 0, 0}));
        QCOMPARE(wiringOrder(next), wiringOrder(smallRig()));
    }

    void rewiring_data() {
        QTest::addColumn<int>("strip");
        QTest::addColumn<int>("newStrip");
        QTest::addColumn<std::vector<int>>("order");
        QTest::newRow("forward") << 1 << 3 << std::vector<int>{0, 2, 3, 1, 4};
        QTest::newRow("backward") << 4 << 0 << std::vector<int>{4, 0, 1, 2, 3};
        QTest::newRow("to the end") << 0 << 4 << std::vector<int>{1, 2, 3, 4, 0};
        QTest::newRow("in place") << 2 << 2 << std::vector<int>{0, 1, 2, 3, 4};
    }
    void rewiring() {
        QFETCH(int, strip);
        QFETCH(int, newStrip);
        QFETCH(std::vector<int>, order);
        const Rig next = rig_edit::setStripIndex(smallRig(), strip, newStrip);
        next.validate();
        QCOMPARE(wiringOrder(next), order);
    }

    void lobeCount_data() {
        QTest::addColumn<int>("lobe");
        QTest::addColumn<int>("count");
        QTest::addColumn<std::vector<int>>("order");
        // Shrinking drops the lobe's LEDs wired last.
        QTest::newRow("a to 1") << 0 << 1 << std::vector<int>{0, 2, 3};
        QTest::newRow("b to 0") << 1 << 0 << std::vector<int>{0, 1, 4};
        QTest::newRow("unchanged") << 0 << 3 << std::vector<int>{0, 1, 2, 3, 4};
    }
    void lobeCount() {
        QFETCH(int, lobe);
        QFETCH(int, count);
        QFETCH(std::vector<int>, order);
        const Rig next =
            rig_edit::setLobeLedCount(smallRig(), std::size_t(lobe), std::size_t(count));
        next.validate();
        QCOMPARE(next.lobes[std::size_t(lobe)].leds.size(), std::size_t(count));
        QCOMPARE(wiringOrder(next), order);
    }

    // Grown LEDs follow the lobe's last LED on the wire and sit a few millimetres from it,
    // apart from each other.
    void growingWiresNewLedsAfterTheLobe() {
        const Rig next = rig_edit::setLobeLedCount(smallRig(), 1, 5);
        next.validate();
        QCOMPARE(next.ledCount(), std::size_t(8));
        QCOMPARE(next.lobes[1].leds.size(), std::size_t(5));
        const auto path = rig_edit::stripPath(next);
        const Vec3 anchor{30, 0, 0};
        QCOMPARE(path[3], anchor);            // the lobe's last LED, unmoved
        QCOMPARE(path[7], (Vec3{40, 0, 0}));  // lobe a's LED, pushed down the wire
        const auto distance = [](Vec3 p, Vec3 q) {
            return std::hypot(p.x - q.x, p.y - q.y, p.z - q.z);
        };
        for (std::size_t i = 4; i <= 6; ++i) {
            QCOMPARE(rig_edit::findLed(next, int(i))->lobe, std::size_t(1));
            QVERIFY(distance(path[i], anchor) >= 3.9 && distance(path[i], anchor) <= 8.0);
            for (std::size_t j = 3; j < i; ++j) {
                QVERIFY2(distance(path[i], path[j]) >= 3.0, qPrintable(QString::number(i)));
            }
        }
    }

    // Found by a newcomer: a lobe grown to hundreds of LEDs spread as a flat spiral in the x-y
    // plane, far outside the glass. Grown LEDs stay on the sphere through the lobe's last LED,
    // no nearer each other than 2 mm.
    void grownLobeStaysOnTheSkull_data() {
        QTest::addColumn<int>("lobe");
        QTest::addColumn<int>("count");
        QTest::newRow("frontal to 400") << 0 << 400;
        QTest::newRow("occipital (behind) to 300") << 4 << 300;
        QTest::newRow("parietal (on top) to 300") << 3 << 300;
    }
    void grownLobeStaysOnTheSkull() {
        QFETCH(int, lobe);
        QFETCH(int, count);
        const Rig skull = Rig::defaultSkull();
        const auto length = [](Vec3 p) { return std::hypot(p.x, p.y, p.z); };
        double outermost = 0.0;
        for (const Lobe& each : skull.lobes) {
            for (const Led& led : each.leds) {
                outermost = std::max(outermost, length(led.position));
            }
        }
        const std::vector<Led> before = skull.lobes[std::size_t(lobe)].leds;
        const auto last =
            std::max_element(before.begin(), before.end(),
                             [](const Led& a, const Led& b) { return a.strip < b.strip; });
        const double shell = length(last->position);
        const Rig grown = rig_edit::setLobeLedCount(skull, std::size_t(lobe), std::size_t(count));
        grown.validate();
        const std::vector<Led>& leds = grown.lobes[std::size_t(lobe)].leds;
        QCOMPARE(leds.size(), std::size_t(count));
        for (std::size_t i = before.size(); i < leds.size(); ++i) {
            QVERIFY2(std::abs(length(leds[i].position) - shell) < 1e-6,
                     qPrintable(QString::number(length(leds[i].position))));
            QVERIFY(length(leds[i].position) <= outermost + 1e-6);
            for (std::size_t j = 0; j < i; ++j) {
                const Vec3 p = leds[i].position;
                const Vec3 q = leds[j].position;
                QVERIFY2(std::hypot(p.x - q.x, p.y - q.y, p.z - q.z) >= 2.0,
                         qPrintable(QStringLiteral("LEDs %1 and %2").arg(i).arg(j)));
            }
        }
    }

    void growingAnEmptyLobe() {
        const Rig empty = rig_edit::setLobeLedCount(smallRig(), 1, 0);
        const Rig next = rig_edit::setLobeLedCount(empty, 1, 2);
        next.validate();
        QCOMPARE(next.lobes[1].leds.size(), std::size_t(2));
        QCOMPARE(next.lobes[1].leds[0].strip, 3);
        QCOMPARE(next.lobes[1].leds[1].strip, 4);
    }

    // Nonsense requests name what is wrong.
    void refusals_data() {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("message");
        QTest::newRow("no such LED") << 0 << "no LED at strip index 9";
        QTest::newRow("no such lobe") << 1 << "no lobe 5";
        QTest::newRow("strip out of range") << 2 << "strip index 5 is outside 0..4";
        QTest::newRow("too many LEDs") << 3 << "at most 1000 LEDs";
    }
    void refusals() {
        QFETCH(int, which);
        QFETCH(QString, message);
        const Rig rig = smallRig();
        try {
            switch (which) {
                case 0:
                    rig_edit::moveLed(rig, 9, {});
                    break;
                case 1:
                    rig_edit::addLed(rig, 5, {});
                    break;
                case 2:
                    rig_edit::setStripIndex(rig, 0, 5);
                    break;
                default:
                    rig_edit::setLobeLedCount(rig, 0, 1001);
                    break;
            }
            QFAIL("the edit was accepted");
        } catch (const InputError& error) {
            QVERIFY2(QString::fromStdString(error.what()).contains(message), error.what());
        }
    }
};

QTEST_APPLESS_MAIN(TestRigEdit)
#include "tst_rig_edit.moc"
