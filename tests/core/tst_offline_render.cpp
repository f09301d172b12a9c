#include <QTest>

#include "core/offline_render.h"
#include "core/synthetic_session.h"

using namespace ossynapse;

class TestOfflineRender : public QObject {
    Q_OBJECT
  private slots:
    void framesCoverTheSessionAndEndDark_data() {
        QTest::addColumn<double>("fps");
        for (double fps : {1.0, 24.0, 100.0, 1000.0}) {
            QTest::addRow("%g fps", fps) << fps;
        }
    }
    void framesCoverTheSessionAndEndDark() {
        QFETCH(double, fps);
        const Session session = synthesizeSession(SyntheticKind::ShortAnswer, 1, "");
        Engine engine;
        std::vector<double> times;
        Frame last;
        renderOffline(session, engine, fps, [&](const Frame& frame) {
            times.push_back(frame.t);
            last = frame;
        });
        QCOMPARE(times.size(), offlineFrameCount(session, engine.parameters(), fps));
        QCOMPARE(times.front(), 0.0);
        for (std::size_t k = 0; k < times.size(); ++k) {
            QCOMPARE(times[k], static_cast<double>(k) / fps);
        }
        QVERIFY(times.back() >= session.events.back().t + engine.parameters().idleTimeoutS);
        QCOMPARE(last.channel(Channel::Reasoning).pattern, Pattern::Off);
        QCOMPARE(last.channel(Channel::Completion).pattern, Pattern::Off);
    }

    void emptySessionRendersOneDarkFrame() {
        Session session;
        Engine engine;
        int frames = 0;
        renderOffline(session, engine, 50.0, [&](const Frame& frame) {
            ++frames;
            QCOMPARE(frame.wireDuty[0], std::uint16_t{0});
        });
        QCOMPARE(frames, 1);
    }
};

QTEST_APPLESS_MAIN(TestOfflineRender)
#include "tst_offline_render.moc"
