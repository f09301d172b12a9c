#include <QNetworkDatagram>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUdpSocket>

#include "app/studio/parameter_model.h"
#include "app/studio/studio_engine.h"
#include "core/ddp.h"
#include "core/e131.h"
#include "core/session_reader.h"
#include "core/synthetic_telemetry.h"

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

    // A threshold's row gives the range the engine accepts now, between its neighbours, and
    // follows a neighbour that moves.
    void thresholdRowsGiveTheEffectiveRange() {
        StudioEngine engine(nullptr);
        ParameterModel parameters;
        parameters.setEngine(&engine);
        QModelIndex stream;
        for (int row = 0; row < parameters.rowCount(); ++row) {
            if (parameters.data(parameters.index(row), ParameterModel::KeyRole).toString() ==
                QStringLiteral("stream_threshold_tps")) {
                stream = parameters.index(row);
            }
        }
        QVERIFY(stream.isValid());
        QCOMPARE(parameters.data(stream, ParameterModel::EffectiveMinimumRole).toDouble(), 0.5);
        QCOMPARE(parameters.data(stream, ParameterModel::EffectiveMaximumRole).toDouble(), 80.0);
        QCOMPARE(parameters.data(stream, ParameterModel::MinimumNeighbourRole).toString(),
                 QStringLiteral("active_threshold_tps"));
        QCOMPARE(parameters.data(stream, ParameterModel::MaximumNeighbourRole).toString(),
                 QStringLiteral("heartbeat_threshold_tps"));
        QSignalSpy changed(&parameters, &QAbstractItemModel::dataChanged);
        QVERIFY(parameters.setValueByKey(QStringLiteral("heartbeat_threshold_tps"), 60.0));
        QVERIFY(changed.count() >= 1);
        QCOMPARE(parameters.data(stream, ParameterModel::EffectiveMaximumRole).toDouble(), 60.0);
    }

    void everyParameterHasARow() {
        ParameterModel parameters;
        QCOMPARE(parameters.rowCount(), static_cast<int>(parameterFields().size()));
        // Rows follow the parameter table; find gamma by key so a new parameter moves nothing.
        QModelIndex gamma;
        for (int row = 0; row < parameters.rowCount(); ++row) {
            if (parameters.data(parameters.index(row), ParameterModel::KeyRole).toString() ==
                QStringLiteral("gamma")) {
                gamma = parameters.index(row);
            }
        }
        QVERIFY(gamma.isValid());
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
        // A count, not a rate: the wait only gives up (a loaded or sanitized build is slow).
        QTRY_VERIFY_WITH_TIMEOUT(frames >= 20, 60000);
    }

    // Frames reach a DDP receiver at the engine's cadence; identify lights only one lobe there.
    void outputsSendAndIdentify() {
        QUdpSocket receiver;
        QVERIFY(receiver.bind(QHostAddress::LocalHost, 0));
        StudioEngine engine(nullptr);
        QVERIFY(engine.openRecording(bundled("burst-heavy.jsonl")));
        engine.addOutput(QStringLiteral("ddp://127.0.0.1:%1").arg(receiver.localPort()));
        QTRY_COMPARE(engine.outputs().size(), 1);
        QTRY_VERIFY(receiver.hasPendingDatagrams());
        QTRY_COMPARE(engine.outputs().first().toMap().value(QStringLiteral("state")).toString(),
                     QStringLiteral("sending"));

        const Lobe& brainstem = engine.rig().lobes.back();
        engine.identifyLobe(static_cast<int>(engine.rig().lobes.size() - 1));
        QTest::qWait(100);
        while (receiver.hasPendingDatagrams()) {
            receiver.receiveDatagram();
        }
        QTRY_VERIFY(receiver.hasPendingDatagrams());
        const QByteArray datagram = receiver.receiveDatagram().data();
        const auto packet =
            ddp::decode(std::span(reinterpret_cast<const std::uint8_t*>(datagram.constData()),
                                  static_cast<std::size_t>(datagram.size())));
        QVERIFY(packet.has_value());
        std::size_t lit = 0;
        for (std::size_t i = 0; i + 2 < packet->data.size(); i += 3) {
            lit +=
                packet->data[i] == 255 && packet->data[i + 1] == 255 && packet->data[i + 2] == 255;
        }
        QCOMPARE(lit, brainstem.leds.size());
        QCOMPARE(static_cast<std::size_t>(
                     std::count(packet->data.begin(), packet->data.end(), std::uint8_t{0})),
                 packet->data.size() - 3 * lit);
        engine.identifyLobe(-1);
        engine.removeOutput(0);
        QTRY_COMPARE(engine.outputs().size(), 0);
    }

    void outputsAreCheckedBeforeSending() {
        StudioEngine engine(nullptr);
        engine.addOutput(QStringLiteral("dmx://somewhere"));
        QCOMPARE(engine.errorText(),
                 QStringLiteral("output 'dmx://somewhere': unknown kind of output (ddp://, "
                                "e131://, artnet://, osc://, seed-http://)"));
        QVERIFY(engine.openRecording(bundled("short-answer.jsonl")));
        engine.addOutput(QStringLiteral("ddp://127.0.0.1:9?leds=200"));
        QTRY_COMPARE(engine.outputs().size(), 1);
        QTRY_COMPARE(engine.outputs().first().toMap().value(QStringLiteral("state")).toString(),
                     QStringLiteral("not sending: the rig has 156 LEDs, the controller 200"));
    }

    // Quitting the studio darkens the real skull: each target's last frame is black, and an
    // E1.31 receiver is told the stream ended.
    void quittingDarkensTheTargets() {
        QUdpSocket ddpReceiver;
        QUdpSocket e131Receiver;
        QVERIFY(ddpReceiver.bind(QHostAddress::LocalHost, 0));
        QVERIFY(e131Receiver.bind(QHostAddress::LocalHost, 0));
        std::vector<std::uint8_t> lastDdp;
        std::vector<std::uint8_t> lastE131;
        int terminated = 0;
        connect(&ddpReceiver, &QUdpSocket::readyRead, this, [&] {
            while (ddpReceiver.hasPendingDatagrams()) {
                const QByteArray data = ddpReceiver.receiveDatagram().data();
                if (const auto packet = ddp::decode(
                        std::span(reinterpret_cast<const std::uint8_t*>(data.constData()),
                                  static_cast<std::size_t>(data.size())))) {
                    lastDdp = packet->data;
                }
            }
        });
        connect(&e131Receiver, &QUdpSocket::readyRead, this, [&] {
            while (e131Receiver.hasPendingDatagrams()) {
                const QByteArray data = e131Receiver.receiveDatagram().data();
                if (const auto packet = e131::decode(
                        std::span(reinterpret_cast<const std::uint8_t*>(data.constData()),
                                  static_cast<std::size_t>(data.size())))) {
                    if (packet->streamTerminated()) {
                        ++terminated;
                    } else {
                        lastE131 = packet->data;
                    }
                }
            }
        });
        const auto lit = [](const std::vector<std::uint8_t>& rgb) {
            return std::any_of(rgb.begin(), rgb.end(), [](std::uint8_t b) { return b != 0; });
        };
        auto engine = std::make_unique<StudioEngine>(nullptr);
        QVERIFY(engine->openRecording(bundled("burst-heavy.jsonl")));
        engine->addOutput(QStringLiteral("ddp://127.0.0.1:%1").arg(ddpReceiver.localPort()));
        engine->addOutput(QStringLiteral("e131://127.0.0.1:%1").arg(e131Receiver.localPort()));
        QTRY_VERIFY_WITH_TIMEOUT(lit(lastDdp) && lit(lastE131), 10000);
        engine.reset();
        QTRY_VERIFY(!lit(lastDdp));
        QTRY_COMPARE(terminated, 3);
        QVERIFY(!lit(lastE131));
    }

    // Rig edits reach the engine and step back and forth through undo history; a saved rig
    // loads back the same.
    void rigEditsUndoRedoAndFiles() {
        StudioEngine engine(nullptr);
        QVERIFY(!engine.canUndoRig());
        QSignalSpy changed(&engine, &StudioEngine::rigChanged);
        engine.setLobeMetric(0, QStringLiteral("completion"));
        engine.setLobeColor(0, QColor(0, 255, 0));
        QCOMPARE(changed.count(), 2);
        QCOMPARE(engine.rig().lobes[0].metric, Metric::Completion);
        QCOMPARE(engine.rig().lobes[0].color, (Rgb8{0, 255, 0}));
        engine.undoRig();
        QCOMPARE(engine.rig().lobes[0].color, Rig::defaultSkull().lobes[0].color);
        QCOMPARE(engine.rig().lobes[0].metric, Metric::Completion);
        engine.undoRig();
        QVERIFY(engine.rig() == Rig::defaultSkull());
        QVERIFY(!engine.canUndoRig());
        engine.redoRig();
        QCOMPARE(engine.rig().lobes[0].metric, Metric::Completion);
        QVERIFY(engine.canRedoRig());

        engine.setLobeMetric(0, QStringLiteral("mood"));
        QCOMPARE(engine.errorText(), QStringLiteral("'mood' is not a metric a lobe can follow"));

        QTemporaryDir dir;
        const QUrl file = QUrl::fromLocalFile(dir.filePath(QStringLiteral("rig.json")));
        QVERIFY(engine.saveRig(file));
        StudioEngine other(nullptr);
        QVERIFY(other.loadRig(file));
        QVERIFY(other.rig() == engine.rig());
        QVERIFY(!other.loadRig(QUrl::fromLocalFile(QStringLiteral("/nonexistent/rig.json"))));
        QCOMPARE(other.errorText(),
                 QStringLiteral("/nonexistent/rig.json: cannot open (No such file or directory)"));
    }

    // Authoring edits change the engine's frames: a lobe grown by 10 LEDs makes every frame
    // 10 LEDs longer; a refused edit is named and changes nothing.
    void ledEditsReachTheFrames_data() {
        QTest::addColumn<int>("edit");
        QTest::addColumn<int>("ledDelta");
        QTest::newRow("grow a lobe") << 0 << 10;
        QTest::newRow("add an LED") << 1 << 1;
        QTest::newRow("remove an LED") << 2 << -1;
        QTest::newRow("rewire an LED") << 3 << 0;
    }
    void ledEditsReachTheFrames() {
        QFETCH(int, edit);
        QFETCH(int, ledDelta);
        StudioEngine engine(nullptr);
        QVERIFY(engine.openRecording(bundled("short-answer.jsonl")));
        const int before = engine.ledCount();
        const int lobe1 = static_cast<int>(engine.rig().lobes[1].leds.size());
        switch (edit) {
            case 0:
                engine.setLobeLedCount(1, lobe1 + 10);
                break;
            case 1:
                engine.addLed(1, QVector3D(0, 10, 20));
                break;
            case 2:
                engine.removeLed(0);
                break;
            default:
                engine.setLedStrip(0, before - 1);
                break;
        }
        QCOMPARE(engine.errorText(), QString());
        QCOMPARE(engine.ledCount(), before + ledDelta);
        QCOMPARE(engine.leds().size(), before + ledDelta);
        QTRY_COMPARE_WITH_TIMEOUT(engine.frame().rgb.size(), std::size_t(3 * (before + ledDelta)),
                                  3000);
        engine.undoRig();
        QVERIFY(engine.rig() == Rig::defaultSkull());
    }

    void refusedLedEditsAreNamed() {
        StudioEngine engine(nullptr);
        QSignalSpy changed(&engine, &StudioEngine::rigChanged);
        engine.moveLed(5000, QVector3D());
        QCOMPARE(engine.errorText(),
                 QStringLiteral("the rig has no LED at strip index 5000 (it has %1 LEDs)")
                     .arg(engine.ledCount()));
        engine.addLed(-1, QVector3D());
        QVERIFY(engine.errorText().startsWith(QStringLiteral("the rig has no lobe")));
        QCOMPARE(changed.count(), 0);
        QVERIFY(!engine.canUndoRig());
    }

    // The LED list QML draws and picks from: wiring order, each with its lobe and place.
    void ledListFollowsTheWiring() {
        StudioEngine engine(nullptr);
        const QVariantList leds = engine.leds();
        QCOMPARE(leds.size(), engine.ledCount());
        for (int i = 0; i < leds.size(); ++i) {
            const QVariantMap led = leds[i].toMap();
            QCOMPARE(led.value(QStringLiteral("strip")).toInt(), i);
            const Lobe& lobe = engine.rig().lobes[led.value(QStringLiteral("lobe")).toUInt()];
            const auto it = std::find_if(lobe.leds.begin(), lobe.leds.end(),
                                         [i](const Led& l) { return l.strip == i; });
            QVERIFY(it != lobe.leds.end());
            QCOMPARE(led.value(QStringLiteral("x")).toDouble(), it->position.x);
        }
        engine.setLobeColor(0, QColor(1, 2, 3));
        engine.resetRig();
        QVERIFY(engine.rig() == Rig::defaultSkull());
        QVERIFY(engine.canUndoRig());
    }

    // Telemetry from a tap starts a live session on the telemetry skull and lights its lobes;
    // a recording with telemetry opens on that skull too, one without goes back.
    void telemetryLightsTheTelemetrySkull() {
        StudioEngine engine(nullptr);
        const TelemetrySimulator simulator(
            TelemetrySimulation{24, 10.0, 3, "sim", std::nullopt, 24});
        engine.pushTelemetry(simulator.meta());
        for (std::uint32_t step = 0; step < 5; ++step) {
            engine.pushTelemetry(simulator.batch(step));
        }
        QVERIFY(engine.rig() == Rig::telemetrySkull());
        QCOMPARE(engine.summaries().size(), std::size_t(5));
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                engine.poll();
                return engine.live() && !allDark(engine.frame());
            }(),
            3000);

        QVERIFY(engine.openRecording(bundled("short-answer.jsonl")));
        QVERIFY(engine.rig() == Rig::defaultSkull());
        QVERIFY(engine.summaries().empty());
        QVERIFY(engine.openRecording(bundled("telemetry-demo.jsonl")));
        QVERIFY(engine.rig() == Rig::telemetrySkull());
        QVERIFY(engine.summaries().size() > 50);
        // Played as recorded, a recording's own rig is the one shown (issue 10); with that
        // off, an authored rig is the user's and sources do not replace it.
        engine.setPlayAsRecorded(false);
        engine.setLobeColor(0, QColor(1, 2, 3));
        QVERIFY(engine.openRecording(bundled("short-answer.jsonl")));
        QCOMPARE(engine.rig().lobes[0].color, (Rgb8{1, 2, 3}));
        engine.setPlayAsRecorded(true);
        QVERIFY(engine.openRecording(bundled("short-answer.jsonl")));
        QVERIFY(engine.rig() == Rig::defaultSkull());
    }

    // Found by a newcomer: while a training tap streamed, the skull stayed dark (lobes bound to
    // layer norms, which a training tap does not send). Training steps bring the learning
    // skull, which lights by gradient; a recorded training run plays on it too.
    void trainingLightsTheLearningSkull() {
        StudioEngine engine(nullptr);
        const TelemetrySimulator simulator(
            TelemetrySimulation{24, 10.0, 3, "sim", std::nullopt, 24});
        engine.pushTelemetry(simulator.meta());
        for (std::uint32_t step = 0; step < 5; ++step) {
            TrainingStep training;
            training.step = step;
            training.loss = 3.0f;
            for (std::uint16_t layer = 0; layer < 24; ++layer) {
                training.layers.push_back({layer, 1.0f + layer, 0.01f});
            }
            engine.pushTelemetry(training);
        }
        QVERIFY(engine.rig() == Rig::learningSkull());
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                engine.poll();
                return engine.live() && !allDark(engine.frame());
            }(),
            3000);
        // A rig the user made is kept.
        engine.setLobeColor(0, QColor(1, 2, 3));
        TrainingStep more;
        more.step = 9;
        engine.pushTelemetry(more);
        QCOMPARE(engine.rig().lobes[0].color, (Rgb8{1, 2, 3}));
    }

    void lobeLayerBindingIsEditedAndChecked_data() {
        QTest::addColumn<double>("from");
        QTest::addColumn<double>("to");
        QTest::addColumn<QString>("stat");
        QTest::addColumn<QString>("spikes");
        QTest::addColumn<QString>("error");
        QTest::newRow("first quarter, norm") << 0.0 << 0.25 << "norm"
                                             << "none"
                                             << "";
        QTest::newRow("last layers spike") << 0.8 << 1.0 << "entropy"
                                           << "ternary"
                                           << "";
        QTest::newRow("empty group") << 0.5 << 0.5 << "norm"
                                     << "none"
                                     << "a layer group's depth must satisfy 0 <= from < to <= 1";
        QTest::newRow("unknown statistic") << 0.0 << 1.0 << "mood"
                                           << "none"
                                           << "'mood' is not a layer statistic";
        QTest::newRow("unknown encoding") << 0.0 << 1.0 << "norm"
                                          << "morse"
                                          << "'morse' is not a spike encoding";
    }
    void lobeLayerBindingIsEditedAndChecked() {
        QFETCH(double, from);
        QFETCH(double, to);
        QFETCH(QString, stat);
        QFETCH(QString, spikes);
        QFETCH(QString, error);
        StudioEngine engine(nullptr);
        engine.setLobeLayers(2, from, to, stat, spikes, 0.4);
        QCOMPARE(engine.errorText(), error);
        if (!error.isEmpty()) {
            QVERIFY(engine.rig() == Rig::defaultSkull());
            return;
        }
        const Lobe& lobe = engine.rig().lobes[2];
        QCOMPARE(lobe.metric, Metric::Layers);
        QCOMPARE(lobe.layers.depthFrom, from);
        QCOMPARE(lobe.layers.depthTo, to);
        QCOMPARE(QString::fromLatin1(layerStatName(lobe.layers.stat).data()), stat);
        QCOMPARE(lobe.layers.spikes.has_value(), spikes != QLatin1String("none"));
        const QVariantMap row = engine.lobes()[2].toMap();
        QCOMPARE(row.value(QStringLiteral("spikes")).toString(), spikes);
        QVERIFY(engine.canUndoRig());
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
