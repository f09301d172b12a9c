#include <QSignalSpy>
#include <QTest>

#include "app/studio/parameter_model.h"
#include "app/studio/studio_engine.h"
#include "core/session_reader.h"

using namespace ossynapse;

namespace {

QUrl bundled(const char* name) {
    return QUrl::fromLocalFile(QStringLiteral(OSSYNAPSE_RECORDINGS_DIR "/") +
                               QString::fromLatin1(name));
}

bool allDark(const Frame& frame) {
    return std::all_of(frame.rgb.begin(), frame.rgb.end(), [](std::uint8_t b) { return b == 0; });
}

}  // namespace

// The studio's controllers, without a window: intents in, the engine's frames out.
class TestStudioEngine : public QObject {
    Q_OBJECT
  private slots:
    // After a seek the frame is the one an offline render gives at that moment, byte for byte.
    void seekLandsOnTheRightFrame_data() {
        QTest::addColumn<double>("position");
        QTest::newRow("reasoning phase") << 12.5;
        QTest::newRow("answer") << 36.0;
        QTest::newRow("back near the start") << 0.8;
    }
    void seekLandsOnTheRightFrame() {
        QFETCH(double, position);
        StudioEngine engine(nullptr);
        QVERIFY(engine.openRecording(bundled("reasoning-then-answer.jsonl")));
        engine.setPlaying(false);
        engine.seek(position);
        QTRY_COMPARE_WITH_TIMEOUT(engine.position(), position, 3000);
        QTRY_VERIFY(!engine.playing());

        const Session session =
            readSessionFile(QStringLiteral(OSSYNAPSE_RECORDINGS_DIR "/reasoning-then-answer.jsonl")
                                .toStdString())
                .session;
        Engine offline;
        for (const TokenEvent& event : session.events) {
            if (event.t <= position) {
                offline.push(event);
            }
        }
        const Frame expected = offline.tick(position);
        QVERIFY(!allDark(expected));
        QVERIFY(engine.frame().rgb == expected.rgb);
        QCOMPARE(engine.frame().wireDuty, expected.wireDuty);
    }

    // A parameter change reaches the engine and shows in the next frames.
    void parameterChangesReachTheEngine() {
        StudioEngine engine(nullptr);
        ParameterModel parameters;
        parameters.setEngine(&engine);
        QVERIFY(engine.openRecording(bundled("burst-heavy.jsonl")));
        engine.setPlaying(false);
        engine.seek(3.0);
        QTRY_COMPARE(engine.position(), 3.0);
        QTRY_VERIFY(!allDark(engine.frame()));
        QSignalSpy changed(&parameters, &QAbstractItemModel::dataChanged);
        QVERIFY(parameters.setValueByKey(QStringLiteral("master_brightness"), 0.0));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(parameters.value(QStringLiteral("master_brightness")), 0.0);
        QTRY_VERIFY_WITH_TIMEOUT(allDark(engine.frame()), 3000);
        parameters.resetToDefaults();
        QTRY_VERIFY_WITH_TIMEOUT(!allDark(engine.frame()), 3000);
    }

    // A value the engine cannot take is refused with the field named, and nothing changes.
    void invalidValueIsRefusedAndNamed() {
        StudioEngine engine(nullptr);
        ParameterModel parameters;
        parameters.setEngine(&engine);
        QSignalSpy error(&engine, &StudioEngine::errorTextChanged);
        QVERIFY(!parameters.setValueByKey(QStringLiteral("stream_threshold_tps"), 100.0));
        QCOMPARE(error.count(), 1);
        QCOMPARE(engine.errorText(), QStringLiteral("parameter 'heartbeat_threshold_tps' = 80 must "
                                                    "be above 'stream_threshold_tps' = 100"));
        QCOMPARE(parameters.value(QStringLiteral("stream_threshold_tps")), 15.0);
    }

    void everyParameterHasARow() {
        ParameterModel parameters;
        QCOMPARE(parameters.rowCount(), static_cast<int>(parameterFields().size()));
        const QModelIndex gamma = parameters.index(9);
        QCOMPARE(parameters.data(gamma, ParameterModel::KeyRole).toString(),
                 QStringLiteral("gamma"));
        QCOMPARE(parameters.data(gamma, ParameterModel::MinimumRole).toDouble(), 1.0);
        QCOMPARE(parameters.data(gamma, ParameterModel::MaximumRole).toDouble(), 4.0);
    }

    void brokenRecordingIsReportedInWords() {
        StudioEngine engine(nullptr);
        QVERIFY(!engine.openRecording(QUrl::fromLocalFile(QStringLiteral("/nonexistent/s.jsonl"))));
        QCOMPARE(engine.errorText(),
                 QStringLiteral("/nonexistent/s.jsonl: cannot open (No such file or directory)"));
    }

    // The engine keeps its cadence with nobody drawing: frames arrive while no window exists.
    void framesFlowWithoutAWindow() {
        StudioEngine engine(nullptr);
        QVERIFY(engine.openRecording(bundled("short-answer.jsonl")));
        int frames = 0;
        connect(
            engine.producer(), &FrameProducer::frameProduced, this, [&frames] { ++frames; },
            Qt::DirectConnection);
        QTRY_VERIFY_WITH_TIMEOUT(frames >= 20, 3000);
    }

    void blackoutDarkensWithoutTouchingParameters() {
        StudioEngine engine(nullptr);
        QVERIFY(engine.openRecording(bundled("burst-heavy.jsonl")));
        engine.setPlaying(false);
        engine.seek(3.0);
        QTRY_VERIFY(!allDark(engine.frame()));
        engine.setBlackout(true);
        QTRY_VERIFY(allDark(engine.frame()));
        QCOMPARE(engine.parameters().masterBrightness, 1.0);
        engine.setBlackout(false);
        QTRY_VERIFY(!allDark(engine.frame()));
    }
};

QTEST_GUILESS_MAIN(TestStudioEngine)
#include "tst_studio_engine.moc"
