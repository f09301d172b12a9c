// The control registry (app/control): every studio control by key, showing what is applied.
// Each defect row below is a binding that went stale before the registry existed.
#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "app/control/control_registry.h"
#include "app/control/preset_store.h"
#include "app/studio/parameter_model.h"
#include "app/studio/studio_engine.h"

using namespace ossynapse;
using namespace Qt::StringLiterals;

class TestControls : public QObject {
    Q_OBJECT

    QTemporaryDir m_settings;

  private slots:
    void initTestCase() {
        // Presets live in the user's settings: keep this test's in a folder of its own.
        QCoreApplication::setOrganizationName(QStringLiteral("ossynapse-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_controls"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        QSettings().clear();
    }

    void everyControlHasAKeyAndARange_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<int>("kind");
        QTest::addColumn<double>("minimum");
        QTest::addColumn<double>("maximum");
        for (const ParameterField& field : parameterFields()) {
            const std::string key(field.key);
            QTest::newRow(key.c_str()) << QString::fromStdString(key) << int(Control::Kind::Number)
                                       << field.minimum << field.maximum;
        }
        QTest::newRow("blackout") << "blackout" << int(Control::Kind::Toggle) << 0.0 << 1.0;
        QTest::newRow("freeze") << "freeze" << int(Control::Kind::Toggle) << 0.0 << 1.0;
        QTest::newRow("loop") << "loop" << int(Control::Kind::Toggle) << 0.0 << 1.0;
        QTest::newRow("speed") << "speed" << int(Control::Kind::Number) << 0.25 << 8.0;
        QTest::newRow("frame_rate") << "frame_rate" << int(Control::Kind::Number) << 10.0 << 400.0;
        QTest::newRow("identify") << "identify" << int(Control::Kind::Number) << -1.0 << 1000.0;
        for (int slot = 1; slot <= 9; ++slot) {
            const QByteArray key = "preset_" + QByteArray::number(slot);
            QTest::newRow(key.constData())
                << QString::fromLatin1(key) << int(Control::Kind::Trigger) << 0.0 << 1.0;
        }
    }
    void everyControlHasAKeyAndARange() {
        QFETCH(QString, key);
        QFETCH(int, kind);
        QFETCH(double, minimum);
        QFETCH(double, maximum);
        StudioEngine engine(nullptr);
        const Control* control = engine.controls()->control(key);
        QVERIFY2(control != nullptr, qPrintable(key));
        QCOMPARE(control->key(), key);
        QCOMPARE(int(control->kind()), kind);
        QCOMPARE(control->minimum(), minimum);
        QCOMPARE(control->maximum(), maximum);
        QVERIFY(engine.controls()->keys().contains(key));
    }

    void unknownKeyIsNoControl() {
        StudioEngine engine(nullptr);
        QCOMPARE(engine.controls()->control(QStringLiteral("master")), nullptr);
    }

    // Defect: the performance master stayed at 1.0 after the master changed to 0.3 elsewhere.
    void masterFollowsAChangeMadeElsewhere() {
        StudioEngine engine(nullptr);
        ParameterModel tuning;
        tuning.setEngine(&engine);
        Control* master = engine.controls()->control(QStringLiteral("master_brightness"));
        QCOMPARE(master->value(), 1.0);
        QSignalSpy changed(master, &Control::valueChanged);
        QVERIFY(tuning.setValueByKey(QStringLiteral("master_brightness"), 0.3));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(master->value(), 0.3);
        // And the other way: the tuning panel reads what the control set.
        QVERIFY(master->setValue(0.6));
        QCOMPARE(tuning.value(QStringLiteral("master_brightness")), 0.6);
        QCOMPARE(engine.parameters().masterBrightness, 0.6);
    }

    // Defect: preset buttons stayed disabled after a preset was stored; recalling one moves
    // every control it changes.
    void presetsBecomeAvailableAndRecallMovesTheControls() {
        StudioEngine engine(nullptr);
        Control* preset = engine.controls()->control(QStringLiteral("preset_4"));
        Control* master = engine.controls()->control(QStringLiteral("master_brightness"));
        QVERIFY(!preset->available());
        QVERIFY(!preset->setValue(1));  // nothing stored: nothing to recall
        QSignalSpy available(preset, &Control::availableChanged);
        QVERIFY(master->setValue(0.25));
        engine.controls()->storePreset(4);
        QCOMPARE(available.count(), 1);
        QVERIFY(preset->available());
        QVERIFY(master->setValue(0.9));
        QSignalSpy masterChanged(master, &Control::valueChanged);
        QVERIFY(preset->setValue(1));
        QCOMPARE(master->value(), 0.25);
        QCOMPARE(masterChanged.count(), 1);
        QCOMPARE(preset->value(), 0.0);  // a trigger reads 0 again
    }

    // Named presets with their stored state in view: a row a slot, the name the user gave,
    // what it holds; kept in the settings, so a studio started again has them.
    void presetsAreNamedShownAndKept() {
        QSettings().clear();
        {
            StudioEngine engine(nullptr);
            PresetStore* presets = engine.controls()->presets();
            QCOMPARE(presets->rowCount(), 9);
            const QModelIndex third = presets->index(2);
            QCOMPARE(presets->data(third, PresetStore::StoredRole).toBool(), false);
            QCOMPARE(presets->data(third, PresetStore::LabelRole).toString(), u"3"_s);
            QSignalSpy changed(presets, &QAbstractItemModel::dataChanged);
            QVERIFY(engine.controls()->control(u"gamma"_s)->setValue(2.6));
            engine.controls()->storePreset(3);
            presets->rename(3, u"  calm  "_s);
            QCOMPARE(changed.count(), 2);
            QCOMPARE(presets->data(third, PresetStore::StoredRole).toBool(), true);
            QCOMPARE(presets->data(third, PresetStore::NameRole).toString(), u"calm"_s);
            QCOMPARE(presets->data(third, PresetStore::LabelRole).toString(), u"calm"_s);
            QCOMPARE(presets->data(third, PresetStore::SummaryRole).toString(), u"gamma 2.6"_s);
            // Storing again keeps the name.
            QVERIFY(engine.controls()->control(u"master_brightness"_s)->setValue(0.5));
            engine.controls()->storePreset(3);
            QCOMPARE(presets->data(third, PresetStore::SummaryRole).toString(),
                     u"gamma 2.6, master_brightness 0.5"_s);
            QCOMPARE(presets->data(third, PresetStore::NameRole).toString(), u"calm"_s);
        }
        StudioEngine again(nullptr);
        PresetStore* kept = again.controls()->presets();
        QCOMPARE(kept->data(kept->index(2), PresetStore::NameRole).toString(), u"calm"_s);
        QVERIFY(again.controls()->control(u"preset_3"_s)->available());
        QVERIFY(again.controls()->control(u"preset_3"_s)->setValue(1));
        QCOMPARE(again.parameters().gamma, 2.6);
        kept->clear(3);
        QVERIFY(!again.controls()->control(u"preset_3"_s)->available());
        QSettings().clear();
    }

    // A name is at most 40 bytes of UTF-8, cut between characters.
    void presetNamesAreCutBetweenCharacters_data() {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("kept");
        QTest::newRow("short") << u"drop"_s << u"drop"_s;
        QTest::newRow("41 ASCII") << QString(41, u'x') << QString(40, u'x');
        QTest::newRow("two-byte characters") << QString(21, u'é') << QString(20, u'é');
        QTest::newRow("emoji (4 bytes, two UTF-16 units)")
            << QString(u"🧠"_s).repeated(11) << QString(u"🧠"_s).repeated(10);
    }
    void presetNamesAreCutBetweenCharacters() {
        QFETCH(QString, typed);
        QFETCH(QString, kept);
        QSettings().clear();
        StudioEngine engine(nullptr);
        engine.controls()->storePreset(1);
        engine.controls()->presets()->rename(1, typed);
        QCOMPARE(engine.controls()->presets()->data(engine.controls()->presets()->index(0),
                                                    PresetStore::NameRole),
                 QVariant(kept));
        QSettings().clear();
    }

    // A performer carries the bank to the show machine: exported, imported elsewhere, the
    // same nine slots; a bad file changes nothing and says why.
    void presetBankExportsAndImports() {
        QSettings().clear();
        QTemporaryDir dir;
        const QUrl bank = QUrl::fromLocalFile(dir.filePath(u"show.presets.json"_s));
        {
            StudioEngine engine(nullptr);
            QVERIFY(engine.controls()->control(u"breathe_level"_s)->setValue(0.4));
            engine.controls()->storePreset(2);
            engine.controls()->presets()->rename(2, u"slow glow"_s);
            QVERIFY(engine.controls()->presets()->exportTo(bank));
        }
        QSettings().clear();
        StudioEngine engine(nullptr);
        PresetStore* presets = engine.controls()->presets();
        engine.controls()->storePreset(5);
        QSignalSpy failed(presets, &PresetStore::failed);
        const QString broken = dir.filePath(u"broken.json"_s);
        QFile file(broken);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"format":"ossynapse-presets","version":1,"presets":[{"slot":12}]})");
        file.close();
        QVERIFY(!presets->importFrom(QUrl::fromLocalFile(broken)));
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.at(0).at(0).toString(),
                 u"presets not imported: "_s + broken +
                     u": preset bank entry 0: 'slot' must be a whole number from 1 to 9"_s);
        QVERIFY(presets->data(presets->index(4), PresetStore::StoredRole).toBool());
        QCOMPARE(engine.errorText(), failed.at(0).at(0).toString());

        QVERIFY(presets->importFrom(bank));
        QVERIFY(!presets->data(presets->index(4), PresetStore::StoredRole).toBool());
        QCOMPARE(presets->data(presets->index(1), PresetStore::NameRole).toString(),
                 u"slow glow"_s);
        QVERIFY(engine.controls()->control(u"preset_2"_s)->available());
        QVERIFY(!engine.controls()->control(u"preset_5"_s)->available());
        QVERIFY(engine.controls()->control(u"preset_2"_s)->setValue(1));
        QCOMPARE(engine.parameters().breatheLevel, 0.4);
        QSettings().clear();
    }

    // Presets stored by earlier builds (parameters alone, "presets/N") still recall.
    void presetsOfEarlierBuildsStillRecall() {
        QSettings().clear();
        Parameters earlier;
        earlier.gamma = 3.0;
        QSettings().setValue(u"presets/7"_s, QString::fromStdString(earlier.toJson().dump()));
        StudioEngine engine(nullptr);
        QVERIFY(engine.controls()->control(u"preset_7"_s)->setValue(1));
        QCOMPARE(engine.parameters().gamma, 3.0);
        QSettings().clear();
    }

    // Defect: a threshold dragged past its neighbour showed a value the engine refused. The
    // control keeps the applied value and signals, so a view that moved snaps back.
    void refusedValueSnapsBack() {
        StudioEngine engine(nullptr);
        Control* stream = engine.controls()->control(QStringLiteral("stream_threshold_tps"));
        const double applied = stream->value();
        QSignalSpy changed(stream, &Control::valueChanged);
        QVERIFY(!stream->setValue(100.0));  // above the heartbeat threshold (80)
        QCOMPARE(stream->value(), applied);
        QCOMPARE(changed.count(), 1);
        QVERIFY(!engine.errorText().isEmpty());
    }

    void togglesAndRangesReachTheEngine_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<double>("requested");
        QTest::addColumn<double>("shown");
        QTest::newRow("blackout on") << "blackout" << 1.0 << 1.0;
        QTest::newRow("freeze takes >= 0.5 as on") << "freeze" << 0.7 << 1.0;
        QTest::newRow("loop off") << "loop" << 0.2 << 0.0;
        QTest::newRow("speed clamped") << "speed" << 20.0 << 8.0;
        QTest::newRow("frame rate") << "frame_rate" << 60.0 << 60.0;
        QTest::newRow("identify a lobe") << "identify" << 2.0 << 2.0;
    }
    void togglesAndRangesReachTheEngine() {
        QFETCH(QString, key);
        QFETCH(double, requested);
        QFETCH(double, shown);
        StudioEngine engine(nullptr);
        Control* control = engine.controls()->control(key);
        control->setValue(requested);
        QCOMPARE(control->value(), shown);
        const double fromEngine = key == QLatin1String("blackout") ? engine.blackout()
                                  : key == QLatin1String("freeze") ? engine.frozen()
                                  : key == QLatin1String("loop")   ? engine.loop()
                                  : key == QLatin1String("speed")  ? engine.speed()
                                  : key == QLatin1String("frame_rate")
                                      ? engine.frameRate()
                                      : double(engine.identifiedLobe());
        QCOMPARE(fromEngine, shown);
    }

    // A change made through the engine's own setters reaches the control too.
    void engineChangesReachTheControls() {
        StudioEngine engine(nullptr);
        Control* blackout = engine.controls()->control(QStringLiteral("blackout"));
        QSignalSpy changed(blackout, &Control::valueChanged);
        engine.setBlackout(true);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(blackout->value(), 1.0);
    }

    void identifyRefusesALobeThatIsNotThere() {
        StudioEngine engine(nullptr);
        Control* identify = engine.controls()->control(QStringLiteral("identify"));
        QVERIFY(!identify->setValue(static_cast<double>(engine.rig().lobes.size())));
        QCOMPARE(identify->value(), -1.0);
    }

    // OSC reaches the studio's controls as a slider does (liblo's oscsend on loopback): the
    // slider follows, a stored preset recalls, and what the engine refuses comes back in its
    // words.
    void oscReachesTheStudioControls_data() {
        QTest::addColumn<QStringList>("message");
        QTest::addColumn<QString>("refusal");  // empty: applied
        QTest::newRow("master brightness")
            << QStringList{u"/ossynapse/master_brightness"_s, u"f"_s, u"0.3"_s} << QString();
        QTest::newRow("stored preset") << QStringList{u"/ossynapse/preset_5"_s} << QString();
        QTest::newRow("blackout") << QStringList{u"/ossynapse/blackout"_s, u"T"_s} << QString();
        QTest::newRow("preset never stored")
            << QStringList{u"/ossynapse/preset_9"_s} << u"refused (nothing to do)"_s;
        QTest::newRow("threshold past its neighbour")
            << QStringList{u"/ossynapse/stream_threshold_tps"_s, u"f"_s, u"100"_s}
            << u"stream_threshold_tps"_s;
        QTest::newRow("no such control") << QStringList{u"/ossynapse/warp"_s, u"f"_s, u"1"_s}
                                         << u"no control 'warp' (the controls: "_s;
    }
    void oscReachesTheStudioControls() {
        QFETCH(QStringList, message);
        QFETCH(QString, refusal);
        StudioEngine engine(nullptr);
        ControlRegistry* controls = engine.controls();
        Control* master = controls->control(u"master_brightness"_s);
        QVERIFY(master->setValue(0.6));
        controls->storePreset(5);
        QVERIFY(master->setValue(0.9));
        OscControlServer server(0, controls->surfaceWrite());
        QSignalSpy applied(&server, &OscControlServer::applied);
        QSignalSpy refused(&server, &OscControlServer::refused);
        QSignalSpy masterChanged(master, &Control::valueChanged);
        QProcess oscsend;
        oscsend.start(u"oscsend"_s,
                      QStringList{u"127.0.0.1"_s, QString::number(server.port())} + message);
        QVERIFY(oscsend.waitForFinished(10000));
        QTRY_COMPARE(applied.count() + refused.count(), 1);
        const QString key = message.first().mid(11);
        if (!refusal.isEmpty()) {
            QVERIFY2(refused.at(0).at(1).toString().contains(refusal),
                     qPrintable(refused.at(0).at(1).toString()));
            QCOMPARE(master->value(), 0.9);
            return;
        }
        QCOMPARE(applied.at(0).at(0).toString(), key);
        if (key == u"master_brightness"_s) {
            // OSC's f is a 32-bit float: the control takes it as sent.
            QCOMPARE(master->value(), double(0.3f));
            QCOMPARE(engine.parameters().masterBrightness, double(0.3f));
            QCOMPARE(masterChanged.count(), 1);
        } else if (key == u"preset_5"_s) {
            QCOMPARE(master->value(), 0.6);
            QCOMPARE(masterChanged.count(), 1);
        } else {
            QVERIFY(engine.blackout());
            QCOMPARE(controls->control(key)->value(), 1.0);
        }
    }
};

QTEST_MAIN(TestControls)
#include "tst_controls.moc"
