#include <QTest>
#include <cmath>

#include "core/rate_meter.h"

using namespace ossynapse;

namespace {
constexpr double kWindow = 1.0;
constexpr double kIdle = 0.1;
constexpr double kFactor = 3.0;
}  // namespace

class TestRateMeter : public QObject {
    Q_OBJECT
  private slots:
    // A steady stream of R tokens/s reads R within 2 % from its second arrival on, at each
    // arrival and halfway between arrivals: the light never reads 0 inside a steady stream.
    void steadyStreamReadsItsRate_data() {
        QTest::addColumn<double>("tps");
        QTest::addColumn<int>("tokensPerChunk");
        for (double tps :
             {1.0, 2.0, 3.0, 5.0, 7.0, 10.0, 15.0, 42.0, 50.0, 80.0, 200.0, 500.0, 750.0, 2000.0}) {
            QTest::addRow("%g tps, 1 token a chunk", tps) << tps << 1;
        }
        QTest::newRow("5 tps, 3 tokens a chunk") << 5.0 << 3;
        QTest::newRow("120 tps, 4 tokens a chunk") << 120.0 << 4;
        QTest::newRow("2000 tps, 10 tokens a chunk") << 2000.0 << 10;
    }
    void steadyStreamReadsItsRate() {
        QFETCH(double, tps);
        QFETCH(int, tokensPerChunk);
        RateMeter meter(kWindow, kIdle, kFactor);
        const double gap = tokensPerChunk / tps;
        double worst = 0.0;
        int readings = 0;
        for (int k = 0; k * gap <= 10.0; ++k) {
            const double t = k * gap;
            meter.add(t, tokensPerChunk);
            if (k >= 1) {
                for (double at : {t, t + 0.5 * gap, t + 0.999 * gap}) {
                    worst = std::max(worst, std::abs(meter.rate(at) - tps) / tps);
                    QVERIFY(!meter.idle(at));
                    ++readings;
                }
            }
        }
        QVERIFY(readings >= 30);
        QVERIFY2(worst <= 0.02, qPrintable(QStringLiteral("worst relative error %1").arg(worst)));
    }

    // Idle after max(idle timeout, factor x the recent interval): exactly then, not before.
    void readsZeroOnceIdle_data() {
        QTest::addColumn<double>("tps");
        QTest::addColumn<double>("expectedHorizon");
        QTest::newRow("1 tps: 3 s") << 1.0 << 3.0;
        QTest::newRow("5 tps: 600 ms") << 5.0 << 0.6;
        QTest::newRow("12 tps: 250 ms") << 12.0 << 0.25;
        QTest::newRow("30 tps: the 100 ms timeout") << 30.0 << 0.1;
        QTest::newRow("50 tps: the 100 ms timeout") << 50.0 << 0.1;
        QTest::newRow("500 tps: the 100 ms timeout") << 500.0 << 0.1;
    }
    void readsZeroOnceIdle() {
        QFETCH(double, tps);
        QFETCH(double, expectedHorizon);
        RateMeter meter(kWindow, kIdle, kFactor);
        double last = 0.0;
        for (int k = 0; k < 20; ++k) {
            last = k / tps;
            meter.add(last, 1);
        }
        QVERIFY(std::abs(meter.horizon() - expectedHorizon) <= 1e-9);
        const double idleAt = meter.idleAt();
        QCOMPARE(idleAt, last + meter.horizon());
        QVERIFY(meter.rate(idleAt - 0.001) > 0.0);
        QVERIFY(!meter.idle(idleAt - 0.001));
        QCOMPARE(meter.nextChangeAfter(idleAt - 0.001), idleAt);
        QCOMPARE(meter.rate(idleAt), 0.0);
        QVERIFY(meter.idle(idleAt));
        QCOMPARE(meter.rate(idleAt + 50.0), 0.0);
    }

    // A factor of 0 is the plain idle timeout: the seed's rule, under which a 5 tps stream
    // blinks.
    void factorZeroIsTheIdleTimeoutAlone() {
        RateMeter meter(kWindow, kIdle, 0.0);
        for (int k = 0; k < 10; ++k) {
            meter.add(k * 0.2, 1);
        }
        QCOMPARE(meter.horizon(), kIdle);
        QCOMPARE(meter.rate(1.8 + 0.1), 0.0);
    }

    // Tokens delivered in pairs (a network batching them) are one stream, not pauses.
    void pairedArrivalsStayLit() {
        RateMeter meter(kWindow, kIdle, kFactor);
        for (int k = 0; k < 20; ++k) {
            meter.add(k * 0.4, 1);
            meter.add(k * 0.4 + 0.002, 1);
        }
        for (double t = 2.0; t < 7.6; t += 0.01) {
            QVERIFY2(!meter.idle(t), qPrintable(QString::number(t)));
            QVERIFY(std::abs(meter.rate(t) - 5.0) <= 0.5);
        }
    }

    // The first arrival of a run has no interval: it lights for the idle timeout only.
    void firstArrivalUsesTheIdleTimeout() {
        RateMeter meter(kWindow, kIdle, kFactor);
        meter.add(1.0, 1);
        QCOMPARE(meter.horizon(), kIdle);
        QVERIFY(meter.idle(1.0 + kIdle));
        meter.add(1.2, 1);
        QVERIFY(std::abs(meter.horizon() - 0.6) <= 1e-12);
        QVERIFY(!meter.idle(1.7));
    }

    // After a pause the meter must not average over the silence: a fast restart reads fast,
    // and the pause does not lengthen the restarted stream's horizon.
    void restartAfterPauseReadsNewRate() {
        RateMeter meter(kWindow, kIdle, kFactor);
        for (int k = 0; k < 20; ++k) {
            meter.add(k * 0.1, 1);  // 10 tps until t = 1.9
        }
        for (int k = 0; k < 10; ++k) {
            meter.add(10.0 + k * 0.02, 1);  // 50 tps from t = 10
        }
        QCOMPARE(meter.rate(10.18), 50.0);
        QCOMPARE(meter.horizon(), kIdle);
    }

    // Arrivals at one instant are one arrival: no zero interval shortens the horizon.
    void sameInstantIsOneArrival() {
        RateMeter meter(kWindow, kIdle, kFactor);
        for (int k = 0; k < 5; ++k) {
            meter.add(k * 0.2, 1);
            meter.add(k * 0.2, 1);
        }
        QVERIFY(std::abs(meter.horizon() - 0.6) <= 1e-12);
        QVERIFY(std::abs(meter.rate(0.9) - 10.0) <= 1e-9);
    }

    void loneArrivalReadsTokensOverWindow() {
        RateMeter meter(kWindow, kIdle, kFactor);
        meter.add(2.0, 3);
        QCOMPARE(meter.rate(2.0), 3.0 / kWindow);
    }

    void nextChangeIsIdleOrWindowExit() {
        RateMeter meter(kWindow, kIdle, kFactor);
        QVERIFY(std::isinf(meter.nextChangeAfter(0.0)));
        meter.add(0.0, 1);
        meter.add(0.01, 1);
        meter.add(0.02, 1);
        QCOMPARE(meter.nextChangeAfter(0.02), 0.02 + kIdle);
        // The reading is constant until then.
        const double before = meter.rate(0.03);
        QCOMPARE(meter.rate(0.119), before);
        const double idleAt = meter.nextChangeAfter(0.119);
        QCOMPARE(idleAt, 0.02 + kIdle);
        QCOMPARE(meter.rate(idleAt), 0.0);
        QVERIFY(std::isinf(meter.nextChangeAfter(idleAt)));
    }

    // The reading changes when the anchor goes, that is when the arrival after it leaves the
    // span; an arrival merely leaving the span does not change it.
    void windowExitIsReported() {
        RateMeter meter(kWindow, kWindow, 0.0);
        meter.add(0.0, 1);
        meter.add(0.5, 1);
        meter.add(0.9, 1);
        QCOMPARE(meter.nextChangeAfter(0.9), 0.5 + kWindow);
        QCOMPARE(meter.rate(1.2), 2.0 / 0.9);
        QCOMPARE(meter.rate(1.5), 1.0 / 0.4);
        QCOMPARE(meter.nextChangeAfter(1.5), 0.9 + kWindow);
    }

    void resetForgetsEverything() {
        RateMeter meter(kWindow, kIdle, kFactor);
        meter.add(0.0, 5);
        meter.add(0.5, 5);
        meter.reset();
        QCOMPARE(meter.rate(0.0), 0.0);
        QVERIFY(meter.idle(0.0));
        QCOMPARE(meter.horizon(), kIdle);
    }
};

QTEST_APPLESS_MAIN(TestRateMeter)
#include "tst_rate_meter.moc"
