#include <QFile>
#include <QGuiApplication>
#include <QTest>
#include <QVector3D>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <utility>

#include "app/studio/skull_geometry.h"
#include "core/obj_mesh.h"
#include "core/rig.h"

using namespace ossynapse;

namespace {

using Triangle = std::array<QVector3D, 3>;

TriangleMesh loadSkull() {
    QFile file(SkullGeometry::meshPath());
    if (!file.open(QIODevice::ReadOnly)) {
        qFatal("cannot open %s", qPrintable(SkullGeometry::meshPath()));
    }
    const QByteArray text = file.readAll();
    return parseObj(std::string_view(text.constData(), std::size_t(text.size())));
}

const TriangleMesh& skull() {
    static const TriangleMesh mesh = loadSkull();
    return mesh;
}

QVector3D at(const TriangleMesh& mesh, std::uint32_t index) {
    const auto& p = mesh.positions[index];
    return {p[0], p[1], p[2]};
}

Triangle triangle(const TriangleMesh& mesh, std::size_t t) {
    return {at(mesh, mesh.indices[3 * t]), at(mesh, mesh.indices[3 * t + 1]),
            at(mesh, mesh.indices[3 * t + 2])};
}

std::size_t triangleCount(const TriangleMesh& mesh) {
    return mesh.indices.size() / 3;
}

// Möller-Trumbore: does the ray from `origin` along `direction` cross the triangle ahead?
bool rayHits(const QVector3D& origin, const QVector3D& direction, const Triangle& tri) {
    const QVector3D e1 = tri[1] - tri[0];
    const QVector3D e2 = tri[2] - tri[0];
    const QVector3D p = QVector3D::crossProduct(direction, e2);
    const float det = QVector3D::dotProduct(e1, p);
    if (std::abs(det) < 1e-9f) {
        return false;
    }
    const QVector3D s = origin - tri[0];
    const float u = QVector3D::dotProduct(s, p) / det;
    if (u < 0.0f || u > 1.0f) {
        return false;
    }
    const QVector3D q = QVector3D::crossProduct(s, e1);
    const float v = QVector3D::dotProduct(direction, q) / det;
    if (v < 0.0f || u + v > 1.0f) {
        return false;
    }
    return QVector3D::dotProduct(e2, q) / det > 0.0f;
}

// Inside a closed surface a ray crosses it an odd number of times. Three rays vote, so a ray
// grazing an edge (counted twice or not at all) cannot decide alone.
bool inside(const TriangleMesh& mesh, const QVector3D& point) {
    const std::array<QVector3D, 3> directions = {QVector3D(0.31f, 0.87f, 0.38f).normalized(),
                                                 QVector3D(-0.72f, 0.11f, -0.68f).normalized(),
                                                 QVector3D(0.05f, -0.93f, 0.36f).normalized()};
    int votes = 0;
    for (const QVector3D& direction : directions) {
        int crossings = 0;
        for (std::size_t t = 0; t < triangleCount(mesh); ++t) {
            crossings += rayHits(point, direction, triangle(mesh, t)) ? 1 : 0;
        }
        votes += crossings % 2;
    }
    return votes >= 2;
}

// The closest point of a triangle to p (Ericson, Real-Time Collision Detection 5.1.5).
QVector3D closestOnTriangle(const QVector3D& p, const Triangle& tri) {
    const QVector3D& a = tri[0];
    const QVector3D& b = tri[1];
    const QVector3D& c = tri[2];
    const QVector3D ab = b - a;
    const QVector3D ac = c - a;
    const QVector3D ap = p - a;
    const float d1 = QVector3D::dotProduct(ab, ap);
    const float d2 = QVector3D::dotProduct(ac, ap);
    if (d1 <= 0.0f && d2 <= 0.0f) {
        return a;
    }
    const QVector3D bp = p - b;
    const float d3 = QVector3D::dotProduct(ab, bp);
    const float d4 = QVector3D::dotProduct(ac, bp);
    if (d3 >= 0.0f && d4 <= d3) {
        return b;
    }
    const float vc = d1 * d4 - d3 * d2;
    if (vc <= 0.0f && d1 >= 0.0f && d3 <= 0.0f) {
        return a + ab * (d1 / (d1 - d3));
    }
    const QVector3D cp = p - c;
    const float d5 = QVector3D::dotProduct(ab, cp);
    const float d6 = QVector3D::dotProduct(ac, cp);
    if (d6 >= 0.0f && d5 <= d6) {
        return c;
    }
    const float vb = d5 * d2 - d1 * d6;
    if (vb <= 0.0f && d2 >= 0.0f && d6 <= 0.0f) {
        return a + ac * (d2 / (d2 - d6));
    }
    const float va = d3 * d6 - d5 * d4;
    if (va <= 0.0f && (d4 - d3) >= 0.0f && (d5 - d6) >= 0.0f) {
        return b + (c - b) * ((d4 - d3) / ((d4 - d3) + (d5 - d6)));
    }
    const float denominator = 1.0f / (va + vb + vc);
    return a + ab * (vb * denominator) + ac * (vc * denominator);
}

float distanceToSurface(const TriangleMesh& mesh, const QVector3D& point) {
    float best = std::numeric_limits<float>::max();
    for (std::size_t t = 0; t < triangleCount(mesh); ++t) {
        const Triangle tri = triangle(mesh, t);
        best = std::min(best, (closestOnTriangle(point, tri) - point).length());
    }
    return best;
}

}  // namespace

// The studio's glass skull (app/studio/skull/glass-skull.obj, compiled in): a closed surface
// in skull space that holds every LED of the built-in rigs.
class TestSkullGeometry : public QObject {
    Q_OBJECT

  private slots:
    // Picking for rig authoring and the inside test below need a closed surface, each edge
    // shared by exactly two triangles that run along it in opposite directions, and the
    // glass's shading needs its normals outwards: a positive enclosed volume.
    void isClosedAndOutward() {
        const TriangleMesh& mesh = skull();
        const std::size_t triangles = triangleCount(mesh);
        // Thousands to look like a skull; few enough for llvmpipe to draw it at 30 fps.
        QVERIFY2(triangles >= 20'000 && triangles <= 60'000,
                 qPrintable(QString::number(triangles)));
        std::map<std::pair<std::uint32_t, std::uint32_t>, int> edges;
        double volume = 0.0;
        for (std::size_t t = 0; t < triangles; ++t) {
            for (int k = 0; k < 3; ++k) {
                ++edges[{mesh.indices[3 * t + k], mesh.indices[3 * t + (k + 1) % 3]}];
            }
            const Triangle tri = triangle(mesh, t);
            volume += QVector3D::dotProduct(tri[0], QVector3D::crossProduct(tri[1], tri[2])) / 6.0;
        }
        for (const auto& [edge, count] : edges) {
            const auto twin = edges.find({edge.second, edge.first});
            QVERIFY2(count == 1 && twin != edges.end() && twin->second == 1,
                     qPrintable(QStringLiteral("edge %1-%2").arg(edge.first).arg(edge.second)));
        }
        // More glass than a 40 mm ball, less than the 68 x 78 x 92 mm cranium's ellipsoid
        // with a face below it.
        constexpr double ball = 4.0 / 3.0 * 3.14159265358979;
        QVERIFY2(volume > ball * 40 * 40 * 40 && volume < ball * 80 * 90 * 100,
                 qPrintable(QString::number(volume)));
    }

    // The frame the rig is in: the cranium round the origin, the face towards +z, the jaw
    // below, symmetric left and right.
    void isInSkullSpace() {
        SkullGeometry geometry;
        const QVector3D low = geometry.boundsMin();
        const QVector3D high = geometry.boundsMax();
        QVERIFY2(std::abs(low.x() + high.x()) < 2.0f, "symmetric in x");
        QVERIFY2(high.x() > 62.0f && high.x() < 76.0f, qPrintable(QString::number(high.x())));
        QVERIFY2(high.y() > 74.0f && high.y() < 84.0f, qPrintable(QString::number(high.y())));
        QVERIFY2(low.y() < -120.0f, qPrintable(QString::number(low.y())));  // the chin
        QVERIFY2(high.z() > 92.0f && high.z() < 110.0f, qPrintable(QString::number(high.z())));
        QVERIFY2(low.z() > -100.0f && low.z() < -85.0f, qPrintable(QString::number(low.z())));
        QCOMPARE(geometry.stride(), int(6 * sizeof(float)));
        QCOMPARE(geometry.vertexData().size(),
                 qsizetype(skull().positions.size() * 6 * sizeof(float)));
    }

    void ledIsInsideTheGlass_data() {
        QTest::addColumn<QVector3D>("position");
        // The telemetry and learning skulls are the default one's LEDs on other metrics.
        for (const Lobe& lobe : Rig::defaultSkull().lobes) {
            for (std::size_t i = 0; i < lobe.leds.size(); ++i) {
                const Vec3& p = lobe.leds[i].position;
                QTest::addRow("%s %zu", lobe.name.c_str(), i)
                    << QVector3D(float(p.x), float(p.y), float(p.z));
            }
        }
    }

    // Every LED sits in the glass, not in an eye socket, the nose or the mouth, and at least
    // 2 mm from its surface: a 5 mm LED's body stays inside.
    void ledIsInsideTheGlass() {
        QFETCH(QVector3D, position);
        QVERIFY(inside(skull(), position));
        const float depth = distanceToSurface(skull(), position);
        QVERIFY2(depth >= 2.0f, qPrintable(QStringLiteral("%1 mm from the surface").arg(depth)));
    }

    // The brainstem ring sits round the cable port: straight below its centre is the port's
    // hole, not glass, and the skull's base is below the ring.
    void thePortIsUnderTheBrainstemRing() {
        const QVector3D centre(0.0f, -66.0f, -22.0f);
        QVERIFY(!inside(skull(), centre - QVector3D(0.0f, 8.0f, 0.0f)));
        QVERIFY(!inside(skull(), centre - QVector3D(0.0f, 30.0f, 0.0f)));
        QVERIFY(inside(skull(), centre + QVector3D(13.0f, -3.0f, 0.0f)));
    }
};

int main(int argc, char** argv) {
    QGuiApplication app(argc, argv);
    TestSkullGeometry test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_skull_geometry.moc"
