#include <QCommandLineParser>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "app/cli/command.h"
#include "app/cli/command_line.h"
#include "core/session_reader.h"
#include "core/session_stats.h"

namespace ossynapse::cli {
namespace {

nlohmann::ordered_json channelSummary(const ChannelStats& stats) {
    nlohmann::ordered_json json = {{"events", stats.events},
                                   {"tokens", stats.tokens},
                                   {"mean_tps", nullptr},
                                   {"peak_tps", stats.peakTps}};
    if (stats.events > 0) {
        json["first_t"] = stats.firstT;
        json["last_t"] = stats.lastT;
    }
    if (stats.meanTps) {
        json["mean_tps"] = *stats.meanTps;
    }
    return json;
}

// How far the client's own counts were from the server's: chunks are not always tokens.
nlohmann::ordered_json tokenAccounting(const SessionEnd& end) {
    const auto number = [](const nlohmann::json& object, const char* key) -> nlohmann::json {
        if (object.is_object() && object.contains(key) && object.at(key).is_number()) {
            return object.at(key);
        }
        return nullptr;
    };
    const nlohmann::json details =
        end.usage.is_object() ? end.usage.value("completion_tokens_details", nlohmann::json())
                              : nlohmann::json();
    const nlohmann::json serverReasoning = number(details, "reasoning_tokens");
    const nlohmann::json serverCompletion = number(end.usage, "completion_tokens");
    nlohmann::ordered_json accounting = {{"counted", end.counted},
                                         {"server_completion_tokens", serverCompletion},
                                         {"server_reasoning_tokens", serverReasoning}};
    const nlohmann::json countedReasoning = number(end.counted, "reasoning_tokens");
    const nlohmann::json countedCompletion = number(end.counted, "completion_tokens");
    // The server's completion_tokens covers both channels (and hidden control tokens).
    if (serverCompletion.is_number() && countedReasoning.is_number() &&
        countedCompletion.is_number()) {
        const double counted = countedReasoning.get<double>() + countedCompletion.get<double>();
        if (counted > 0) {
            accounting["server_over_counted"] = serverCompletion.get<double>() / counted;
        }
    }
    return accounting;
}

}  // namespace

namespace {

// What the model's layers reported: how many records of each kind, the model and its depth.
nlohmann::ordered_json telemetrySummary(const Session& session) {
    std::size_t batches = 0;
    std::size_t sparse = 0;
    std::size_t layers = 0;
    std::string model;
    for (const TelemetryMessage& message : session.telemetry) {
        if (const auto* batch = std::get_if<SummaryBatch>(&message)) {
            ++batches;
            layers = std::max(layers, batch->layers.size());
        } else if (const auto* meta = std::get_if<ModelMeta>(&message)) {
            model = meta->name;
            layers = std::max(layers, meta->layers.size());
        } else if (std::holds_alternative<SparseActivations>(message)) {
            ++sparse;
        }
    }
    return {{"model", model},
            {"layers", layers},
            {"summary_batches", batches},
            {"sparse_records", sparse}};
}

}  // namespace

int runInspect(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Prints a JSON summary of a recording: how the session ended (outcome: "
                       "finished, error, truncated or cancelled), duration, events and tokens "
                       "per channel, mean and peak rates, the end record."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("A session recording."));
    if (!parseArguments(parser, arguments, 1)) {
        return 0;
    }
    const std::string path = parser.positionalArguments().at(0).toStdString();
    const LoadedSession loaded = readSessionFile(path);
    const Session& session = loaded.session;
    const SessionStats stats = computeStats(session, Parameters{});

    nlohmann::ordered_json summary = {
        {"file", path},
        {"format_version", session.header.version},
        {"created", session.header.created},
        {"source", session.header.source},
        {"prompt", session.header.prompt},
        {"duration_s", stats.duration},
        {"outcome", outcomeWord(sessionOutcome(session))},
        {"channels",
         {{"reasoning", channelSummary(stats.channels[index(Channel::Reasoning)])},
          {"completion", channelSummary(stats.channels[index(Channel::Completion)])}}},
        {"end", nullptr}};
    if (!loaded.report.clean()) {
        summary["truncation"] = loaded.report.describe();
    }
    if (!session.telemetry.empty()) {
        summary["telemetry"] = telemetrySummary(session);
    }
    if (session.end) {
        nlohmann::ordered_json end = {{"t", session.end->t},
                                      {"finish_reason", session.end->finishReason},
                                      {"usage", session.end->usage}};
        if (!session.end->error.empty()) {
            end["error"] = session.end->error;
        }
        summary["end"] = std::move(end);
        if (!session.end->counted.is_null()) {
            summary["token_accounting"] = tokenAccounting(*session.end);
        }
    }
    std::printf("%s\n", summary.dump(2).c_str());
    return 0;
}

}  // namespace ossynapse::cli
