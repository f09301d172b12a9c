#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>
#include <cstdio>

#include "app/cli/command.h"
#include "app/cli/command_line.h"
#include "app/telemetry/telemetry_server.h"
#include "core/error.h"
#include "core/synthetic_telemetry.h"
#include "core/telemetry_wire.h"

namespace ossynapse::cli {

int runSimulateTelemetry(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Streams plausible layer telemetry over WebSocket, as a tap beside a model would, for "
        "previz without a model: point the studio (or 'ossynapse telemetry') at the URL it "
        "prints."));
    parser.addOptions({
        {QStringLiteral("layers"), QStringLiteral("Transformer blocks (default 24)."),
         QStringLiteral("N"), QStringLiteral("24")},
        {QStringLiteral("fps"), QStringLiteral("Summary batches a second (default 10)."),
         QStringLiteral("F"), QStringLiteral("10")},
        {QStringLiteral("port"), QStringLiteral("TCP port (default 9000; 0 picks a free one)."),
         QStringLiteral("P"), QStringLiteral("9000")},
        {QStringLiteral("host"), QStringLiteral("Address to listen on (default 127.0.0.1)."),
         QStringLiteral("ADDR"), QStringLiteral("127.0.0.1")},
        {QStringLiteral("seconds"), QStringLiteral("Stop after this long (default: run on)."),
         QStringLiteral("S"), QStringLiteral("0")},
        {QStringLiteral("seed"), QStringLiteral("Noise seed (default 1)."), QStringLiteral("N"),
         QStringLiteral("1")},
        {QStringLiteral("json"), QStringLiteral("Send the JSON form as text frames.")},
        {QStringLiteral("sparse-layer"),
         QStringLiteral("Also send this layer's strongest activations every step."),
         QStringLiteral("L")},
        {QStringLiteral("sparse-k"), QStringLiteral("How many of them (default 24)."),
         QStringLiteral("K"), QStringLiteral("24")},
        {QStringLiteral("wait"), QStringLiteral("Start the clock when the first viewer joins.")},
    });
    if (!parseArguments(parser, arguments, 0)) {
        return 0;
    }
    TelemetrySimulation settings;
    settings.layers = static_cast<std::uint32_t>(
        numberOption(parser, QStringLiteral("layers"), 1, telemetry_wire::kMaxLayers));
    settings.hz = numberOption(parser, QStringLiteral("fps"), 0.5, 200);
    settings.seed =
        static_cast<std::uint64_t>(numberOption(parser, QStringLiteral("seed"), 0, 1e9));
    settings.model = "simulated " + std::to_string(settings.layers) + "-layer transformer";
    if (parser.isSet(QStringLiteral("sparse-layer"))) {
        settings.sparseLayer = static_cast<std::uint32_t>(numberOption(
            parser, QStringLiteral("sparse-layer"), 0, static_cast<double>(settings.layers) - 1));
        settings.sparseK =
            static_cast<std::uint32_t>(numberOption(parser, QStringLiteral("sparse-k"), 1, 4096));
    }
    const double seconds = numberOption(parser, QStringLiteral("seconds"), 0, 1e6);
    const auto port = static_cast<quint16>(numberOption(parser, QStringLiteral("port"), 0, 65535));
    const QHostAddress host(parser.value(QStringLiteral("host")));
    if (host.isNull()) {
        throw UsageError("--host '" + parser.value(QStringLiteral("host")).toStdString() +
                         "' is not an IP address");
    }

    const TelemetrySimulator simulator(settings);
    TelemetryServer server(simulator.meta(), parser.isSet(QStringLiteral("json")));
    if (!server.listen(host, port)) {
        throw InputError("cannot listen on " + host.toString().toStdString() + ":" +
                         std::to_string(port) + ": " + server.errorString().toStdString());
    }
    std::fprintf(stderr, "ossynapse simulate-telemetry: ws://%s:%u, %u layers at %g batches/s\n",
                 host.toString().toUtf8().constData(), server.port(), settings.layers, settings.hz);
    std::fflush(stderr);

    QEventLoop loop;
    QElapsedTimer clock;
    std::uint32_t nextStep = 0;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    ticker.setInterval(5);
    // Steps are due at step / hz on the run's clock: late timer wake-ups catch up, never drift.
    QObject::connect(&ticker, &QTimer::timeout, &loop, [&] {
        const double now = static_cast<double>(clock.nsecsElapsed()) / 1e9;
        while (static_cast<double>(nextStep) / settings.hz <= now) {
            if (settings.sparseLayer) {
                server.broadcast(
                    simulator.sparse(nextStep, *settings.sparseLayer, settings.sparseK));
            }
            server.broadcast(simulator.batch(nextStep++));
        }
        if (seconds > 0.0 && now >= seconds) {
            loop.quit();
        }
    });
    const auto begin = [&] {
        if (!clock.isValid()) {
            clock.start();
            ticker.start();
        }
    };
    if (parser.isSet(QStringLiteral("wait"))) {
        QObject::connect(&server, &TelemetryServer::viewerJoined, &loop, begin);
    } else {
        begin();
    }
    QTimer report;
    report.setInterval(5000);
    QObject::connect(&report, &QTimer::timeout, &loop, [&] {
        const double elapsed = clock.isValid() ? static_cast<double>(clock.elapsed()) / 1000.0 : 0;
        std::fprintf(stderr, "ossynapse simulate-telemetry: %u batches, %d viewers, %.0f bytes/s\n",
                     nextStep, server.viewers(),
                     elapsed > 0 ? static_cast<double>(server.bytesSent()) / elapsed : 0.0);
        std::fflush(stderr);
    });
    report.start();
    loop.exec();
    return 0;
}

}  // namespace ossynapse::cli
