#include <QTest>
#include <cmath>

#include "core/rate_meter.h"

using namespace ossynapse;

namespace {
constexpr double kWindow = 1.0;
constexpr double kIdle = 0.1;
}  // namespace

class TestRateMeter : public QObject {
    Q_OBJECT
  private slots:
    // A steady stream of R tokens/s reads R within 2 % once it has run for 1 s, read at each
    // arrival (below 10 tokens/s the gaps exceed the idle timeout, so only arrivals are lit).
    void steadyStreamReadsItsRate_data() {
        QTest::addColumn<double>("tps");
        QTest::addColumn<int>("tokensPerChunk");
        for (double tps : {1.0, 2.0, 3.0, 7.0, 10.0, 15.0, 42.0, 80.0, 200.0, 750.0, 2000.0}) {
            QTest::addRow("%g tps, 1 token a chunk", tps) << tps << 1;
        }
        QTest::newRow("120 tps, 4 tokens a chunk") << 120.0 << 4;
        QTest::newRow("2000 tps, 10 tokens a chunk") << 2000.0 << 10;
    }
    void steadyStreamReadsItsRate() {
        QFETCH(double, tps);
        QFETCH(int, tokensPerChunk);
        RateMeter meter(kWindow, kIdle);
        const double gap = tokensPerChunk / tps;
        double worst = 0.0;
        for (int k = 0; k * gap <= 3.0; ++k) {
            const double t = k * gap;
            meter.add(t, tokensPerChunk);
            if (t >= 1.0) {
                worst = std::max(worst, std::abs(meter.rate(t) - tps) / tps);
                if (gap < kIdle) {
                    // Between arrivals the reading holds too.
                    const double between = t + 0.5 * gap;
                    worst = std::max(worst, std::abs(meter.rate(between) - tps) / tps);
                }
            }
        }
        QVERIFY2(worst <= 0.02, qPrintable(QStringLiteral("worst relative error %1").arg(worst)));
    }

    void readsZeroOnceIdle_data() {
        QTest::addColumn<double>("tps");
        for (double tps : {12.0, 50.0, 500.0}) {
            QTest::addRow("%g tps", tps) << tps;
        }
    }
    void readsZeroOnceIdle() {
        QFETCH(double, tps);
        RateMeter meter(kWindow, kIdle);
        double last = 0.0;
        for (int k = 0; k < 100; ++k) {
            last = k / tps;
            meter.add(last, 1);
        }
        QVERIFY(meter.rate(last + 0.099) > 0.0);
        QVERIFY(!meter.idle(last + 0.099));
        QCOMPARE(meter.rate(last + 0.1), 0.0);
        QVERIFY(meter.idle(last + 0.1));
        QCOMPARE(meter.rate(last + 5.0), 0.0);
    }

    // After a pause the meter must not average over the silence: a fast restart reads fast.
    void restartAfterPauseReadsNewRate() {
        RateMeter meter(kWindow, kIdle);
        for (int k = 0; k < 20; ++k) {
            meter.add(k * 0.1, 1);  // 10 tps until t = 1.9
        }
        for (int k = 0; k < 10; ++k) {
            meter.add(10.0 + k * 0.02, 1);  // 50 tps from t = 10
        }
        QCOMPARE(meter.rate(10.18), 50.0);
    }

    void loneArrivalReadsTokensOverWindow() {
        RateMeter meter(kWindow, kIdle);
        meter.add(2.0, 3);
        QCOMPARE(meter.rate(2.0), 3.0 / kWindow);
    }

    void nextChangeIsIdleOrWindowExit() {
        RateMeter meter(kWindow, kIdle);
        QVERIFY(std::isinf(meter.nextChangeAfter(0.0)));
        meter.add(0.0, 1);
        meter.add(0.05, 1);
        QCOMPARE(meter.nextChangeAfter(0.05), 0.05 + kIdle);
        // The reading is constant until then.
        const double before = meter.rate(0.06);
        QCOMPARE(meter.rate(0.149), before);
        const double idleAt = meter.nextChangeAfter(0.149);
        QCOMPARE(idleAt, 0.05 + kIdle);
        QCOMPARE(meter.rate(idleAt), 0.0);
        QVERIFY(meter.nextChangeAfter(idleAt) > idleAt);
    }

    void windowExitIsReported() {
        RateMeter meter(kWindow, 10.0);
        meter.add(0.0, 1);
        meter.add(0.5, 1);
        meter.add(0.9, 1);
        QCOMPARE(meter.nextChangeAfter(0.9), 0.0 + kWindow);
        meter.rate(1.0);
        QCOMPARE(meter.nextChangeAfter(1.0), 0.5 + kWindow);
    }

    void resetForgetsEverything() {
        RateMeter meter(kWindow, kIdle);
        meter.add(0.0, 5);
        meter.reset();
        QCOMPARE(meter.rate(0.0), 0.0);
        QVERIFY(meter.idle(0.0));
    }
};

QTEST_APPLESS_MAIN(TestRateMeter)
#include "tst_rate_meter.moc"
