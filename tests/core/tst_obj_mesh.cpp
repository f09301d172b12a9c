#include <QRandomGenerator>
#include <QTest>
#include <cmath>
#include <string>

#include "core/error.h"
#include "core/obj_mesh.h"

using namespace ossynapse;

class TestObjMesh : public QObject {
    Q_OBJECT
  private slots:
    void parsesFacesOfEveryShape_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("vertices");
        QTest::addColumn<int>("triangles");
        QTest::newRow("triangle") << "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n" << 3 << 1;
        QTest::newRow("quad, fan-split") << "v 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nf 1 2 3 4\n"
                                         << 4 << 2;
        QTest::newRow("v/vt/vn corners")
            << "v 0 0 0\nv 1 0 0\nv 0 1 0\nvt 0 0\nvn 0 0 1\nf 1/1/1 2/1/1 3/1/1\n"
            << 3 << 1;
        QTest::newRow("v//vn corners") << "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1//1 2//1 3//1\n" << 3 << 1;
        QTest::newRow("negative indices") << "v 0 0 0\nv 1 0 0\nv 0 1 0\nf -3 -2 -1\n" << 3 << 1;
        QTest::newRow("CRLF, comments, groups, materials")
            << "# head\r\nmtllib head.mtl\r\no head\r\nv 0 0 0\r\nv 1 0 0\r\nv 0 1 0\r\n"
               "usemtl glass\r\ns 1\r\nf 1 2 3\r\n"
            << 3 << 1;
    }
    void parsesFacesOfEveryShape() {
        QFETCH(QString, text);
        QFETCH(int, vertices);
        QFETCH(int, triangles);
        const TriangleMesh mesh = parseObj(text.toStdString());
        QCOMPARE(int(mesh.positions.size()), vertices);
        QCOMPARE(int(mesh.normals.size()), vertices);
        QCOMPARE(int(mesh.indices.size()), 3 * triangles);
    }

    // Counter-clockwise in the xy plane faces +z; every normal is unit length.
    void normalsFaceOutward() {
        const TriangleMesh mesh = parseObj("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n");
        for (const auto& normal : mesh.normals) {
            QCOMPARE(normal[0], 0.0f);
            QCOMPARE(normal[1], 0.0f);
            QCOMPARE(normal[2], 1.0f);
        }
    }

    void badInputIsNamed_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("no faces") << "v 0 0 0\n"
                                  << "the OBJ file has no faces";
        QTest::newRow("short vertex") << "v 0 0\n"
                                      << "OBJ line 1: a vertex needs x, y and z";
        QTest::newRow("not a number") << "v 0 zero 0\n"
                                      << "OBJ line 1: 'zero' is not a number";
        QTest::newRow("missing vertex") << "v 0 0 0\nv 1 0 0\nf 1 2 3\n"
                                        << "OBJ line 3: vertex 3 does not exist (2 so far)";
        QTest::newRow("index zero") << "v 0 0 0\nf 0 1 1\n"
                                    << "OBJ line 2: '0' is not a vertex index";
        QTest::newRow("two corners") << "v 0 0 0\nv 1 0 0\nf 1 2\n"
                                     << "OBJ line 3: a face needs at least three vertices";
        QTest::newRow("infinite") << "v inf 0 0\n"
                                  << "OBJ line 1: 'inf' is not a number";
    }
    void badInputIsNamed() {
        QFETCH(QString, text);
        QFETCH(QString, message);
        try {
            parseObj(text.toStdString());
            QFAIL("accepted");
        } catch (const InputError& error) {
            QCOMPARE(QString::fromUtf8(error.what()), message);
        }
    }

    // Random bytes and damaged files give a mesh or an InputError, nothing else.
    void randomInputNeverCrashes() {
        const std::string good = "v 0 0 0\nv 1 0 0\nv 0 1 0\nv 0 0 1\nf 1 2 3\nf 1 3 4 2\n";
        QRandomGenerator random(7);
        int parsed = 0;
        for (int round = 0; round < 5000; ++round) {
            std::string text = good;
            const int edits = 1 + random.bounded(6);
            for (int e = 0; e < edits; ++e) {
                const auto at = static_cast<std::size_t>(random.bounded(int(text.size())));
                text[at] = static_cast<char>(random.bounded(256));
            }
            try {
                const TriangleMesh mesh = parseObj(text);
                for (std::uint32_t index : mesh.indices) {
                    QVERIFY(index < mesh.positions.size());
                }
                ++parsed;
            } catch (const InputError&) {
            }
        }
        QVERIFY(parsed > 0);
    }
};

QTEST_APPLESS_MAIN(TestObjMesh)
#include "tst_obj_mesh.moc"
