#include <QTest>
#include <cmath>

#include "core/det_math.h"

using namespace ossynapse;

// The deterministic functions must agree with the C library to well below what an 8- or
// 16-bit light output can show.
class TestDetMath : public QObject {
    Q_OBJECT
  private slots:
    void sinTurnsMatchesLibm_data() {
        QTest::addColumn<double>("turns");
        for (double turns :
             {0.0, 0.03, 0.125, 0.25, 0.3, 0.5, 0.74, 0.999, 1.0, 7.31, -0.2, -13.6, 12345.678}) {
            QTest::addRow("%g turns", turns) << turns;
        }
    }
    void sinTurnsMatchesLibm() {
        QFETCH(double, turns);
        const double angle = 2.0 * M_PI * (turns - std::floor(turns));
        QVERIFY2(std::abs(det::sinTurns(turns) - std::sin(angle)) < 1e-12,
                 qPrintable(QString::number(det::sinTurns(turns), 'g', 17)));
        QVERIFY(std::abs(det::cosTurns(turns) - std::cos(angle)) < 1e-12);
    }

    void expMatchesLibm_data() {
        QTest::addColumn<double>("x");
        for (double x :
             {-700.0, -30.0, -5.5, -1.0, -1e-9, 0.0, 1e-9, 0.3466, 1.0, 2.2, 10.0, 700.0}) {
            QTest::addRow("%g", x) << x;
        }
    }
    void expMatchesLibm() {
        QFETCH(double, x);
        QVERIFY(std::abs(det::exp(x) - std::exp(x)) <= 1e-13 * std::exp(x));
    }

    void logMatchesLibm_data() {
        QTest::addColumn<double>("x");
        for (double x : {1e-300, 1e-9, 0.5, 0.70710678, 0.9999, 1.0, 1.0001, 2.0, 201.0, 1e9}) {
            QTest::addRow("%g", x) << x;
        }
    }
    void logMatchesLibm() {
        QFETCH(double, x);
        QVERIFY(std::abs(det::log(x) - std::log(x)) <=
                1e-13 * std::max(1.0, std::abs(std::log(x))));
    }

    void powCoversGammaRange() {
        for (int i = 0; i <= 100; ++i) {
            const double x = i / 100.0;
            QVERIFY(std::abs(det::pow(x, 2.2) - std::pow(x, 2.2)) < 1e-13);
        }
        QCOMPARE(det::pow(0.0, 2.2), 0.0);
        QCOMPARE(det::pow(1.0, 2.2), 1.0);
    }

    void edgeCases() {
        QVERIFY(std::isinf(det::log(0.0)));
        QVERIFY(std::isnan(det::log(-1.0)));
        QCOMPARE(det::exp(-1000.0), 0.0);
        QVERIFY(std::isinf(det::exp(1000.0)));
        QVERIFY(std::isnan(det::sinTurns(INFINITY)));
    }
};

QTEST_APPLESS_MAIN(TestDetMath)
#include "tst_det_math.moc"
