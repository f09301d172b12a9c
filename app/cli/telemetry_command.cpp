#include <QCommandLineParser>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "app/cli/command.h"
#include "app/cli/command_line.h"
#include "app/telemetry/telemetry_client.h"
#include "core/session_writer.h"

namespace ossynapse::cli {
namespace {

// Which steps and layers the summaries covered: a tap that skips a step shows up here.
struct Coverage {
    std::set<std::uint32_t> steps;
    std::uint32_t layers = 0;
    std::uint32_t batches = 0;

    void add(const SummaryBatch& batch) {
        ++batches;
        for (std::uint32_t s = 0; s < batch.stepCount; ++s) {
            steps.insert(batch.step + s);
        }
        layers = std::max(layers, static_cast<std::uint32_t>(batch.layers.size()));
    }
    bool covers(std::uint32_t count) const {
        // Contiguous from step 0, and at least `count` of them.
        return !steps.empty() && *steps.begin() == 0 &&
               steps.size() == std::size_t(*steps.rbegin()) + 1 && steps.size() >= count;
    }
};

}  // namespace

int runTelemetry(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Listens to a telemetry tap (ours, 'ossynapse simulate-telemetry' or a Synapse probe) at "
        "a ws:// URL, optionally records what arrives, and prints a JSON report at the end: "
        "messages, dropped ones, bandwidth, layers and the steps the summaries covered."));
    parser.addPositionalArgument(QStringLiteral("URL"), QStringLiteral("ws://host:port"));
    parser.addOptions({
        {QStringLiteral("seconds"), QStringLiteral("Stop after this long (default 10)."),
         QStringLiteral("S"), QStringLiteral("10")},
        {QStringLiteral("until-steps"),
         QStringLiteral("Stop once summaries covered steps 0..N-1 (default: run the time)."),
         QStringLiteral("N"), QStringLiteral("0")},
        {QStringLiteral("record"), QStringLiteral("Write what arrives to a session recording."),
         QStringLiteral("FILE")},
    });
    if (!parseArguments(parser, arguments, 1)) {
        return 0;
    }
    const QUrl url(parser.positionalArguments().at(0));
    if (!url.isValid() ||
        (url.scheme() != QLatin1String("ws") && url.scheme() != QLatin1String("wss"))) {
        throw UsageError("'" + url.toString().toStdString() + "' is not a ws:// URL");
    }
    const double seconds = numberOption(parser, QStringLiteral("seconds"), 0.1, 1e6);
    const auto untilSteps =
        static_cast<std::uint32_t>(numberOption(parser, QStringLiteral("until-steps"), 0, 1e9));

    std::unique_ptr<SessionWriter> recorder;
    if (const auto path = optionalValue(parser, QStringLiteral("record"))) {
        SessionHeader header;
        header.created = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
        header.source = {{"kind", "telemetry"}, {"url", url.toString().toStdString()}};
        recorder = std::make_unique<SessionWriter>(path->toStdString(), header);
    }

    TelemetryClient client;
    Coverage coverage;
    QElapsedTimer clock;
    QEventLoop loop;
    // Messages are stamped on arrival: a tap that restarts (and sends its meta again at 0 s)
    // never makes the recording's time run backwards.
    QObject::connect(&client, &TelemetryClient::messageReceived, &loop,
                     [&](const TelemetryMessage& received) {
                         if (!clock.isValid()) {
                             clock.start();
                         }
                         TelemetryMessage message = received;
                         setMessageTime(message, static_cast<double>(clock.nsecsElapsed()) / 1e9);
                         if (const auto* batch = std::get_if<SummaryBatch>(&message)) {
                             coverage.add(*batch);
                             if (untilSteps > 0 && coverage.covers(untilSteps)) {
                                 loop.quit();
                             }
                         }
                         if (recorder) {
                             recorder->write(message);
                         }
                     });
    QString lastState;
    QObject::connect(&client, &TelemetryClient::stateChanged, &loop, [&] {
        if (client.state() != lastState) {
            lastState = client.state();
            std::fprintf(stderr, "ossynapse telemetry: %s\n", lastState.toUtf8().constData());
            std::fflush(stderr);
        }
    });
    QTimer::singleShot(static_cast<int>(seconds * 1000), &loop, &QEventLoop::quit);
    QElapsedTimer wall;
    wall.start();
    client.start(url);
    loop.exec();
    const double elapsed = static_cast<double>(wall.elapsed()) / 1000.0;
    const double listened = clock.isValid() ? static_cast<double>(clock.nsecsElapsed()) / 1e9 : 0;
    client.stop();
    if (recorder) {
        recorder->finish(SessionEnd{listened, "", nullptr, "", nullptr});
    }

    const TelemetryDecoder& decoder = client.decoder();
    nlohmann::ordered_json report = {
        {"url", url.toString().toStdString()},
        {"seconds", elapsed},
        {"messages", decoder.accepted()},
        {"dropped", decoder.dropped()},
        {"bytes", decoder.bytes()},
        {"bytes_per_second", listened > 0 ? static_cast<double>(decoder.bytes()) / listened : 0.0},
        {"summary_batches", coverage.batches},
        {"layers", coverage.layers},
        {"steps_covered", coverage.steps.size()},
        {"first_step", coverage.steps.empty() ? 0 : *coverage.steps.begin()},
        {"last_step", coverage.steps.empty() ? 0 : *coverage.steps.rbegin()},
    };
    if (!decoder.lastError().empty()) {
        report["last_error"] = decoder.lastError();
    }
    std::printf("%s\n", report.dump(2).c_str());
    if (untilSteps > 0 && !coverage.covers(untilSteps)) {
        std::fprintf(stderr, "ossynapse telemetry: summaries did not cover steps 0..%u\n",
                     untilSteps - 1);
        return 1;
    }
    return decoder.accepted() > 0 ? 0 : 1;
}

}  // namespace ossynapse::cli
