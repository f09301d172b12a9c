// MIDI control (app/control/midi_*): the mapping as a pure rule, its file, and messages sent
// through a real MIDI stack (a JACK server on its dummy driver, RtMidi's JACK API).
#include <RtMidi.h>

#include <QCoreApplication>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <nlohmann/json.hpp>

#include "app/common/json_file.h"
#include "app/control/control_registry.h"
#include "app/control/midi_control_input.h"
#include "app/control/midi_learn.h"
#include "app/control/midi_mapping.h"
#include "app/studio/studio_engine.h"
#include "core/error.h"

using namespace ossynapse;
using namespace Qt::StringLiterals;
using Bytes = std::vector<std::uint8_t>;

Q_DECLARE_METATYPE(Bytes)

namespace {

MidiMapping stageMapping() {
    return MidiMapping::fromJson(nlohmann::json::parse(R"({
        "format": "ossynapse-midi-mapping", "version": 1, "bindings": [
            {"cc": 7, "channel": 1, "control": "master_brightness"},
            {"cc": 10, "control": "gamma", "low": 3.0, "high": 1.0},
            {"note": 36, "control": "preset_1"},
            {"note": 37, "channel": 10, "control": "blackout", "momentary": true}]})"));
}

}  // namespace

class TestMidiControl : public QObject {
    Q_OBJECT

    QProcess m_jack;
    QString m_jackMissing;
    QTemporaryDir m_settings;

  private slots:
    void initTestCase() {
        // The studio's engine keeps presets in the user's settings: this test's go elsewhere.
        QCoreApplication::setOrganizationName(u"ossynapse-tests"_s);
        QCoreApplication::setApplicationName(u"tst_midi_control"_s);
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        // A JACK server of this test's own, so a user's running session is never touched.
        const QString server = u"ossynapse-test-%1"_s.arg(QCoreApplication::applicationPid());
        qputenv("JACK_DEFAULT_SERVER", server.toUtf8());
        qputenv("JACK_NO_AUDIO_RESERVATION", "1");
        const QString jackd = QStandardPaths::findExecutable(u"jackd"_s);
        if (jackd.isEmpty()) {
            m_jackMissing = u"jackd is not installed (Debian: jackd2)"_s;
            return;
        }
        m_jack.start(jackd, {u"--no-realtime"_s, u"-n"_s, server, u"-d"_s, u"dummy"_s, u"-r"_s,
                             u"48000"_s, u"-p"_s, u"256"_s});
        QVERIFY(m_jack.waitForStarted());
        const auto serverAnswers = [] {
            QProcess lsp;
            lsp.setStandardOutputFile(QProcess::nullDevice());
            lsp.setStandardErrorFile(QProcess::nullDevice());
            lsp.start(u"jack_lsp"_s, {});
            return lsp.waitForFinished(5000) && lsp.exitCode() == 0;
        };
        QTRY_VERIFY_WITH_TIMEOUT(serverAnswers(), 10000);
    }
    void cleanupTestCase() {
        m_jack.terminate();
        m_jack.waitForFinished(5000);
    }

    void messagesBecomeControlChanges_data() {
        QTest::addColumn<Bytes>("message");
        QTest::addColumn<QString>("control");  // empty: no change
        QTest::addColumn<double>("value");
        QTest::newRow("CC 7 full on its channel")
            << Bytes{0xB0, 7, 127} << u"master_brightness"_s << 1.0;
        QTest::newRow("CC 7 half") << Bytes{0xB0, 7, 64} << u"master_brightness"_s << 64 / 127.0;
        QTest::newRow("CC 7 on another channel") << Bytes{0xB3, 7, 127} << QString() << 0.0;
        QTest::newRow("CC 10 any channel, turned round")
            << Bytes{0xB5, 10, 127} << u"gamma"_s << 1.0;
        QTest::newRow("CC 10 at 0") << Bytes{0xB0, 10, 0} << u"gamma"_s << 3.0;
        QTest::newRow("note-on recalls") << Bytes{0x90, 36, 100} << u"preset_1"_s << 1.0;
        QTest::newRow("note-off of a trigger") << Bytes{0x80, 36, 0} << QString() << 0.0;
        QTest::newRow("note-on velocity 0 is a note-off") << Bytes{0x90, 36, 0} << QString() << 0.0;
        QTest::newRow("momentary pad down") << Bytes{0x99, 37, 90} << u"blackout"_s << 1.0;
        QTest::newRow("momentary pad up") << Bytes{0x89, 37, 0} << u"blackout"_s << 0.0;
        QTest::newRow("momentary pad up as velocity 0")
            << Bytes{0x99, 37, 0} << u"blackout"_s << 0.0;
        QTest::newRow("clock") << Bytes{0xF8} << QString() << 0.0;
        QTest::newRow("running status (no status byte)") << Bytes{7, 127} << QString() << 0.0;
        QTest::newRow("data byte above 127") << Bytes{0xB0, 7, 200} << QString() << 0.0;
        QTest::newRow("pitch bend") << Bytes{0xE0, 0, 64} << QString() << 0.0;
    }
    void messagesBecomeControlChanges() {
        QFETCH(Bytes, message);
        QFETCH(QString, control);
        QFETCH(double, value);
        const std::vector<MidiControlChange> changes = stageMapping().changesFor(message);
        if (control.isEmpty()) {
            QCOMPARE(changes.size(), 0u);
            return;
        }
        QCOMPARE(changes.size(), 1u);
        QCOMPARE(QString::fromStdString(changes[0].control), control);
        QCOMPARE(changes[0].value, value);
    }

    void badMappingsAreRefusedInWords_data() {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("words");
        const QString head =
            uR"({"format": "ossynapse-midi-mapping", "version": 1, "bindings": )"_s;
        QTest::newRow("not a mapping") << u"[]"_s << u"must be a JSON object"_s;
        QTest::newRow("another format") << uR"({"format": "x", "version": 1, "bindings": []})"_s
                                        << u"\"format\": \"ossynapse-midi-mapping\""_s;
        QTest::newRow("a newer version")
            << uR"({"format": "ossynapse-midi-mapping", "version": 9, "bindings": []})"_s
            << u"not supported"_s;
        QTest::newRow("CC above 127")
            << head + uR"([{"cc": 128, "control": "gamma"}]})"_s
            << u"MIDI binding 1: 'cc' must be a whole number from 0 to 127, got 128"_s;
        QTest::newRow("channel 0") << head + uR"([{"cc": 1, "channel": 0, "control": "gamma"}]})"_s
                                   << u"'channel' must be a whole number from 1 to 16"_s;
        QTest::newRow("both cc and note")
            << head + uR"([{"cc": 1, "note": 2, "control": "gamma"}]})"_s
            << u"give either 'cc' or 'note'"_s;
        QTest::newRow("no control")
            << head + uR"([{"cc": 1}]})"_s << u"'control' must name a control key"_s;
        QTest::newRow("a typo") << head + uR"([{"cc": 1, "control": "gamma", "hihg": 2}]})"_s
                                << u"unknown field 'hihg'"_s;
        QTest::newRow("second binding at fault")
            << head +
                   uR"([{"cc": 1, "control": "gamma"}, {"note": 1, "control": "gamma", "low": "dim"}]})"_s
            << u"MIDI binding 2: 'low' must be a number"_s;
    }
    void badMappingsAreRefusedInWords() {
        QFETCH(QString, json);
        QFETCH(QString, words);
        try {
            MidiMapping::fromJson(nlohmann::json::parse(json.toStdString()));
            QFAIL("accepted");
        } catch (const InputError& error) {
            QVERIFY2(QString::fromUtf8(error.what()).contains(words), error.what());
        }
    }

    // The mapping file a user edits by hand reads back as it was written.
    void mappingFileRoundTrips() {
        QTemporaryDir dir;
        const std::string path = dir.filePath(u"stage.json"_s).toStdString();
        const MidiMapping mapping = stageMapping();
        writeJsonFile(path, mapping.toJson());
        const MidiMapping back = MidiMapping::fromJson(readJsonFile(path));
        QCOMPARE(back.toJson().dump(), mapping.toJson().dump());
        QCOMPARE(back.bindings().size(), 4u);
        QVERIFY(back.bindings()[3].momentary);
        QCOMPARE(back.bindings()[1].low, 3.0);
        QCOMPARE(back.bindings()[2].source.channel, 0);
    }

    // A controller on the MIDI stack drives the controls; learn binds the next knob moved.
    void aControllerOnJackDrivesAndLearns() {
        if (!m_jackMissing.isEmpty()) {
            QSKIP(qPrintable(m_jackMissing));
        }
        RtMidiOut controller(RtMidi::UNIX_JACK, "tst controller");
        controller.openVirtualPort("knobs");
        std::vector<std::pair<QString, double>> writes;
        MidiControlInput input(u"jack"_s, u"knobs"_s, stageMapping(),
                               [&writes](const QString& key, double value) -> ControlReply {
                                   if (key == u"preset_1"_s) {
                                       return {ControlReply::Outcome::Refused, u"not stored"_s};
                                   }
                                   writes.emplace_back(key, value);
                                   return {};
                               });
        QVERIFY2(input.portName().contains(u"knobs"_s), qPrintable(input.portName()));
        QSignalSpy applied(&input, &MidiControlInput::applied);
        QSignalSpy refused(&input, &MidiControlInput::refused);
        QSignalSpy learned(&input, &MidiControlInput::learned);
        const auto send = [&controller](Bytes message) { controller.sendMessage(&message); };

        send({0xB0, 7, 127});
        send({0xB0, 7, 32});
        send({0x90, 36, 100});
        QTRY_COMPARE(applied.count(), 2);
        QTRY_COMPARE(refused.count(), 1);
        QCOMPARE(writes.at(0), std::make_pair(u"master_brightness"_s, 1.0));
        QCOMPARE(writes.at(1), std::make_pair(u"master_brightness"_s, 32 / 127.0));
        QCOMPARE(refused.at(0).at(0).toString(), u"note 36 on channel 1"_s);
        QCOMPARE(refused.at(0).at(1).toString(), u"not stored"_s);

        input.learn(u"speed"_s, 0.25, 8.0);
        QVERIFY(input.learning());
        send({0xF8});         // clock: not a control
        send({0xB2, 21, 0});  // the knob the performer turns
        QTRY_COMPARE(learned.count(), 1);
        QCOMPARE(learned.at(0).at(0).toString(), u"speed"_s);
        QCOMPARE(learned.at(0).at(1).toString(), u"CC 21 on channel 3"_s);
        QVERIFY(!input.learning());
        send({0xB2, 21, 127});
        send({0xB0, 21, 127});  // the same CC on another channel is not the learned knob
        send({0xB0, 7, 0});
        QTRY_COMPARE(applied.count(), 5);
        QCOMPARE(writes.at(2), std::make_pair(u"speed"_s, 0.25));
        QCOMPARE(writes.at(3), std::make_pair(u"speed"_s, 8.0));
        QCOMPARE(writes.at(4), std::make_pair(u"master_brightness"_s, 0.0));
        QCOMPARE(input.mapping().bindings().size(), 5u);
    }

    // The studio's MIDI learn: pick a control, Learn, turn a knob; the knob now drives the
    // control over its range and the --midi-map file holds the binding for the next run.
    void theStudioLearnsAKnobAndKeepsIt() {
        if (!m_jackMissing.isEmpty()) {
            QSKIP(qPrintable(m_jackMissing));
        }
        StudioEngine engine(nullptr);
        MidiLearn* learn = engine.controls()->midi();
        QVERIFY(!learn->available());
        QVERIFY(!learn->learn(u"gamma"_s));
        QVERIFY2(learn->status().contains(u"--midi-port"_s), qPrintable(learn->status()));

        QTemporaryDir dir;
        const QString map = dir.filePath(u"controller.json"_s);
        writeJsonFile(map.toStdString(), MidiMapping().toJson());
        RtMidiOut controller(RtMidi::UNIX_JACK, "tst controller");
        controller.openVirtualPort("learn knobs");
        MidiControlInput input(u"jack"_s, u"learn knobs"_s,
                               MidiMapping::readFile(map.toStdString()),
                               engine.controls()->surfaceWrite());
        learn->attach(&input, map);
        QVERIFY(learn->available());
        QSignalSpy changed(learn, &MidiLearn::changed);
        const auto send = [&controller](Bytes message) { controller.sendMessage(&message); };

        QVERIFY(!learn->learn(u"no_such_control"_s));
        QCOMPARE(learn->status(), u"'no_such_control' is not a control"_s);

        QVERIFY(learn->learn(u"gamma"_s));
        QCOMPARE(learn->learningKey(), u"gamma"_s);
        send({0xB1, 74, 0});  // CC 74 on channel 2, at its bottom
        QTRY_VERIFY(learn->learningKey().isEmpty());
        QCOMPARE(learn->status(), u"CC 74 on channel 2 → gamma, kept in "_s + map);
        QTRY_COMPARE(engine.controls()->control(u"gamma"_s)->value(), 1.0);
        send({0xB1, 74, 127});
        QTRY_COMPARE(engine.controls()->control(u"gamma"_s)->value(), 4.0);
        QVERIFY(changed.count() >= 3);

        // What the next run reads.
        const MidiMapping kept = MidiMapping::readFile(map.toStdString());
        QCOMPARE(kept.bindings().size(), std::size_t{1});
        QCOMPARE(kept.bindings().at(0).control, std::string("gamma"));
        QCOMPARE(kept.bindings().at(0).low, 1.0);
        QCOMPARE(kept.bindings().at(0).high, 4.0);

        // Cancelled, the next knob binds nothing.
        QVERIFY(learn->learn(u"master_brightness"_s));
        learn->cancel();
        QVERIFY(learn->learningKey().isEmpty());
        send({0xB1, 75, 64});
        send({0xB1, 74, 0});
        QTRY_COMPARE(engine.controls()->control(u"gamma"_s)->value(), 1.0);
        QCOMPARE(input.mapping().bindings().size(), std::size_t{1});
    }

    // A port that is not there is named, with the ports that are.
    void aMissingPortIsNamed() {
        if (!m_jackMissing.isEmpty()) {
            QSKIP(qPrintable(m_jackMissing));
        }
        RtMidiOut controller(RtMidi::UNIX_JACK, "tst controller");
        controller.openVirtualPort("pads");
        try {
            MidiControlInput input(u"jack"_s, u"no such desk"_s, {}, {});
            QFAIL("opened a port that is not there");
        } catch (const ControlSurfaceError& error) {
            const QString words = QString::fromUtf8(error.what());
            QVERIFY2(
                words.startsWith(u"no MIDI input port named like 'no such desk' (there are: "_s),
                qPrintable(words));
            QVERIFY2(words.contains(u"pads"_s), qPrintable(words));
        }
    }
};

QTEST_MAIN(TestMidiControl)
#include "tst_midi_control.moc"
