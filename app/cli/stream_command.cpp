#include <unistd.h>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTimer>
#include <algorithm>
#include <cstdio>

#include "app/cli/command.h"
#include "app/cli/command_line.h"
#include "app/cli/light_run.h"
#include "app/common/engine_files.h"
#include "app/stream/live_stream.h"
#include "app/telemetry/telemetry_client.h"
#include "core/error.h"
#include "core/parameters.h"
#include "core/rate_meter.h"

namespace ossynapse::cli {
namespace {

QString presetList() {
    QStringList names;
    for (const EndpointPreset& preset : endpointPresets()) {
        names << QString::fromLatin1(preset.name.data(),
                                     static_cast<qsizetype>(preset.name.size()));
    }
    return names.join(QStringLiteral(", "));
}

std::string readPromptFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        throw InputError(path.toStdString() + ": cannot open (" + file.errorString().toStdString() +
                         ")");
    }
    return file.readAll().toStdString();
}

}  // namespace

int runStream(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Streams a live answer from an OpenAI-compatible server: the answer's text "
                       "on stdout, per-channel rates on stderr, and the session recorded as it "
                       "goes. The API key comes from OSSYNAPSE_API_KEY (or OPENROUTER_API_KEY "
                       "for OpenRouter). Endpoint presets: ") +
        presetList() +
        QStringLiteral(
            ".\n\nWith --to, the answer drives light targets live as `replay` does; "
            "when it ends (or on Ctrl+C or SIGTERM) they go dark and are released.\n\n") +
        LightRun::targetHelp());
    parser.addOptions({
        {QStringLiteral("endpoint"), QStringLiteral("A preset name or a base URL."),
         QStringLiteral("URL")},
        {QStringLiteral("model"), QStringLiteral("Model name (default: the preset's)."),
         QStringLiteral("M")},
        {QStringLiteral("prompt"), QStringLiteral("The prompt."), QStringLiteral("TEXT")},
        {QStringLiteral("prompt-file"), QStringLiteral("Read the prompt from a file."),
         QStringLiteral("F")},
        {QStringLiteral("record"), QStringLiteral("Write the session to this recording."),
         QStringLiteral("FILE")},
        {QStringLiteral("effort"), QStringLiteral("Reasoning effort: low, medium or high."),
         QStringLiteral("E")},
        {QStringLiteral("telemetry"),
         QStringLiteral("Also listen to a telemetry tap at this ws:// URL; what it sends is "
                        "recorded beside the tokens."),
         QStringLiteral("URL")},
        {QStringLiteral("connect-timeout"), QStringLiteral("Seconds to connect (default 10)."),
         QStringLiteral("S"), QStringLiteral("10")},
        {QStringLiteral("stall-timeout"),
         QStringLiteral("Seconds without an event before giving up (default 60)."),
         QStringLiteral("S"), QStringLiteral("60")},
    });
    LightRun::addOptions(parser);
    if (!parseArguments(parser, arguments, 0)) {
        return 0;
    }
    if (!parser.isSet(QStringLiteral("endpoint"))) {
        throw UsageError("--endpoint is required (a base URL or one of " +
                         presetList().toStdString() + ")");
    }
    if (parser.isSet(QStringLiteral("prompt")) == parser.isSet(QStringLiteral("prompt-file"))) {
        throw UsageError("give exactly one of --prompt and --prompt-file");
    }
    auto effort = ReasoningEffort::Default;
    if (auto name = optionalValue(parser, QStringLiteral("effort"))) {
        const auto parsed = effortFromName(name->toStdString());
        if (!parsed) {
            throw UsageError("--effort '" + name->toStdString() + "' must be low, medium or high");
        }
        effort = *parsed;
    }
    const std::string prompt = parser.isSet(QStringLiteral("prompt"))
                                   ? parser.value(QStringLiteral("prompt")).toStdString()
                                   : readPromptFile(parser.value(QStringLiteral("prompt-file")));
    ChatRequest request =
        buildChatRequest(parser.value(QStringLiteral("endpoint")).toStdString(),
                         parser.value(QStringLiteral("model")).toStdString(), prompt, effort);
    request.connectTimeoutS = numberOption(parser, QStringLiteral("connect-timeout"), 0.1, 600.0);
    request.stallTimeoutS = numberOption(parser, QStringLiteral("stall-timeout"), 0.1, 3600.0);

    LightRun lights(parser, QStringLiteral("ossynapse stream"));
    FrameProducer& producer = lights.producer();

    // What the recording's header remembers (LightRun gives the same files to the lights).
    const Parameters parameters =
        optionalValue(parser, QStringLiteral("params"))
            ? loadParametersFile(parser.value(QStringLiteral("params")).toStdString())
            : Parameters{};
    // As the studio shows a session with telemetry: lit from inside the model.
    const Rig rig = optionalValue(parser, QStringLiteral("rig"))
                        ? loadRigFile(parser.value(QStringLiteral("rig")).toStdString())
                    : parser.isSet(QStringLiteral("telemetry")) ? Rig::telemetrySkull()
                                                                : Rig::defaultSkull();
    std::array<RateMeter, kChannelCount> meters = {RateMeter(parameters), RateMeter(parameters)};
    double lastT = 0.0;
    // One clock for the session: tokens, telemetry, the status line and the lights' position.
    const LiveClock clock;
    LiveStream stream;
    stream.setRecordedSetup(parameters, rig);
    // Tokens reach the lights from the stream's worker, not through the status and text below.
    stream.setTokenSink([&producer](const std::vector<TokenEvent>& events) {
        producer.pushLiveFromAnyThread(events);
    });
    const bool interactive = isatty(STDERR_FILENO) != 0;
    const auto status = [&](const char* end) {
        const double now = std::max(lastT, clock.now());
        lastT = now;
        std::fprintf(stderr,
                     "%sreasoning %6.1f tok/s %6lld tokens | completion %6.1f tok/s %6lld tokens%s",
                     interactive ? "\r" : "", meters[0].rate(now),
                     static_cast<long long>(stream.tokens(Channel::Reasoning)), meters[1].rate(now),
                     static_cast<long long>(stream.tokens(Channel::Completion)), end);
    };
    // The answer goes to stdout through stdio's buffer, flushed once per network read (the
    // tokens of one read arrive together): one write, not one per token.
    bool flushQueued = false;
    QObject::connect(&stream, &LiveStream::tokenArrived, [&](const TokenEvent& event) {
        lastT = std::max(lastT, event.t);
        meters[index(event.channel)].add(lastT, event.tokens);
        if (event.channel == Channel::Completion) {
            std::fwrite(event.text.data(), 1, event.text.size(), stdout);
            if (!flushQueued) {
                flushQueued = true;
                QTimer::singleShot(0, &stream, [&] {
                    flushQueued = false;
                    std::fflush(stdout);
                });
            }
        }
    });
    QTimer ticker;
    QObject::connect(&ticker, &QTimer::timeout, [&] { status(interactive ? "" : "\n"); });
    ticker.start(interactive ? 200 : 1000);

    // After the answer, the light fades out by the engine's own idle rule; the targets are
    // finished once a frame is dark (or after 5 s at most).
    QTimer darkLimit;
    darkLimit.setSingleShot(true);
    bool ending = false;
    int exitCode = 0;
    const auto endWhenDark = [&] {
        producer.endLive();
        lights.finish(exitCode);
    };
    QObject::connect(&darkLimit, &QTimer::timeout, endWhenDark);
    QObject::connect(&producer, &FrameProducer::frameProduced, [&](const Frame& frame) {
        if (ending && std::all_of(frame.rgb.begin(), frame.rgb.end(),
                                  [](std::uint8_t b) { return b == 0; })) {
            endWhenDark();
        }
    });
    lights.onInterrupt([&] { stream.cancel(); });
    QObject::connect(&stream, &LiveStream::finished, [&](bool complete, const QString& error) {
        ticker.stop();
        status("\n");
        std::fputs("\n", stdout);
        const ChatStreamResult& result = stream.result();
        const auto server = [](std::optional<std::int64_t> n) {
            return n ? std::to_string(*n) : std::string("not reported");
        };
        std::fprintf(
            stderr,
            "ossynapse stream: %s after %.2f s; finish reason %s; chunks reasoning %zu, "
            "completion %zu; server tokens: completion %s, reasoning %s\n",
            complete ? "complete" : "failed", result.endT,
            result.summary.finishReason.empty() ? "none" : result.summary.finishReason.c_str(),
            result.summary.chunks[0], result.summary.chunks[1],
            server(result.summary.usageCompletionTokens()).c_str(),
            server(result.summary.usageReasoningTokens()).c_str());
        for (const MalformedPayload& bad : result.summary.malformed) {
            std::fprintf(stderr, "ossynapse stream: skipped a malformed event at byte %zu: %s\n",
                         bad.offset, bad.message.c_str());
        }
        if (!complete) {
            std::fprintf(stderr, "ossynapse stream: error: %s\n", error.toUtf8().constData());
            exitCode = 1;
        }
        if (lights.hasTargets()) {
            ending = true;
            darkLimit.start(5000);
        } else {
            lights.finish(exitCode);
        }
    });
    // The tap's messages go into the recording on the stream's clock.
    TelemetryClient telemetry;
    std::uint64_t telemetryMessages = 0;
    if (const auto url = optionalValue(parser, QStringLiteral("telemetry"))) {
        const QUrl tap(*url);
        if (!tap.isValid() ||
            (tap.scheme() != QLatin1String("ws") && tap.scheme() != QLatin1String("wss"))) {
            throw UsageError("--telemetry '" + url->toStdString() + "' is not a ws:// URL");
        }
        QObject::connect(&telemetry, &TelemetryClient::messageReceived, &stream,
                         [&](const TelemetryMessage& message) {
                             stream.recordTelemetry(message);
                             ++telemetryMessages;
                         });
        telemetry.start(tap);
    }
    producer.beginLive(clock);
    stream.start(request, prompt, parser.value(QStringLiteral("record")).toStdString(), clock);
    exitCode = lights.exec();
    if (parser.isSet(QStringLiteral("telemetry"))) {
        std::fprintf(stderr, "ossynapse stream: telemetry: %llu messages, %llu dropped%s%s\n",
                     static_cast<unsigned long long>(telemetryMessages),
                     static_cast<unsigned long long>(telemetry.decoder().dropped()),
                     telemetry.decoder().lastError().empty() ? "" : " (last: ",
                     telemetry.decoder().lastError().empty()
                         ? ""
                         : (telemetry.decoder().lastError() + ")").c_str());
    }
    return exitCode;
}

}  // namespace ossynapse::cli
