#include <QTest>
#include <cmath>

#include "core/patterns.h"

using namespace ossynapse;

Q_DECLARE_METATYPE(ossynapse::Pattern)

class TestPatterns : public QObject {
    Q_OBJECT
  private slots:
    void bandsAndBoundaries_data() {
        QTest::addColumn<double>("smoothedRate");
        QTest::addColumn<bool>("idle");
        QTest::addColumn<Pattern>("expected");
        QTest::newRow("idle channel is off") << 50.0 << true << Pattern::Off;
        QTest::newRow("0 tps, not idle: breathe") << 0.0 << false << Pattern::IdleBreathe;
        QTest::newRow("0.49 tps: breathe") << 0.49 << false << Pattern::IdleBreathe;
        QTest::newRow("0.5 tps: crossfade") << 0.5 << false << Pattern::ActiveCrossfade;
        QTest::newRow("14.99 tps: crossfade") << 14.99 << false << Pattern::ActiveCrossfade;
        QTest::newRow("15 tps: lissajous") << 15.0 << false << Pattern::StreamLissajous;
        QTest::newRow("79.99 tps: lissajous") << 79.99 << false << Pattern::StreamLissajous;
        QTest::newRow("80 tps: heartbeat") << 80.0 << false << Pattern::BurstHeartbeat;
        QTest::newRow("2000 tps: heartbeat") << 2000.0 << false << Pattern::BurstHeartbeat;
    }
    void bandsAndBoundaries() {
        QFETCH(double, smoothedRate);
        QFETCH(bool, idle);
        QFETCH(Pattern, expected);
        QCOMPARE(selectPattern(idle, smoothedRate, Parameters{}), expected);
    }

    void thresholdsAreParameters() {
        Parameters p;
        p.activeThresholdTps = 2.0;
        p.streamThresholdTps = 5.0;
        p.heartbeatThresholdTps = 10.0;
        QCOMPARE(selectPattern(false, 1.0, p), Pattern::IdleBreathe);
        QCOMPARE(selectPattern(false, 4.0, p), Pattern::ActiveCrossfade);
        QCOMPARE(selectPattern(false, 9.0, p), Pattern::StreamLissajous);
        QCOMPARE(selectPattern(false, 10.0, p), Pattern::BurstHeartbeat);
    }

    void intensityIsLogOfRate_data() {
        QTest::addColumn<double>("rate");
        QTest::addColumn<double>("expected");
        QTest::newRow("0") << 0.0 << 0.0;
        QTest::newRow("1") << 1.0 << std::log10(2.0) / std::log10(201.0);
        QTest::newRow("15") << 15.0 << std::log10(16.0) / std::log10(201.0);
        QTest::newRow("200 is full") << 200.0 << 1.0;
        QTest::newRow("above ceiling clamps") << 5000.0 << 1.0;
    }
    void intensityIsLogOfRate() {
        QFETCH(double, rate);
        QFETCH(double, expected);
        QVERIFY(std::abs(intensity(rate, 200.0) - expected) < 1e-12);
    }

    // Two peaks per period, the second one smaller: lub-dub.
    void heartbeatIsADoublePulse() {
        int peaks = 0;
        double firstPeak = 0.0;
        double secondPeak = 0.0;
        constexpr int kSamples = 1000;
        for (int i = 1; i < kSamples - 1; ++i) {
            const double before = heartbeat((i - 1.0) / kSamples);
            const double here = heartbeat(static_cast<double>(i) / kSamples);
            const double after = heartbeat((i + 1.0) / kSamples);
            if (here > before && here >= after && here > 0.1) {
                (peaks == 0 ? firstPeak : secondPeak) = here;
                ++peaks;
            }
        }
        QCOMPARE(peaks, 2);
        QVERIFY(firstPeak > 0.99);
        QVERIFY(secondPeak > 0.5 && secondPeak < firstPeak);
        QCOMPARE(heartbeat(0.7), 0.0);
        QCOMPARE(heartbeat(1.10), heartbeat(0.10));
    }

    // In the active band the two channels fade in opposite phases.
    void crossfadeChannelsAreInOppositePhase() {
        const Parameters p;
        const double level = 0.8;
        for (double t = 0.0; t < 6.0; t += 0.1) {
            const double reasoning =
                channelDuty(Channel::Reasoning, Pattern::ActiveCrossfade, level, t, p);
            const double completion =
                channelDuty(Channel::Completion, Pattern::ActiveCrossfade, level, t, p);
            // floor + (1 - floor) u and floor + (1 - floor)(1 - u) sum to a constant.
            QVERIFY(std::abs(reasoning + completion - level * (1.0 + p.patternFloor)) < 1e-12);
        }
        const double peak = channelDuty(Channel::Reasoning, Pattern::ActiveCrossfade, level,
                                        p.crossfadePeriodS / 4.0, p);
        QVERIFY(std::abs(peak - level) < 1e-12);
    }

    // The Lissajous axes run at the ratio of their frequencies.
    void lissajousCompletionRunsAtRatio() {
        Parameters p;
        p.lissajousRatio = 2.0;
        const auto completion = [&](double t) {
            return channelDuty(Channel::Completion, Pattern::StreamLissajous, 1.0, t, p);
        };
        const auto reasoning = [&](double t) {
            return channelDuty(Channel::Reasoning, Pattern::StreamLissajous, 1.0, t, p);
        };
        const double period = p.lissajousPeriodS;
        QVERIFY(std::abs(completion(0.1) - completion(0.1 + period / 2.0)) < 1e-12);
        QVERIFY(std::abs(reasoning(0.1) - reasoning(0.1 + period / 2.0)) > 0.1);
    }

    void patternsStayWithinLevel_data() {
        QTest::addColumn<Pattern>("pattern");
        QTest::newRow("crossfade") << Pattern::ActiveCrossfade;
        QTest::newRow("lissajous") << Pattern::StreamLissajous;
        QTest::newRow("heartbeat") << Pattern::BurstHeartbeat;
    }
    void patternsStayWithinLevel() {
        QFETCH(Pattern, pattern);
        const Parameters p;
        const double level = 0.6;
        for (Channel channel : kChannels) {
            for (double t = 0.0; t < 10.0; t += 0.013) {
                const double duty = channelDuty(channel, pattern, level, t, p);
                QVERIFY(duty >= level * p.patternFloor - 1e-12);
                QVERIFY(duty <= level + 1e-12);
            }
        }
    }

    void breatheIgnoresIntensity() {
        const Parameters p;
        const double top =
            channelDuty(Channel::Reasoning, Pattern::IdleBreathe, 0.0, p.breathePeriodS / 2.0, p);
        QVERIFY(std::abs(top - p.breatheLevel) < 1e-12);
        QCOMPARE(channelDuty(Channel::Reasoning, Pattern::Off, 1.0, 1.0, p), 0.0);
    }

    void burstAccentNeedsThirtyTps_data() {
        QTest::addColumn<double>("maxRate");
        QTest::addColumn<bool>("accent");
        QTest::newRow("0 tps") << 0.0 << false;
        QTest::newRow("29.9 tps") << 29.9 << false;
        QTest::newRow("30 tps") << 30.0 << true;
        QTest::newRow("300 tps") << 300.0 << true;
    }
    void burstAccentNeedsThirtyTps() {
        QFETCH(double, maxRate);
        QFETCH(bool, accent);
        const Parameters p;
        const double atBeat = 0.10 * p.heartbeatPeriodS;  // the first pulse's peak
        QCOMPARE(burstAccent(maxRate, atBeat, p) > 0.0, accent);
        if (accent) {
            QVERIFY(std::abs(burstAccent(maxRate, atBeat, p) - p.heartbeatAccentDepth) < 1e-12);
        }
    }

    void namesRoundTrip() {
        for (Pattern pattern : {Pattern::Off, Pattern::IdleBreathe, Pattern::ActiveCrossfade,
                                Pattern::StreamLissajous, Pattern::BurstHeartbeat}) {
            QCOMPARE(patternFromName(patternName(pattern)), pattern);
        }
        QVERIFY(!patternFromName("strobe"));
    }
};

QTEST_APPLESS_MAIN(TestPatterns)
#include "tst_patterns.moc"
