#include <QTest>
#include <cmath>

#include "core/ewma.h"

using namespace ossynapse;

class TestEwma : public QObject {
    Q_OBJECT
  private slots:
    // Splitting the same constant input into more, smaller steps must not change the result.
    void stepSizeDoesNotMatter_data() {
        QTest::addColumn<int>("steps");
        for (int steps : {1, 3, 30, 240, 1000}) {
            QTest::addRow("%d steps", steps) << steps;
        }
    }
    void stepSizeDoesNotMatter() {
        QFETCH(int, steps);
        Ewma ewma(0.5);
        for (int i = 0; i < steps; ++i) {
            ewma.advance(1.0 / steps, 40.0);
        }
        const double exact = 40.0 * (1.0 - std::exp(-1.0 / 0.5));
        QVERIFY(std::abs(ewma.value() - exact) < 1e-9);
    }

    void zeroInputSnapsToZero() {
        Ewma ewma(2.0);
        ewma.advance(5.0, 100.0);
        QVERIFY(ewma.value() > 90.0);
        ewma.advance(0.001, 0.0);
        QCOMPARE(ewma.value(), 0.0);
    }

    void zeroTauFollowsInput() {
        Ewma ewma(0.0);
        ewma.advance(0.01, 33.0);
        QCOMPARE(ewma.value(), 33.0);
    }

    void fallsTowardsLowerInput() {
        Ewma ewma(0.25);
        ewma.advance(10.0, 80.0);
        ewma.advance(0.25, 20.0);
        QVERIFY(std::abs(ewma.value() - (20.0 + 60.0 * std::exp(-1.0))) < 1e-9);
    }
};

QTEST_APPLESS_MAIN(TestEwma)
#include "tst_ewma.moc"
