#include <QTest>
#include <cmath>
#include <random>

#include "core/error.h"
#include "core/weights_image.h"

using namespace ossynapse;

namespace {

// prefix + number. Not `"m" + std::to_string(i)`: GCC 12 at -O3 raises a false -Wrestrict on
// that operator+ (GCC bug 105329).
std::string numbered(const char* prefix, int number) {
    std::string name(prefix);
    name += std::to_string(number);
    return name;
}

WeightMatrix matrix(std::uint16_t index,
                    std::uint16_t count,
                    std::uint32_t step,
                    std::uint32_t rows,
                    std::uint32_t cols) {
    WeightMatrix m;
    m.step = step;
    m.index = index;
    m.count = count;
    m.rows = m.sourceRows = rows;
    m.cols = m.sourceCols = cols;
    m.name = numbered("m", index);
    m.values.resize(std::size_t(rows) * cols);
    for (std::size_t i = 0; i < m.values.size(); ++i) {
        m.values[i] = static_cast<float>(i) - static_cast<float>(m.values.size()) / 2;
    }
    return m;
}

}  // namespace

// The weights image of core/telemetry-protocol.md: shelves, grey scale, frames.
class TestWeightsImage : public QObject {
    Q_OBJECT
  private slots:
    void greyScale_data() {
        QTest::addColumn<float>("value");
        QTest::addColumn<float>("scale");
        QTest::addColumn<int>("grey");
        QTest::newRow("largest") << 2.0f << 2.0f << 65535;
        QTest::newRow("most negative") << -2.0f << 2.0f << 0;
        QTest::newRow("zero is mid-grey, the half rounds up") << 0.0f << 2.0f << 32768;
        QTest::newRow("a quarter") << 1.0f << 2.0f << 49151;  // 49151.25
        QTest::newRow("all-zero matrix") << 0.0f << 0.0f << 32768;
        QTest::newRow("not a number") << std::nanf("") << 1.0f << 0;
    }
    void greyScale() {
        QFETCH(float, value);
        QFETCH(float, scale);
        QFETCH(int, grey);
        QCOMPARE(int(weightGrey(value, scale)), grey);
    }

    void scaleIgnoresWhatIsNotFinite() {
        const std::vector<float> values = {0.5f, -3.0f, INFINITY, std::nanf(""), 2.0f};
        QCOMPARE(weightScale(values), 3.0f);
    }

    void tallestFirstOnTheSkyline() {
        // 10 wide: b (the tallest) at the corner, a beside it (4 + 1 + 4), c (6 wide) on
        // the lower of the two once neither side has room.
        const WeightsLayout layout = layOutWeights({{"a", 3, 4}, {"b", 5, 4}, {"c", 1, 6}}, 10);
        QCOMPARE(layout.width, 10u);
        QCOMPARE(layout.matrices.size(), std::size_t(3));
        QCOMPARE(layout.matrices[0].name, std::string("a"));  // in frame order, placed anywhere
        QCOMPARE(layout.matrices[0].x, 5u);
        QCOMPARE(layout.matrices[0].y, 0u);
        QCOMPARE(layout.matrices[1].x, 0u);
        QCOMPARE(layout.matrices[1].y, 0u);
        QCOMPARE(layout.matrices[2].x, 0u);
        QCOMPARE(layout.matrices[2].y, 6u);
        QCOMPARE(layout.height, 7u);
    }

    // The defect: shelves as tall as their tallest matrix left most of a small transformer's
    // image black (587 x 1735 for 187k weights); bias rows now stack beside the tall ones.
    void smallMatricesFillBesideTallOnes() {
        std::vector<MatrixShape> shapes{{"tall", 64, 16}};
        for (int i = 0; i < 16; ++i) {
            shapes.push_back({numbered("bias", i), 1, 16});
        }
        const WeightsLayout layout = layOutWeights(shapes, 40);
        QCOMPARE(layout.height, 64u);
        QCOMPARE(layout.matrices[1].x, 17u);
        QCOMPARE(layout.matrices[16].y, 30u);
    }

    void placementsNeverOverlap_data() {
        QTest::addColumn<unsigned>("seed");
        QTest::addColumn<unsigned>("width");
        QTest::newRow("default width") << 1u << 0u;
        QTest::newRow("narrow") << 2u << 300u;
        QTest::newRow("wide") << 3u << 2000u;
    }
    void placementsNeverOverlap() {
        QFETCH(unsigned, seed);
        QFETCH(unsigned, width);
        std::mt19937 random(seed);
        std::uniform_int_distribution<std::uint32_t> side(1, 260);
        std::vector<MatrixShape> shapes;
        std::uint64_t area = 0;
        for (int i = 0; i < 60; ++i) {
            const std::uint32_t rows = i % 3 == 0 ? 1 : side(random);
            shapes.push_back({numbered("m", i), rows, side(random)});
            area += std::uint64_t(shapes.back().rows) * shapes.back().cols;
        }
        const WeightsLayout layout = layOutWeights(shapes, width);
        for (std::size_t i = 0; i < shapes.size(); ++i) {
            const MatrixPlacement& a = layout.matrices[i];
            QCOMPARE(a.rows, shapes[i].rows);
            QVERIFY(a.x + a.cols <= layout.width && a.y + a.rows <= layout.height);
            for (std::size_t j = i + 1; j < shapes.size(); ++j) {
                const MatrixPlacement& b = layout.matrices[j];
                // At least the 1-pixel gap apart on one axis.
                const bool apart = a.x + a.cols + 1 <= b.x || b.x + b.cols + 1 <= a.x ||
                                   a.y + a.rows + 1 <= b.y || b.y + b.rows + 1 <= a.y;
                QVERIFY2(apart, qPrintable(QStringLiteral("m%1 and m%2").arg(i).arg(j)));
            }
        }
        const double filled = double(area) / (double(layout.width) * layout.height);
        QVERIFY2(filled > 0.6, qPrintable(QString::number(filled)));
    }

    void defaultWidthIsAboutSixteenByNine() {
        std::vector<MatrixShape> shapes;
        for (int i = 0; i < 24; ++i) {
            shapes.push_back({numbered("w", i), 64, 64});
        }
        const WeightsLayout layout = layOutWeights(shapes);
        const double aspect = double(layout.width) / layout.height;
        QVERIFY2(aspect > 1.3 && aspect < 2.4, qPrintable(QString::number(aspect)));
        // Never narrower than the widest matrix.
        QCOMPARE(layOutWeights({{"wide", 1, 5000}}).width, 5000u);
    }

    void impossibleLayoutsAreRefused() {
        QVERIFY_THROWS_EXCEPTION(InputError, layOutWeights({{"a", 2, 20}}, 10));
        QVERIFY_THROWS_EXCEPTION(InputError, layOutWeights({{"huge", 100000, 100000}}));
    }

    void renderPlacesEachMatrixNormalisedOnItsOwn() {
        std::vector<WeightMatrix> frame = {matrix(0, 2, 1, 2, 3), matrix(1, 2, 1, 1, 2)};
        frame[1].values = {0.001f, -0.002f};  // tiny values still span the grey scale
        const WeightsLayout layout = layOutWeights({{"m0", 2, 3}, {"m1", 1, 2}}, 6);
        const auto pixels = renderWeights(layout, frame);
        QCOMPARE(pixels.size(), std::size_t(6 * 2));
        // m0: values -3 .. 2, scale 3.
        QCOMPARE(int(pixels[0]), 0);
        QCOMPARE(int(pixels[1 * 6 + 2]), int(weightGrey(2.0f, 3.0f)));
        QCOMPARE(int(pixels[3]), 0);  // the gap
        QCOMPARE(int(pixels[4]), int(weightGrey(0.001f, 0.002f)));
        QCOMPARE(int(pixels[5]), 0);
        QCOMPARE(int(pixels[1 * 6 + 4]), 0);  // below m1: nothing
        frame[0].rows = 3;
        QVERIFY_THROWS_EXCEPTION(InputError, renderWeights(layout, frame));
    }

    void framesAreAssembledWholeOrDropped() {
        WeightFrameAssembler assembler;
        QVERIFY(!assembler.add(matrix(0, 3, 10, 1, 1)));
        QVERIFY(!assembler.add(matrix(1, 3, 10, 1, 1)));
        const auto frame = assembler.add(matrix(2, 3, 10, 1, 1));
        QVERIFY(frame.has_value());
        QCOMPARE(frame->size(), std::size_t(3));
        QCOMPARE(assembler.incompleteFrames(), 0u);
        // A lost matrix: the frame is dropped, the next one starts clean.
        QVERIFY(!assembler.add(matrix(0, 3, 20, 1, 1)));
        QVERIFY(!assembler.add(matrix(2, 3, 20, 1, 1)));
        QCOMPARE(assembler.incompleteFrames(), 1u);  // one frame lost, counted once
        QVERIFY(!assembler.add(matrix(0, 3, 30, 1, 1)));
        QVERIFY(!assembler.add(matrix(1, 3, 30, 1, 1)));
        QVERIFY(assembler.add(matrix(2, 3, 30, 1, 1)).has_value());
        // A viewer that joins part-way waits for the next frame: one frame lost, however many
        // of its matrices still arrive (the defect: one count per matrix).
        WeightFrameAssembler joined;
        QVERIFY(!joined.add(matrix(1, 4, 40, 1, 1)));
        QVERIFY(!joined.add(matrix(2, 4, 40, 1, 1)));
        QVERIFY(!joined.add(matrix(3, 4, 40, 1, 1)));
        QCOMPARE(joined.incompleteFrames(), 1u);
        QVERIFY(!joined.add(matrix(0, 4, 41, 1, 1)));
        QVERIFY(!joined.add(matrix(1, 4, 41, 1, 1)));
        QVERIFY(!joined.add(matrix(2, 4, 41, 1, 1)));
        QVERIFY(joined.add(matrix(3, 4, 41, 1, 1)).has_value());
        QCOMPARE(joined.incompleteFrames(), 1u);
        // A one-matrix model is a frame per matrix.
        QVERIFY(WeightFrameAssembler().add(matrix(0, 1, 0, 2, 2)).has_value());
    }
};

QTEST_APPLESS_MAIN(TestWeightsImage)
#include "tst_weights_image.moc"
