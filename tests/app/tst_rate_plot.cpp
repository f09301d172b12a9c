#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QTest>

#include "app/studio/rate_plot.h"
#include "app/studio/studio_engine.h"

using namespace ossynapse;

// The rate plot's pattern bands as drawn: every band's name is on the plot.
class TestRatePlot : public QObject {
    Q_OBJECT

    // Pixels of the band-name colour in rows [top, bottom) of the first 80 columns.
    static int labelPixels(const QImage& image, int top, int bottom) {
        int count = 0;
        for (int y = top; y < bottom; ++y) {
            for (int x = 0; x < 80; ++x) {
                const QColor c = image.pixelColor(x, y);
                count += c.blue() > 70 && c.blue() > c.red() ? 1 : 0;
            }
        }
        return count;
    }

  private slots:
    // Defect: "breathe", the band under the active threshold (a pixel or two tall), had its
    // name drawn from the band's top, below the plot's floor, and cut off.
    void thinBandNameStaysOnThePlot_data() {
        QTest::addColumn<int>("height");
        QTest::newRow("the studio's 120 px") << 120;
        QTest::newRow("a short 60 px") << 60;
    }
    void thinBandNameStaysOnThePlot() {
        QFETCH(int, height);
        StudioEngine engine(nullptr);
        RatePlot plot;
        plot.setEngine(&engine);
        plot.setSize(QSizeF(600, height));
        QImage image(600, height, QImage::Format_ARGB32);
        image.fill(Qt::black);
        QPainter painter(&image);
        plot.paint(&painter);
        painter.end();
        QVERIFY2(labelPixels(image, height - 15, height - 1) > 20, "breathe is not drawn");
        // Whole: nothing of it on the last row, where a name running off the plot is cut.
        QCOMPARE(labelPixels(image, height - 1, height), 0);
    }
};

QTEST_MAIN(TestRatePlot)
#include "tst_rate_plot.moc"
