#include <QTest>

#include "core/frame_format.h"
#include "core/offline_render.h"
#include "core/session_feed.h"
#include "core/synthetic_session.h"

using namespace ossynapse;

namespace {

std::vector<std::string> renderLines(const Session& session, const Parameters& p, double fps) {
    Engine engine(p);
    std::vector<std::string> lines;
    renderOffline(session, engine, fps,
                  [&](const Frame& frame) { lines.push_back(frameToJsonLine(frame)); });
    return lines;
}

}  // namespace

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

    // A recorded change of master brightness at 1 s: every frame before it is the frame of a
    // render at the old brightness, every frame from it on the frame of one at the new.
    void recordedChangeAppliesFromItsTime() {
        Session session = synthesizeSession(SyntheticKind::ShortAnswer, 1, "");
        const Parameters bright;
        Parameters dim;
        dim.masterBrightness = 0.3;
        session.parameterChanges = {{1.0, dim}};
        const auto changed = renderLines(session, bright, 100.0);
        Session plain = session;
        plain.parameterChanges.clear();
        const auto before = renderLines(plain, bright, 100.0);
        const auto after = renderLines(plain, dim, 100.0);
        QCOMPARE(changed.size(), before.size());
        int differing = 0;
        for (std::size_t k = 0; k < changed.size(); ++k) {
            const auto& expected = k < 100 ? before[k] : after[k];
            QCOMPARE(changed[k], expected);
            differing += before[k] != after[k];
        }
        QVERIFY(differing > 50);  // the change shows
    }

    // A change of the dynamics (smoothing and idle rule) at a time between frames: the frames
    // after it are exactly those of an engine ticked at that moment and given the new
    // parameters there, as a live studio would have been.
    void recordedChangeIsExactBetweenFrames_data() {
        QTest::addColumn<double>("fps");
        for (double fps : {24.0, 100.0, 240.0}) {
            QTest::addRow("%g fps", fps) << fps;
        }
    }
    void recordedChangeIsExactBetweenFrames() {
        QFETCH(double, fps);
        Session session = synthesizeSession(SyntheticKind::ReasoningThenAnswer, 2, "");
        const double at = 10.123457;
        Parameters changed;
        changed.reasoningEwmaTauS = 2.0;
        changed.idleGapFactor = 0.0;
        session.parameterChanges = {{at, changed}};
        const auto rendered = renderLines(session, Parameters{}, fps);

        Engine byHand;
        SessionCursor cursor;
        Session tokensOnly = session;
        tokensOnly.parameterChanges.clear();
        bool applied = false;
        int compared = 0;
        int differ = 0;
        const auto plain = renderLines(tokensOnly, Parameters{}, fps);
        for (std::size_t k = 0; k < rendered.size(); ++k) {
            const double t = static_cast<double>(k) / fps;
            if (!applied && t > at) {
                feedUntil(tokensOnly, cursor, at, byHand);
                byHand.tick(at);
                byHand.setParameters(changed);
                applied = true;
            }
            feedUntil(tokensOnly, cursor, t, byHand);
            const std::string line = frameToJsonLine(byHand.tick(t));
            QCOMPARE(rendered[k], line);
            if (t > at) {
                ++compared;
                differ += line != plain[k];
            }
        }
        QVERIFY(compared > 100);
        QVERIFY(differ > compared / 2);
    }

    // Recorded changes move the engine during a render; the next render starts as this did.
    void renderRestoresTheStartingParameters() {
        Session session = synthesizeSession(SyntheticKind::ShortAnswer, 1, "");
        Parameters dim;
        dim.masterBrightness = 0.3;
        session.parameterChanges = {{1.0, dim}};
        Engine engine;
        std::string first;
        std::string second;
        renderOffline(session, engine, 50.0, [&](const Frame& f) { first += frameToJsonLine(f); });
        QVERIFY(engine.parameters() == Parameters{});
        renderOffline(session, engine, 50.0, [&](const Frame& f) { second += frameToJsonLine(f); });
        QCOMPARE(first, second);
    }

    // The recording's setup plays unless parameters are given or it is to be ignored.
    void playbackSetupFollowsOneRule() {
        Session session = synthesizeSession(SyntheticKind::ShortAnswer, 1, "");
        Parameters recorded;
        recorded.gamma = 3.0;
        Rig rig = Rig::defaultSkull();
        rig.name = "recorded";
        session.header.parameters = recorded;
        session.header.rig = rig;
        session.parameterChanges = {{1.0, Parameters{}}};
        Parameters given;
        given.gamma = 1.5;
        {
            Session s = session;
            const PlaybackSetup setup = playbackSetup(s, std::nullopt, std::nullopt, false);
            QVERIFY(setup.parameters == recorded);
            QVERIFY(setup.rig == rig);
            QCOMPARE(s.parameterChanges.size(), std::size_t{1});
        }
        {
            Session s = session;
            const PlaybackSetup setup = playbackSetup(s, given, std::nullopt, false);
            QVERIFY(setup.parameters == given);
            QVERIFY(setup.rig == rig);
            QVERIFY(s.parameterChanges.empty());
        }
        {
            Session s = session;
            const PlaybackSetup setup = playbackSetup(s, std::nullopt, std::nullopt, true);
            QVERIFY(setup.parameters == Parameters{});
            QVERIFY(setup.rig == Rig::defaultSkull());
            QVERIFY(s.parameterChanges.empty());
        }
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
