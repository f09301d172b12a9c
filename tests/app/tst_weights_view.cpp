#include <QQuickWindow>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "app/studio/attention_view.h"
#include "app/studio/studio_engine.h"
#include "app/studio/training_monitor.h"
#include "app/studio/weights_view.h"
#include "core/weights_image.h"

using namespace ossynapse;

// The weights mode as the GPU draws it: a real window (under xvfb-run, OpenGL through Mesa),
// its pixels read back and held against core/weights_image.h's grey scale, which the PNG
// export writes at 16 bits and the shader must reproduce at the display's 8.
class TestWeightsView : public QObject {
    Q_OBJECT

    static WeightMatrix matrix(std::uint16_t index,
                               std::uint16_t count,
                               std::uint32_t rows,
                               std::uint32_t cols,
                               std::vector<float> values,
                               std::uint32_t step = 1) {
        WeightMatrix m;
        m.step = step;
        m.index = index;
        m.count = count;
        m.rows = rows;
        m.cols = cols;
        m.sourceRows = rows;
        m.sourceCols = cols;
        m.name = "matrix." + std::to_string(index);
        m.values = std::move(values);
        return m;
    }

    static std::vector<float> normal(std::size_t n, float sigma, unsigned seed) {
        std::mt19937 random(seed);
        std::normal_distribution<float> draw(0.0f, sigma);
        std::vector<float> values(n);
        for (float& v : values) {
            v = draw(random);
        }
        return values;
    }

    // An item exactly the image's size at the window's corner: one pixel per value.
    struct Scene {
        QQuickWindow window;
        WeightsView* view = nullptr;
        explicit Scene(QSize size) {
            window.setColor(QColor(0x40, 0x00, 0x40));
            window.resize(size);
            view = new WeightsView(window.contentItem());
            view->setSize(QSizeF(size));
        }
    };

    // Largest difference between the window's pixels and the 16-bit scale at 8 bits, over the
    // image; gaps between matrices must be the page's dark blue (14, 18, 28), not black.
    static int worstDifference(const QImage& shot,
                               const WeightsLayout& layout,
                               const std::vector<WeightMatrix>& frame) {
        const std::vector<std::uint16_t> expected = renderWeights(layout, frame);
        int worst = 0;
        for (std::uint32_t y = 0; y < layout.height; ++y) {
            for (std::uint32_t x = 0; x < layout.width; ++x) {
                const int want = int(std::lround(expected[y * layout.width + x] * 255.0 / 65535.0));
                const QRgb got = shot.pixel(int(x), int(y));
                const bool gap = std::none_of(
                    layout.matrices.begin(), layout.matrices.end(), [&](const MatrixPlacement& m) {
                        return x >= m.x && x < m.x + m.cols && y >= m.y && y < m.y + m.rows;
                    });
                const QRgb target = gap ? qRgb(14, 18, 28) : qRgb(want, want, want);
                worst = std::max({worst, std::abs(qRed(got) - qRed(target)),
                                  std::abs(qGreen(got) - qGreen(target)),
                                  std::abs(qBlue(got) - qBlue(target))});
            }
        }
        return worst;
    }

  private slots:
    void initTestCase() {
        QVERIFY2(QGuiApplication::platformName() == QLatin1String("xcb"),
                 "runs on X (ctest starts it under xvfb-run)");
    }

    void shaderNormalisesEachMatrix_data() {
        QTest::addColumn<std::vector<WeightMatrix>>("frame");
        // Scales 100 times apart: one scale for both would leave the small one flat grey.
        QTest::newRow("two matrices, each its own scale")
            << std::vector<WeightMatrix>{matrix(0, 2, 40, 64, normal(40 * 64, 1.0f, 1)),
                                         matrix(1, 2, 24, 96, normal(24 * 96, 0.01f, 2))};
        QTest::newRow("an embedding, a bias row, a constant matrix")
            << std::vector<WeightMatrix>{matrix(0, 3, 96, 16, normal(96 * 16, 0.2f, 3)),
                                         matrix(1, 3, 1, 80, normal(80, 0.05f, 4)),
                                         matrix(2, 3, 8, 8, std::vector<float>(64, 0.0f))};
        std::vector<float> broken = normal(30 * 30, 0.5f, 5);
        broken[0] = std::numeric_limits<float>::quiet_NaN();
        broken[31] = std::numeric_limits<float>::infinity();
        broken[62] = -std::numeric_limits<float>::infinity();
        QTest::newRow("NaN and infinities black, the rest scaled by the finite ones")
            << std::vector<WeightMatrix>{matrix(0, 1, 30, 30, broken)};
    }
    void shaderNormalisesEachMatrix() {
        QFETCH(std::vector<WeightMatrix>, frame);
        std::vector<MatrixShape> shapes;
        for (const WeightMatrix& m : frame) {
            shapes.push_back({m.name, m.rows, m.cols});
        }
        const WeightsLayout layout = layOutWeights(shapes);
        Scene scene(QSize(int(layout.width), int(layout.height)));
        scene.window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&scene.window));
        QSignalSpy frames(scene.view, &WeightsView::frameChanged);
        for (const WeightMatrix& m : frame) {
            scene.view->take(m);
        }
        QTRY_COMPARE(scene.view->frameCount(), 1);  // packed on a worker thread
        QCOMPARE(frames.count(), 1);
        QCOMPARE(scene.view->imageSize(), QSize(int(layout.width), int(layout.height)));
        QCOMPARE(scene.view->imageRect(), QRectF(0, 0, layout.width, layout.height));

        const QImage shot = scene.window.grabWindow();
        QCOMPARE(shot.size(), scene.window.size());
        const int worst = worstDifference(shot, layout, frame);
        QVERIFY2(worst <= 1, qPrintable(QStringLiteral("off by %1 levels of 255").arg(worst)));

        // Each matrix is scaled on its own: its largest magnitude reaches an end of the scale
        // (with one scale for all, the 0.01 matrix would sit at mid-grey).
        for (std::size_t i = 0; i < frame.size(); ++i) {
            const MatrixPlacement& place = layout.matrices[i];
            int darkest = 255;
            int brightest = 0;
            for (std::uint32_t r = 0; r < place.rows; ++r) {
                for (std::uint32_t c = 0; c < place.cols; ++c) {
                    const int grey = qGray(shot.pixel(int(place.x + c), int(place.y + r)));
                    darkest = std::min(darkest, grey);
                    brightest = std::max(brightest, grey);
                }
            }
            if (weightScale(frame[i].values) > 0.0f) {
                QVERIFY2((darkest <= 1 || brightest >= 254) && brightest - darkest > 150,
                         qPrintable(QStringLiteral("matrix %1 spans %2..%3")
                                        .arg(i)
                                        .arg(darkest)
                                        .arg(brightest)));
            }
        }
    }

    // Live: every whole frame replaces the last; a model of other shapes is laid out anew.
    void followsFramesAndNewModels() {
        StudioEngine engine(nullptr);
        Scene scene(QSize(300, 200));
        scene.view->setEngine(&engine);
        scene.window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&scene.window));
        engine.pushTelemetry(matrix(0, 1, 20, 20, normal(400, 1.0f, 7), 10));
        QTRY_COMPARE(scene.view->step(), 10);
        const QImage first = scene.window.grabWindow();
        engine.pushTelemetry(matrix(0, 1, 20, 20, normal(400, 1.0f, 8), 20));
        QTRY_COMPARE(scene.view->step(), 20);
        QCOMPARE(scene.view->frameCount(), 2);
        const QImage second = scene.window.grabWindow();
        const QRect drawn = scene.view->imageRect().toRect();
        QCOMPARE(drawn.size().width() % 20, 0);  // whole pixels per value
        QVERIFY(first.copy(drawn) != second.copy(drawn));

        engine.pushTelemetry(matrix(0, 2, 8, 50, normal(400, 1.0f, 9), 30));
        engine.pushTelemetry(matrix(1, 2, 1, 50, normal(50, 1.0f, 10), 30));
        QTRY_COMPARE(scene.view->matrixCount(), 2);
        QCOMPARE(scene.view->parameterCount(), 450.0);
        QVERIFY(scene.view->imageSize().width() >= 50);
        QVERIFY(engine.errorText().isEmpty());
    }

    // Frames that come faster than they pack: the newest is shown, the ones it replaced before
    // they were packed are counted.
    void framesWhilePackingShowTheNewest() {
        Scene scene(QSize(200, 200));
        for (std::uint32_t step = 1; step <= 6; ++step) {
            scene.view->take(matrix(0, 1, 300, 300, normal(90000, 1.0f, step), step));
        }
        QTRY_COMPARE(scene.view->step(), 6);
        QTest::qWait(50);
        QCOMPARE(scene.view->step(), 6);
        QCOMPARE(scene.view->frameCount() + scene.view->supersededFrames(), 6);
        QVERIFY(scene.view->frameCount() >= 2);  // the first, and the newest
        const std::vector<WeightMatrix>& shown = scene.view->frame();
        QCOMPARE(shown.size(), std::size_t(1));
        QCOMPARE(shown[0].values, normal(90000, 1.0f, 6));
    }

    // Packing over the last frame's image writes in place when nothing else holds it, and never
    // into an image someone still holds (the scene graph before its upload, say).
    void packingReusesAFreeImage_data() {
        QTest::addColumn<bool>("held");
        QTest::newRow("free: written in place") << false;
        QTest::newRow("held elsewhere: a new image, the held one untouched") << true;
    }
    void packingReusesAFreeImage() {
        QFETCH(bool, held);
        const std::vector<WeightMatrix> a{matrix(0, 2, 12, 30, normal(360, 1.0f, 21)),
                                          matrix(1, 2, 1, 30, normal(30, 0.1f, 22))};
        const std::vector<WeightMatrix> b{matrix(0, 2, 12, 30, normal(360, 2.0f, 23)),
                                          matrix(1, 2, 1, 30, normal(30, 0.3f, 24))};
        const WeightsLayout layout = layOutWeights({{a[0].name, 12, 30}, {a[1].name, 1, 30}});
        WeightTextures first = packWeightTextures(layout, a);
        const QImage firstCopy = first.values.copy();
        const uchar* firstBits = first.values.constBits();
        QImage holder;
        if (held) {
            holder = first.values;
        }
        const WeightTextures second = packWeightTextures(layout, b, std::move(first));
        QCOMPARE(second.values.constBits() == firstBits, !held);
        QCOMPARE(second.values, packWeightTextures(layout, b).values);
        if (held) {
            QCOMPARE(holder, firstCopy);
        }
    }

    // A frame missing a matrix is not shown, and counted.
    void incompleteFrameIsCountedNotShown() {
        Scene scene(QSize(100, 100));
        scene.view->take(matrix(0, 3, 4, 4, normal(16, 1.0f, 11), 5));
        scene.view->take(matrix(2, 3, 4, 4, normal(16, 1.0f, 12), 5));
        QCOMPARE(scene.view->frameCount(), 0);
        QCOMPARE(scene.view->incompleteFrames(), 1);
    }

    void hoverNamesTheValue() {
        Scene scene(QSize(64, 64));
        std::vector<float> values(4 * 8, 0.0f);
        values[1 * 8 + 5] = -0.25f;
        scene.view->take(matrix(0, 1, 4, 8, values));
        QTRY_COMPARE(scene.view->frameCount(), 1);
        const QRectF drawn = scene.view->imageRect();
        const double perValue = drawn.width() / scene.view->imageSize().width();
        QCOMPARE(scene.view->describeAt(drawn.x() + 5.5 * perValue, drawn.y() + 1.5 * perValue),
                 QStringLiteral("matrix.0 · 4 × 8 · row 1, column 5: -0.25"));
        QCOMPARE(scene.view->describeAt(0, 0), QString());
    }

    // The PNG is core/weights_image.h's 16-bit image, value for value; the time-lapse writes
    // one a frame.
    void pngAndTimeLapse() {
        QTemporaryDir dir;
        Scene scene(QSize(100, 100));
        const std::vector<WeightMatrix> frame{matrix(0, 2, 6, 9, normal(54, 0.3f, 13), 4),
                                              matrix(1, 2, 3, 9, normal(27, 3.0f, 14), 4)};
        QVERIFY(!scene.view->savePng(QUrl::fromLocalFile(dir.filePath("none.png"))));
        QVERIFY(scene.view->startTimeLapse(QUrl::fromLocalFile(dir.filePath("lapse"))));
        QSignalSpy lapse(scene.view, &WeightsView::timeLapseChanged);
        for (const WeightMatrix& m : frame) {
            scene.view->take(m);
        }
        QTRY_COMPARE(scene.view->frameCount(), 1);
        QVERIFY(scene.view->savePng(QUrl::fromLocalFile(dir.filePath("now.png"))));
        const QImage png(dir.filePath("now.png"));
        QCOMPARE(png.format(), QImage::Format_Grayscale16);
        const std::vector<std::uint16_t> expected = renderWeights(*scene.view->layout(), frame);
        QCOMPARE(png.size(), scene.view->imageSize());
        for (int y = 0; y < png.height(); ++y) {
            const auto* line = reinterpret_cast<const quint16*>(png.constScanLine(y));
            for (int x = 0; x < png.width(); ++x) {
                QCOMPARE(line[x], expected[std::size_t(y) * png.width() + x]);
            }
        }
        QCOMPARE(lapse.count(), 1);
        QCOMPARE(scene.view->timeLapseFrames(), 1);
        QVERIFY(QFile::exists(dir.filePath("lapse/weights-00000004.png")));
        QVERIFY(QFile::exists(dir.filePath("lapse/atlas.json")));
        scene.view->stopTimeLapse();
        QCOMPARE(scene.view->timeLapseFolder(), QString());
    }

    void textPiecesJoinCharacters_data() {
        QTest::addColumn<std::vector<SampledToken>>("tokens");
        QTest::addColumn<QStringList>("texts");
        QTest::addColumn<QList<float>>("probabilities");
        QTest::newRow("words stay whole tokens")
            << std::vector<SampledToken>{{"the", 0.9f}, {" cat", 0.4f}}
            << QStringList{"the", " cat"} << QList<float>{0.9f, 0.4f};
        // "é" is C3 A9: two byte tokens, one character, the lower probability.
        QTest::newRow("a character split over byte tokens")
            << std::vector<SampledToken>{{"caf", 0.8f}, {"\xC3", 0.7f}, {"\xA9", 0.2f}}
            << QStringList{"caf", QString::fromUtf8("é")} << QList<float>{0.8f, 0.2f};
        // Qt's decoder gives one replacement character per byte of the broken sequence.
        QTest::newRow("a broken sequence is replacement characters, not lost text")
            << std::vector<SampledToken>{{"\xE2\x82", 0.5f}, {"x", 0.6f}}
            << QStringList{QString(2, QChar(0xFFFD)) + "x"} << QList<float>{0.5f};
        QTest::newRow("a newline shows")
            << std::vector<SampledToken>{{"a\n", 0.3f}} << QStringList{QString::fromUtf8("a↵")}
            << QList<float>{0.3f};
    }
    void textPiecesJoinCharacters() {
        QFETCH(std::vector<SampledToken>, tokens);
        QFETCH(QStringList, texts);
        QFETCH(QList<float>, probabilities);
        const std::vector<TextPiece> pieces = textPieces(tokens);
        QStringList gotTexts;
        QList<float> gotProbabilities;
        for (const TextPiece& piece : pieces) {
            gotTexts << piece.text;
            gotProbabilities << piece.probability;
        }
        QCOMPARE(gotTexts, texts);
        QCOMPARE(gotProbabilities, probabilities);
    }

    void monitorFollowsTraining() {
        StudioEngine engine(nullptr);
        TrainingMonitor monitor;
        monitor.setEngine(&engine);
        QSignalSpy text(&monitor, &TrainingMonitor::textChanged);
        TrainingStep first;
        first.step = 1;
        first.loss = 5.5f;
        first.learningRate = 3e-3f;
        TrainingStep later = first;
        later.step = 50;
        later.loss = 2.25f;
        engine.pushTelemetry(first);
        engine.pushTelemetry(later);
        QCOMPARE(monitor.trainingSteps(), 2);
        QCOMPARE(monitor.step(), 50);
        QCOMPARE(monitor.firstLoss(), 5.5);
        QCOMPARE(monitor.loss(), 2.25);
        QVERIFY(monitor.training());
        QSignalSpy training(&monitor, &TrainingMonitor::trainingChanged);
        QVERIFY(training.wait(TrainingMonitor::kStoppedAfterMs + 2000));
        QVERIFY(!monitor.training());
        SampledText sample;
        sample.step = 50;
        sample.tokens = {{"sure", 0.95f}, {"?", 0.05f}};
        engine.pushTelemetry(sample);
        QCOMPARE(text.count(), 1);
        QCOMPARE(monitor.textStep(), 50);
        const QVariantList pieces = monitor.text();
        QCOMPARE(pieces.size(), 2);
        const QColor sure = pieces[0].toMap()[QStringLiteral("color")].value<QColor>();
        const QColor unsure = pieces[1].toMap()[QStringLiteral("color")].value<QColor>();
        QVERIFY2(sure.green() > sure.red() && unsure.red() > unsure.green(),
                 qPrintable(sure.name() + QLatin1Char(' ') + unsure.name()));
    }

    void attentionShowsTheChosenHead() {
        QQuickWindow window;
        auto* view = new AttentionView(window.contentItem());
        view->setSize(QSizeF(64, 64));
        AttentionPattern pattern;
        pattern.step = 9;
        pattern.layer = 2;
        pattern.queries = 2;
        pattern.keys = 2;
        pattern.head = 0;
        pattern.weights = {1.0f, 0.0f, 0.5f, 0.5f};
        view->take(pattern);
        pattern.head = 1;
        pattern.weights = {0.0f, 1.0f, 0.25f, 0.75f};
        view->take(pattern);
        QCOMPARE(view->attentionLayer(), 2);
        QCOMPARE(view->heads(), (QVariantList{0, 1}));
        QCOMPARE(view->image().pixelColor(0, 0).red(), 255);
        QCOMPARE(view->image().pixelColor(0, 1).red(), 128);
        view->setHead(1);
        QCOMPARE(view->image().pixelColor(0, 0).red(), 0);
        QCOMPARE(view->image().pixelColor(1, 1).red(), 191);
        QCOMPARE(view->step(), 9);
    }
};

QTEST_MAIN(TestWeightsView)
#include "tst_weights_view.moc"
