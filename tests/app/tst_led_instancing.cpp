#include <QGuiApplication>
#include <QTest>

#include "app/studio/led_instancing.h"
#include "app/studio/studio_engine.h"

using namespace ossynapse;

// The skull's LEDs as the scene draws them: one instance each, halos left out where the LED is
// dark, halos no wider than the rig's LED spacing allows.
class TestLedInstancing : public QObject {
    Q_OBJECT

    static int instances(LedInstancing& leds) {
        int count = -1;
        leds.instanceBuffer(&count);
        return count;
    }

  private slots:
    // Black LEDs add nothing to an additive halo: with skipDark they are not drawn at all.
    void darkHalosAreLeftOut() {
        StudioEngine engine(nullptr);
        LedInstancing halos;
        halos.setFloor(0.0f);
        halos.setEngine(&engine);
        const int all = engine.ledCount();
        QCOMPARE(instances(halos), all);  // drawn, black, while skipDark is off
        halos.setSkipDark(true);
        QCOMPARE(instances(halos), 0);  // nothing is lit before playing
        // Identify lights one lobe white: its LEDs, and only they, get halos.
        const int lobe = 2;
        engine.identifyLobe(lobe);
        const int lobeLeds = static_cast<int>(engine.rig().lobes[lobe].leds.size());
        QTRY_COMPARE_WITH_TIMEOUT((engine.poll(), instances(halos)), lobeLeds, 3000);
        LedInstancing cores;  // the LEDs themselves: every one, lit or not
        cores.setEngine(&engine);
        QCOMPARE(instances(cores), all);
    }

    // The default skull's halos keep their radius; a lobe grown dense shrinks them to its LED
    // spacing, in proportion to spacingScale.
    void halosFollowTheSpacing() {
        StudioEngine engine(nullptr);
        LedInstancing halos;
        halos.setLedScale(10.0f);
        halos.setSpacingScale(1.0f);
        halos.setEngine(&engine);
        QCOMPARE(halos.drawnScale(), 10.0f);
        for (int lobe = 0; lobe < static_cast<int>(engine.rig().lobes.size()); ++lobe) {
            engine.setLobeLedCount(lobe, 300);
        }
        QCOMPARE(engine.errorText(), QString());
        const float dense = halos.drawnScale();
        QVERIFY2(dense > 0.5f && dense < 9.0f, qPrintable(QString::number(dense)));
        halos.setSpacingScale(0.5f);
        QCOMPARE(halos.drawnScale(), dense / 2.0f);
        halos.setSpacingScale(0.0f);  // off: the radius as set
        QCOMPARE(halos.drawnScale(), 10.0f);
    }
};

QTEST_MAIN(TestLedInstancing)
#include "tst_led_instancing.moc"
