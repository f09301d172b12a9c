#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>
#include <cstdio>
#include <memory>
#include <vector>

#include "app/cli/command.h"
#include "app/cli/command_line.h"
#include "app/common/engine_files.h"
#include "app/output/frame_sender.h"
#include "app/playback/frame_producer.h"
#include "core/error.h"
#include "core/session_reader.h"

namespace ossynapse::cli {

int runReplay(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Plays a recording through the engine in real time and sends every frame to the targets: "
        "ddp://host[:4048], e131://host[:5568][?universe=N] (239.255.x.x: multicast), "
        "seed-http://host:port; each with optional ?latency_ms=N and ?leds=N."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("A session recording."));
    parser.addOptions({
        {QStringLiteral("to"), QStringLiteral("Target URI; repeatable."), QStringLiteral("URI")},
        {QStringLiteral("speed"), QStringLiteral("Playback speed, 0.25 to 8 (default 1)."),
         QStringLiteral("X"), QStringLiteral("1")},
        {QStringLiteral("fps"), QStringLiteral("Frames per second (default 100)."),
         QStringLiteral("N"), QStringLiteral("100")},
        {QStringLiteral("params"), QStringLiteral("Engine parameters (JSON)."),
         QStringLiteral("P.json")},
        {QStringLiteral("rig"), QStringLiteral("LED rig (JSON)."), QStringLiteral("R.json")},
    });
    if (!parseArguments(parser, arguments, 1)) {
        return 0;
    }
    if (!parser.isSet(QStringLiteral("to"))) {
        throw UsageError("give at least one --to target (ddp://host, e131://host?universe=N)");
    }
    const double speed = numberOption(parser, QStringLiteral("speed"), 0.25, 8.0);
    const double fps = numberOption(parser, QStringLiteral("fps"), 1.0, 400.0);
    // Refuse a bad target before anything plays.
    for (const QString& uri : parser.values(QStringLiteral("to"))) {
        try {
            parseOutputTarget(uri);
        } catch (const std::runtime_error& error) {
            throw UsageError(error.what());
        }
    }
    const std::string path = parser.positionalArguments().at(0).toStdString();
    const LoadedSession loaded = readSessionFile(path);
    if (!loaded.report.clean()) {
        std::fprintf(stderr, "ossynapse replay: %s: %s\n", path.c_str(),
                     loaded.report.describe().c_str());
    }

    FrameProducer producer;
    if (parser.isSet(QStringLiteral("params"))) {
        producer.setParameters(
            loadParametersFile(parser.value(QStringLiteral("params")).toStdString()));
    }
    if (parser.isSet(QStringLiteral("rig"))) {
        producer.setRig(loadRigFile(parser.value(QStringLiteral("rig")).toStdString()));
    }
    producer.setLoop(false);
    producer.setSpeed(speed);
    producer.loadSession(loaded.session);
    for (const QString& uri : parser.values(QStringLiteral("to"))) {
        producer.addOutput(uri);
    }
    QEventLoop loop;
    QObject::connect(&producer, &FrameProducer::sessionEnded, [&] {
        // Let delayed (latency) frames and the last datagrams go out before leaving.
        QTimer::singleShot(producer.finishOutputs() + 100, &loop, &QEventLoop::quit);
    });
    const auto report = [&producer](const char* what) {
        const EngineSnapshot snapshot = producer.snapshot();
        std::fprintf(stderr, "ossynapse replay: %.1f / %.1f s", snapshot.position,
                     snapshot.duration);
        for (const OutputStatus& output : snapshot.outputs) {
            std::fprintf(stderr, "; %s %s (%llu %s)", output.uri.toUtf8().constData(),
                         output.state.toUtf8().constData(),
                         static_cast<unsigned long long>(output.sent), what);
        }
        std::fputs("\n", stderr);
    };
    QTimer status;
    QObject::connect(&status, &QTimer::timeout, [&] { report("sent"); });
    status.start(1000);
    producer.setPlaying(true);
    producer.start(fps);
    loop.exec();
    report("sent in all");
    return 0;
}

}  // namespace ossynapse::cli
