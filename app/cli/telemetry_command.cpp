#include <QCommandLineParser>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "app/cli/command.h"
#include "app/cli/command_line.h"
#include "app/cli/exit_signals.h"
#include "app/telemetry/telemetry_client.h"
#include "app/telemetry/weights_export.h"
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

// What arrived from a training loop (core/training_telemetry.h).
struct Learning {
    std::uint64_t weightMatrices = 0;
    std::uint64_t trainingSteps = 0;
    std::uint64_t attentionPatterns = 0;
    std::uint64_t textMessages = 0;
    std::optional<TrainingStep> first;
    std::optional<TrainingStep> last;

    void add(const TelemetryMessage& message) {
        if (std::holds_alternative<WeightMatrix>(message)) {
            ++weightMatrices;
        } else if (const auto* step = std::get_if<TrainingStep>(&message)) {
            ++trainingSteps;
            if (!first) {
                first = *step;
            }
            last = *step;
        } else if (std::holds_alternative<AttentionPattern>(message)) {
            ++attentionPatterns;
        } else if (std::holds_alternative<SampledText>(message)) {
            ++textMessages;
        }
    }
};

nlohmann::json numberOrNull(float value) {
    return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

}  // namespace

int runTelemetry(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Listens to a telemetry tap (ours, 'ossynapse simulate-telemetry' or a Synapse probe) at "
        "a ws:// URL, optionally records what arrives, and prints a JSON report at the end: "
        "messages, dropped ones, bandwidth, layers and the steps the summaries covered. Ctrl-C "
        "(or SIGTERM) stops it early the same way: the recording ends there and the report is "
        "printed; the exit status is then 128 + the signal."));
    parser.addPositionalArgument(QStringLiteral("URL"), QStringLiteral("ws://host:port"));
    parser.addOptions({
        {QStringLiteral("seconds"), QStringLiteral("Stop after this long (default 10)."),
         QStringLiteral("S"), QStringLiteral("10")},
        {QStringLiteral("until-steps"),
         QStringLiteral("Stop once summaries covered steps 0..N-1 (default: run the time)."),
         QStringLiteral("N"), QStringLiteral("0")},
        {QStringLiteral("record"),
         QStringLiteral("Write what arrives to a session recording (weight matrices only with "
                        "--record-weights: they are large)."),
         QStringLiteral("FILE")},
        {QStringLiteral("record-weights"),
         QStringLiteral("Keep weight matrices in the --record recording too.")},
        {QStringLiteral("weights-png"),
         QStringLiteral("Write each whole weight frame from a training tap to DIR as a 16-bit "
                        "greyscale PNG, one pixel per weight (weights-STEP.png), and where each "
                        "matrix sits to DIR/atlas.json."),
         QStringLiteral("DIR")},
        {QStringLiteral("weights-width"),
         QStringLiteral("Width of the weights image in pixels (default: about 16:9)."),
         QStringLiteral("PIXELS"), QStringLiteral("0")},
        {QStringLiteral("until-training-steps"),
         QStringLiteral("Stop once a training-step message for step N or later arrived."),
         QStringLiteral("N"), QStringLiteral("0")},
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

    const auto untilTraining = static_cast<std::uint32_t>(
        numberOption(parser, QStringLiteral("until-training-steps"), 0, 4e9));
    const bool recordWeights = parser.isSet(QStringLiteral("record-weights"));
    std::unique_ptr<WeightsExport> weightsExport;
    if (const auto folder = optionalValue(parser, QStringLiteral("weights-png"))) {
        weightsExport = std::make_unique<WeightsExport>(
            *folder, static_cast<std::uint32_t>(
                         numberOption(parser, QStringLiteral("weights-width"), 0, 65535)));
    }
    Learning learning;
    std::string failure;

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
                         learning.add(message);
                         if (const auto* step = std::get_if<TrainingStep>(&message);
                             step != nullptr && untilTraining > 0 && step->step >= untilTraining) {
                             loop.quit();
                         }
                         const auto* matrix = std::get_if<WeightMatrix>(&message);
                         try {
                             if (matrix != nullptr && weightsExport) {
                                 weightsExport->take(*matrix);
                             }
                             if (recorder && (matrix == nullptr || recordWeights)) {
                                 recorder->write(message);
                             }
                         } catch (const std::exception& error) {
                             failure = error.what();
                             loop.quit();
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
    // Ctrl-C is how a listening without an end is stopped: it must not lose the recording's end.
    ExitSignals exitSignals;
    int stoppedBy = 0;
    QObject::connect(&exitSignals, &ExitSignals::received, &loop, [&](int signal) {
        stoppedBy = signal;
        loop.quit();
    });
    QElapsedTimer wall;
    wall.start();
    client.start(url);
    loop.exec();
    const double elapsed = static_cast<double>(wall.elapsed()) / 1000.0;
    const double listened = clock.isValid() ? static_cast<double>(clock.nsecsElapsed()) / 1e9 : 0;
    // Its "off" after we stop is ours, not news about the tap.
    QObject::disconnect(&client, &TelemetryClient::stateChanged, &loop, nullptr);
    client.stop();
    if (recorder) {
        // With nothing received the session clock never started: the session is the listening.
        recorder->finish(
            SessionEnd{clock.isValid() ? listened : elapsed, "", nullptr, "", nullptr});
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
    if (learning.weightMatrices + learning.trainingSteps + learning.attentionPatterns +
            learning.textMessages >
        0) {
        report["weight_matrices"] = learning.weightMatrices;
        report["training_steps"] = learning.trainingSteps;
        report["attention_patterns"] = learning.attentionPatterns;
        report["text_messages"] = learning.textMessages;
        if (learning.first) {
            report["first_training_step"] = learning.first->step;
            report["first_loss"] = numberOrNull(learning.first->loss);
            report["last_training_step"] = learning.last->step;
            report["last_loss"] = numberOrNull(learning.last->loss);
        }
    }
    if (weightsExport) {
        report["weight_frames"] = weightsExport->framesWritten();
        report["weight_frames_incomplete"] = weightsExport->framesIncomplete();
        report["weight_frames_refused"] = weightsExport->framesRefused();
        if (const auto& layout = weightsExport->layout()) {
            report["weights_image"] = {{"width", layout->width}, {"height", layout->height}};
        }
        if (!weightsExport->lastError().isEmpty()) {
            report["weights_error"] = weightsExport->lastError().toStdString();
        }
    }
    std::printf("%s\n", report.dump(2).c_str());
    if (stoppedBy != 0) {
        std::fprintf(stderr, "ossynapse telemetry: %s: stopped listening after %.1f s%s\n",
                     sigabbrev_np(stoppedBy) != nullptr ? sigabbrev_np(stoppedBy) : "signal",
                     elapsed, recorder ? "; the recording is complete" : "");
    }
    if (!failure.empty()) {
        std::fprintf(stderr, "ossynapse telemetry: %s\n", failure.c_str());
        return 1;
    }
    if (untilSteps > 0 && !coverage.covers(untilSteps)) {
        std::fprintf(stderr, "ossynapse telemetry: summaries did not cover steps 0..%u\n",
                     untilSteps - 1);
        return 1;
    }
    if (stoppedBy != 0) {
        return 128 + stoppedBy;
    }
    if (decoder.accepted() == 0 && decoder.dropped() > 0) {
        // Something did arrive: "nothing" would send the user to check the network.
        const auto dropped = static_cast<unsigned long long>(decoder.dropped());
        std::fprintf(stderr,
                     "ossynapse telemetry: %llu message%s arrived in %.1f s and %s dropped "
                     "(the last: %s)\n",
                     dropped, dropped == 1 ? "" : "s", elapsed, dropped == 1 ? "was" : "all were",
                     decoder.lastError().c_str());
        return 1;
    }
    if (decoder.accepted() == 0) {
        std::fprintf(stderr, "ossynapse telemetry: nothing arrived in %.1f s\n", elapsed);
        return 1;
    }
    return 0;
}

}  // namespace ossynapse::cli
