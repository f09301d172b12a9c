#include <QGuiApplication>
#include <QTest>
#include <QVector4D>

#include "app/studio/lobe_light_texture.h"
#include "app/studio/studio_engine.h"

using namespace ossynapse;

// The light each lobe spills onto the glass: one texel per lobe, its centre and radius, and
// the mean light of its LEDs in the latest frame; only a lit lobe spills.
class TestLobeLightTexture : public QObject {
    Q_OBJECT

  private slots:
    void onlyTheLitLobeSpills_data() {
        QTest::addColumn<int>("lobe");
        QTest::newRow("frontal") << 0;
        QTest::newRow("temporal_right") << 2;
        QTest::newRow("the ring") << 5;
    }
    void onlyTheLitLobeSpills() {
        QFETCH(int, lobe);
        StudioEngine engine(nullptr);
        LobeLightTexture light;
        light.setEngine(&engine);
        QCOMPARE(light.lobeCount(), static_cast<int>(engine.rig().lobes.size()));
        QCOMPARE(light.textureData().size(),
                 qsizetype(2 * LobeLightTexture::kMaxLobes * 4 * sizeof(float)));
        for (int l = 0; l < light.lobeCount(); ++l) {
            QCOMPARE(light.lightOf(l), QVector4D());  // nothing plays: all dark
        }
        // Identify lights one lobe white, on screen and on the real skull alike.
        engine.identifyLobe(lobe);
        QTRY_VERIFY_WITH_TIMEOUT((engine.poll(), light.lightOf(lobe).w() > 0.99f), 3000);
        const QVector4D lit = light.lightOf(lobe);
        QVERIFY(lit.x() > 0.5f && lit.y() > 0.5f && lit.z() > 0.5f);
        for (int l = 0; l < light.lobeCount(); ++l) {
            if (l != lobe) {
                QCOMPARE(light.lightOf(l), QVector4D());
            }
        }
    }

    void centresFollowTheRig() {
        StudioEngine engine(nullptr);
        LobeLightTexture light;
        light.setEngine(&engine);
        const auto* texels = reinterpret_cast<const float*>(light.textureData().constData());
        const Lobe& frontal = engine.rig().lobes[0];
        double z = 0.0;
        for (const Led& led : frontal.leds) {
            z += led.position.z / static_cast<double>(frontal.leds.size());
        }
        QVERIFY(std::abs(texels[2] - static_cast<float>(z)) < 0.01f);  // row 0, lobe 0, z
        QVERIFY(texels[3] >= 10.0f);                                   // its radius
        // A rig with one lobe fewer: the texture follows.
        Rig smaller = engine.rig();
        smaller.lobes.pop_back();
        engine.applyRig(smaller);
        QCOMPARE(light.lobeCount(), static_cast<int>(smaller.lobes.size()));
    }
};

QTEST_MAIN(TestLobeLightTexture)
#include "tst_lobe_light_texture.moc"
