// ossynapse-studio: the desktop studio.
#include <QFileInfo>
#include <QGuiApplication>
#include <QPalette>
#include <QQmlApplicationEngine>
#include <QQuick3D>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSettings>
#include <QTimer>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "app/common/engine_files.h"
#include "app/studio/studio_engine.h"
#include "app/studio/studio_options.h"
#include "app/studio/studio_probe.h"
#include "core/error.h"

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

}  // namespace

int main(int argc, char** argv) {
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("ossynapse-studio"));
    QGuiApplication::setOrganizationName(QStringLiteral("OSSynapse"));
    QGuiApplication::setApplicationVersion(QStringLiteral(OSSYNAPSE_VERSION));
    const StudioOptions options = parseStudioOptions(QGuiApplication::arguments());
    if (options.error) {
        std::fprintf(stderr, "ossynapse-studio: error: %s\n", options.error->toUtf8().constData());
        return 2;
    }
    QSurfaceFormat::setDefaultFormat(QQuick3D::idealSurfaceFormat());
    QQuickStyle::setStyle(QStringLiteral("Fusion"));
    QGuiApplication::setPalette(darkPalette());

    StudioEngine engine(nullptr);
    StudioEngine::setInstance(&engine);
    QSettings settings;
    try {
        if (!options.rigFile.isEmpty()) {
            engine.applyRig(loadRigFile(options.rigFile.toStdString()));
        }
        if (!options.parametersFile.isEmpty()) {
            engine.applyParameters(loadParametersFile(options.parametersFile.toStdString()));
        } else if (!options.fresh && settings.contains(QStringLiteral("parameters"))) {
            engine.applyParameters(Parameters::fromJson(nlohmann::json::parse(
                settings.value(QStringLiteral("parameters")).toString().toStdString())));
        }
    } catch (const std::exception& error) {
        std::fprintf(stderr, "ossynapse-studio: error: %s\n", error.what());
        return 1;
    }
    QString recording = options.recording;
    if (recording.isEmpty() && !options.fresh) {
        recording = settings.value(QStringLiteral("lastRecording")).toString();
    }
    if (recording.isEmpty() || !QFileInfo::exists(recording)) {
        recording = defaultRecording(engine);
    }
    if (!recording.isEmpty() && !engine.openRecording(QUrl::fromLocalFile(recording)) &&
        !options.recording.isEmpty()) {
        std::fprintf(stderr, "ossynapse-studio: error: %s\n",
                     engine.errorText().toUtf8().constData());
        return 1;
    }

    QQmlApplicationEngine qml;
    QObject::connect(
        &qml, &QQmlApplicationEngine::objectCreationFailed, &app, [] { QCoreApplication::exit(1); },
        Qt::QueuedConnection);
    qml.addImportPath(QStringLiteral("qrc:/qt/qml"));
    qml.setInitialProperties({{QStringLiteral("startInPerformance"), options.performance},
                              {QStringLiteral("width"), options.size.width()},
                              {QStringLiteral("height"), options.size.height()}});
    qml.load(QUrl(QStringLiteral("qrc:/qt/qml/OSSynapse/Studio/Main.qml")));
    if (qml.rootObjects().isEmpty()) {
        return 1;
    }
    auto* window = qobject_cast<QQuickWindow*>(qml.rootObjects().first());
    if (window == nullptr) {
        return 1;
    }
    if (!options.fresh && options.captures.empty() && options.benchmarkFrames == 0) {
        QObject::connect(&engine, &StudioEngine::sourceChanged, &settings, [&engine, &settings] {
            if (!engine.sourcePath().isEmpty()) {
                settings.setValue(QStringLiteral("lastRecording"), engine.sourcePath());
            }
        });
    }
    StudioProbe probe(window, &engine);
    if (!options.captures.empty()) {
        probe.runCaptures(options.captures);
    } else if (options.benchmarkFrames > 0) {
        probe.runBenchmark(options.benchmarkFrames);
    }
    const int code = QGuiApplication::exec();
    if (!options.fresh && options.captures.empty() && options.benchmarkFrames == 0) {
        settings.setValue(QStringLiteral("parameters"),
                          QString::fromStdString(engine.parameters().toJson().dump()));
    }
    return code;
}
