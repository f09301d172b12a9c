// ossynapse-studio: the desktop studio.
#include <QFileInfo>
#include <QGuiApplication>
#include <QJSValue>
#include <QPalette>
#include <QQmlApplicationEngine>
#include <QQuick3D>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSettings>
#include <QTimer>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "app/common/engine_files.h"
#include "app/common/json_file.h"
#include "app/control/control_registry.h"
#include "app/control/midi_control_input.h"
#include "app/control/osc_control_server.h"
#include "app/studio/studio_engine.h"
#include "app/studio/studio_options.h"
#include "app/studio/studio_probe.h"
#include "app/studio/video_exporter.h"
#include "core/error.h"
#include "core/json_text.h"

using namespace ossynapse;

namespace {

QPalette darkPalette() {
    QPalette palette;
    palette.setColor(QPalette::Window, QColor(18, 20, 26));
    palette.setColor(QPalette::WindowText, QColor(222, 226, 236));
    palette.setColor(QPalette::Base, QColor(26, 29, 37));
    palette.setColor(QPalette::AlternateBase, QColor(32, 36, 46));
    palette.setColor(QPalette::Text, QColor(222, 226, 236));
    palette.setColor(QPalette::Button, QColor(38, 42, 54));
    palette.setColor(QPalette::ButtonText, QColor(222, 226, 236));
    palette.setColor(QPalette::Highlight, QColor(255, 96, 72));
    palette.setColor(QPalette::HighlightedText, QColor(255, 255, 255));
    palette.setColor(QPalette::ToolTipBase, QColor(38, 42, 54));
    palette.setColor(QPalette::ToolTipText, QColor(222, 226, 236));
    palette.setColor(QPalette::PlaceholderText, QColor(120, 126, 140));
    palette.setColor(QPalette::Mid, QColor(60, 66, 80));
    palette.setColor(QPalette::Dark, QColor(12, 14, 18));
    palette.setColor(QPalette::Light, QColor(70, 76, 92));
    return palette;
}

QString defaultRecording(const StudioEngine& engine) {
    for (const QVariant& entry : engine.bundledRecordings()) {
        const QVariantMap map = entry.toMap();
        if (map.value(QStringLiteral("name")).toString() ==
            QLatin1String("reasoning-then-answer")) {
            return map.value(QStringLiteral("url")).toUrl().toLocalFile();
        }
    }
    const QVariantList all = engine.bundledRecordings();
    return all.isEmpty() ? QString()
                         : all.first().toMap().value(QStringLiteral("url")).toUrl().toLocalFile();
}

void nameTheApplication() {
    QCoreApplication::setApplicationName(QStringLiteral("ossynapse-studio"));
    QCoreApplication::setOrganizationName(QStringLiteral("OSSynapse"));
    QCoreApplication::setApplicationVersion(QStringLiteral(OSSYNAPSE_VERSION));
}

}  // namespace

int main(int argc, char** argv) {
    // The command line is read before the GUI application opens a display, so --help,
    // --version and a mistyped file are answered without one.
    StudioOptions options;
    {
        QCoreApplication core(argc, argv);
        nameTheApplication();
        options = parseStudioOptions(QCoreApplication::arguments());
    }
    if (options.error) {
        std::fprintf(stderr, "ossynapse-studio: error: %s\n", options.error->toUtf8().constData());
        return 2;
    }
    // A recording named on the command line must be there: never another one in its place.
    if (!options.recording.isEmpty() && !QFileInfo::exists(options.recording)) {
        std::fprintf(stderr, "ossynapse-studio: error: %s: no such file\n",
                     options.recording.toUtf8().constData());
        return 1;
    }
    QGuiApplication app(argc, argv);
    nameTheApplication();
    QSurfaceFormat::setDefaultFormat(QQuick3D::idealSurfaceFormat());
    QQuickStyle::setStyle(QStringLiteral("Fusion"));
    QGuiApplication::setPalette(darkPalette());

    StudioEngine engine(nullptr);
    StudioEngine::setInstance(&engine);
    QSettings settings;
    // A run that only looks (captures, a benchmark, a video export) leaves the user's state as
    // it was: the export, for one, turns loop off.
    const bool keepState = !options.fresh && options.captures.empty() &&
                           options.benchmarkFrames == 0 && !options.video;
    try {
        if (!options.rigFile.isEmpty()) {
            engine.applyRig(loadRigFile(options.rigFile.toStdString()));
        }
        if (!options.parametersFile.isEmpty()) {
            engine.applyParameters(loadParametersFile(options.parametersFile.toStdString()));
        }
    } catch (const std::exception& error) {
        std::fprintf(stderr, "ossynapse-studio: error: %s\n", error.what());
        return 1;
    }
    // What the last run left: a rig or parameters that no longer read are reported in the
    // window and the defaults used, never a studio that will not start.
    if (!options.fresh) {
        try {
            if (options.rigFile.isEmpty() && settings.contains(QStringLiteral("rig"))) {
                engine.applyRig(Rig::fromJson(
                    parseJsonText(settings.value(QStringLiteral("rig")).toString().toStdString())));
            }
            if (options.parametersFile.isEmpty() &&
                settings.contains(QStringLiteral("parameters"))) {
                engine.applyParameters(Parameters::fromJson(parseJsonText(
                    settings.value(QStringLiteral("parameters")).toString().toStdString())));
            }
        } catch (const std::exception& error) {
            engine.reportError(QStringLiteral("the state saved by the last run was not used: %1")
                                   .arg(QString::fromUtf8(error.what())));
        }
    }
    if (!options.fresh) {
        engine.setPlayAsRecorded(settings.value(QStringLiteral("playAsRecorded"), true).toBool());
    }
    // The recording the studio starts with plays with the setup this run starts with (given,
    // or left by the last run, when it was already that recording's); recordings opened later
    // bring their own, unless --params or --rig chose one for the whole run.
    const bool restoredParameters =
        !options.fresh && settings.contains(QStringLiteral("parameters"));
    const bool restoredRig = !options.fresh && settings.contains(QStringLiteral("rig"));
    engine.keepOwnSetup(!options.parametersFile.isEmpty() || restoredParameters,
                        !options.rigFile.isEmpty() || restoredRig);
    QString recording = options.recording;
    if (recording.isEmpty() && !options.fresh) {
        recording = settings.value(QStringLiteral("lastRecording")).toString();
        if (!recording.isEmpty() && !QFileInfo::exists(recording)) {
            engine.reportError(
                QStringLiteral("the last recording, %1, is gone: playing a bundled one")
                    .arg(recording));
            recording.clear();
        }
    }
    if (recording.isEmpty()) {
        recording = defaultRecording(engine);
    }
    if (!recording.isEmpty() && !engine.openRecording(QUrl::fromLocalFile(recording)) &&
        !options.recording.isEmpty()) {
        std::fprintf(stderr, "ossynapse-studio: error: %s\n",
                     engine.errorText().toUtf8().constData());
        return 1;
    }
    engine.keepOwnSetup(!options.parametersFile.isEmpty(), !options.rigFile.isEmpty());

    QQmlApplicationEngine qml;
    QObject::connect(
        &qml, &QQmlApplicationEngine::objectCreationFailed, &app, [] { QCoreApplication::exit(1); },
        Qt::QueuedConnection);
    qml.addImportPath(QStringLiteral("qrc:/qt/qml"));
    // The window comes back as it was left, unless a size was asked for or the run is a
    // capture or benchmark (those need the exact size).
    QSize size = options.size;
    if (keepState && !options.sizeGiven && settings.contains(QStringLiteral("windowSize"))) {
        size = settings.value(QStringLiteral("windowSize")).toSize().expandedTo(QSize(800, 500));
    }
    qml.setInitialProperties(
        {{QStringLiteral("startInPerformance"), options.performance},
         {QStringLiteral("startInWeights"), options.weightsView},
         {QStringLiteral("startTelemetry"), options.telemetryUrl},
         {QStringLiteral("startCamera"), options.camera},
         {QStringLiteral("width"), size.width()},
         {QStringLiteral("height"), size.height()},
         {QStringLiteral("showWiring"),
          !options.fresh && settings.value(QStringLiteral("showWiring"), false).toBool()},
         {QStringLiteral("skullMesh"),
          options.fresh ? QUrl() : settings.value(QStringLiteral("skullMesh")).toUrl()},
         {QStringLiteral("sideTab"), options.panel >= 0 ? options.panel
                                     : options.fresh
                                         ? 0
                                         : settings.value(QStringLiteral("sideTab"), 0).toInt()}});
    qml.load(QUrl(QStringLiteral("qrc:/qt/qml/OSSynapse/Studio/Main.qml")));
    if (qml.rootObjects().isEmpty()) {
        return 1;
    }
    auto* window = qobject_cast<QQuickWindow*>(qml.rootObjects().first());
    if (window == nullptr) {
        return 1;
    }
    if (keepState) {
        QObject::connect(&engine, &StudioEngine::sourceChanged, &settings, [&engine, &settings] {
            if (!engine.sourcePath().isEmpty()) {
                settings.setValue(QStringLiteral("lastRecording"), engine.sourcePath());
            }
        });
        // Every rig edit is kept at once: an authoring session survives a crash.
        QObject::connect(&engine, &StudioEngine::rigChanged, &settings, [&engine, &settings] {
            settings.setValue(QStringLiteral("rig"),
                              QString::fromStdString(engine.rig().toJson().dump()));
            settings.sync();
        });
    }
    // The performer's setup comes back as it was left: the output targets and the Live
    // panel's endpoint and model. A target that no longer parses is named in the window.
    if (!options.fresh) {
        for (const QString& uri : settings.value(QStringLiteral("outputs")).toStringList()) {
            engine.addOutput(uri);
        }
        for (const char* key : {"liveEndpoint", "liveModel", "keptView", "ledSize", "diffusion",
                                "glow", "exposure", "showText"}) {
            const QString name = QString::fromLatin1(key);
            if (settings.contains(name)) {
                window->setProperty(key, settings.value(name));
            }
        }
    }
    // A performer's controller (TouchOSC, a desk, a script) reaches every control by its key.
    std::unique_ptr<OscControlServer> osc;
    if (options.oscPort) {
        try {
            osc = std::make_unique<OscControlServer>(*options.oscPort,
                                                     engine.controls()->surfaceWrite());
        } catch (const ControlSurfaceError& error) {
            std::fprintf(stderr, "ossynapse-studio: error: %s\n", error.what());
            return 1;
        }
        std::fprintf(stderr, "ossynapse-studio: listening for OSC on UDP port %u\n",
                     static_cast<unsigned>(osc->port()));
        QObject::connect(osc.get(), &OscControlServer::refused, &engine,
                         [&engine](const QString& address, const QString& why) {
                             engine.reportError(QStringLiteral("OSC %1: %2").arg(address, why));
                         });
    }
    std::unique_ptr<MidiControlInput> midi;
    if (!options.midiPort.isEmpty()) {
        try {
            midi = std::make_unique<MidiControlInput>(
                options.midiApi,
                options.midiPort == QLatin1String("virtual") ? QString() : options.midiPort,
                MidiMapping::readFile(options.midiMap.toStdString()),
                engine.controls()->surfaceWrite());
        } catch (const std::exception& error) {
            std::fprintf(stderr, "ossynapse-studio: error: %s\n", error.what());
            return 1;
        }
        std::fprintf(stderr, "ossynapse-studio: MIDI from %s\n",
                     midi->portName().toUtf8().constData());
        engine.controls()->midi()->attach(midi.get(), options.midiMap);
        QObject::connect(midi.get(), &MidiControlInput::refused, &engine,
                         [&engine](const QString& source, const QString& why) {
                             engine.reportError(QStringLiteral("MIDI %1: %2").arg(source, why));
                         });
    }
    StudioProbe probe(window, &engine);
    std::unique_ptr<VideoExporter> video;
    if (options.video) {
        video = std::make_unique<VideoExporter>(window, &engine, *options.video);
        // After the window has drawn once, as the captures wait for.
        QTimer::singleShot(700, video.get(), &VideoExporter::start);
    } else if (!options.captures.empty()) {
        probe.runCaptures(options.captures);
    } else if (options.benchmarkFrames > 0) {
        probe.runBenchmark(options.benchmarkFrames);
    }
    const int code = QGuiApplication::exec();
    if (keepState) {
        settings.setValue(QStringLiteral("parameters"),
                          QString::fromStdString(engine.parameters().toJson().dump()));
        if (window->visibility() == QWindow::Windowed) {
            settings.setValue(QStringLiteral("windowSize"), window->size());
        }
        settings.setValue(QStringLiteral("sideTab"), window->property("sideTab"));
        settings.setValue(QStringLiteral("skullMesh"), window->property("skullMesh"));
        settings.setValue(QStringLiteral("showWiring"), window->property("showWiring"));
        settings.setValue(QStringLiteral("playAsRecorded"), engine.playAsRecorded());
        settings.setValue(QStringLiteral("outputs"), engine.keptOutputUris());
        settings.setValue(QStringLiteral("liveEndpoint"), window->property("liveEndpoint"));
        settings.setValue(QStringLiteral("liveModel"), window->property("liveModel"));
        // A JS array in a `var` property reads as a QJSValue, which QSettings cannot store.
        QVariant keptView = window->property("keptView");
        if (keptView.metaType() == QMetaType::fromType<QJSValue>()) {
            keptView = keptView.value<QJSValue>().toVariant();
        }
        settings.setValue(QStringLiteral("keptView"), keptView.toList());
        for (const char* key : {"ledSize", "diffusion", "glow", "exposure", "showText"}) {
            settings.setValue(QString::fromLatin1(key), window->property(key));
        }
    }
    return code;
}
