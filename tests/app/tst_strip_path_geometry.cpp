#include <QTest>
#include <QVector3D>
#include <vector>

#include "app/studio/strip_path_geometry.h"
#include "app/studio/studio_engine.h"

using namespace ossynapse;

namespace {
QVector3D point(const Vec3& v) {
    return {static_cast<float>(v.x), static_cast<float>(v.y), static_cast<float>(v.z)};
}
}  // namespace

// The wiring as the Rig tab draws it: a segment per step of the strip, and on each an arrow
// that points the way the data runs (a builder reads the direction off the screen).
class TestStripPathGeometry : public QObject {
    Q_OBJECT

  private slots:
    void arrowsPointDownTheStrip_data() {
        QTest::addColumn<std::vector<Vec3>>("path");
        QTest::newRow("over the forehead")
            << std::vector<Vec3>{{-20, 40, 60}, {0, 45, 62}, {20, 40, 60}};
        QTest::newRow("down the left side")
            << std::vector<Vec3>{{56, 20, 0}, {56, 0, 0}, {54, -20, 5}};
        QTest::newRow("straight up through the centre line")
            << std::vector<Vec3>{{0, -60, 0}, {0, 60, 0}};
    }
    void arrowsPointDownTheStrip() {
        QFETCH(std::vector<Vec3>, path);
        const std::vector<QVector3D> lines = stripPathLines(path, 4.0f);
        const std::size_t segments = path.size() - 1;
        QCOMPARE(lines.size(), 6 * segments);  // the segment and the arrowhead's two barbs
        for (std::size_t s = 0; s < segments; ++s) {
            const QVector3D from = lines[6 * s];
            const QVector3D to = lines[6 * s + 1];
            QCOMPARE(from, point(path[s]));
            QCOMPARE(to, point(path[s + 1]));
            const QVector3D direction = (to - from).normalized();
            for (int barb = 0; barb < 2; ++barb) {
                const QVector3D tip = lines[6 * s + 2 + 2 * barb];
                const QVector3D end = lines[6 * s + 3 + 2 * barb];
                // The barb runs back from the tip: against the data's direction.
                QVERIFY(QVector3D::dotProduct(end - tip, direction) < -1.0f);
                QVERIFY((end - tip).length() <= 4.0f * 1.2f);
                // The tip sits on the segment, past its middle.
                const QVector3D middle = (from + to) * 0.5f;
                QVERIFY(QVector3D::dotProduct(tip - middle, direction) > 0.0f);
                QVERIFY(QVector3D::crossProduct(tip - from, direction).length() < 1e-3f);
            }
            // The two barbs spread to either side.
            const QVector3D a = lines[6 * s + 3] - lines[6 * s + 2];
            const QVector3D b = lines[6 * s + 5] - lines[6 * s + 4];
            QVERIFY(QVector3D::crossProduct(a, b).length() > 1.0f);
        }
    }

    void aRepeatedPointDrawsNoArrow() {
        const std::vector<QVector3D> lines =
            stripPathLines(std::vector<Vec3>{{1, 2, 3}, {1, 2, 3}}, 4.0f);
        QCOMPARE(lines.size(), std::size_t(2));
    }
};

QTEST_APPLESS_MAIN(TestStripPathGeometry)
#include "tst_strip_path_geometry.moc"
