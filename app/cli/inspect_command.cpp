#include <QCommandLineParser>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "app/cli/command.h"
#include "app/cli/command_line.h"
#include "core/session_reader.h"
#include "core/session_stats.h"

namespace ossynapse::cli {
namespace {

nlohmann::json channelSummary(const ChannelStats& stats) {
    nlohmann::json json = {{"events", stats.events},
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

}  // namespace

int runInspect(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Prints a JSON summary of a recording: duration, events and tokens per "
                       "channel, mean and peak rates, the end record."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("A session recording."));
    if (!parseArguments(parser, arguments, 1)) {
        return 0;
    }
    const std::string path = parser.positionalArguments().at(0).toStdString();
    const LoadedSession loaded = readSessionFile(path);
    const Session& session = loaded.session;
    const SessionStats stats = computeStats(session, Parameters{});

    nlohmann::json summary = {
        {"file", path},
        {"format_version", session.header.version},
        {"created", session.header.created},
        {"source", session.header.source},
        {"prompt", session.header.prompt},
        {"duration_s", stats.duration},
        {"complete", loaded.report.clean()},
        {"channels",
         {{"reasoning", channelSummary(stats.channels[index(Channel::Reasoning)])},
          {"completion", channelSummary(stats.channels[index(Channel::Completion)])}}},
        {"end", nullptr}};
    if (!loaded.report.clean()) {
        summary["truncation"] = loaded.report.describe();
    }
    if (session.end) {
        nlohmann::json end = {{"t", session.end->t},
                              {"finish_reason", session.end->finishReason},
                              {"usage", session.end->usage}};
        if (!session.end->error.empty()) {
            end["error"] = session.end->error;
        }
        summary["end"] = std::move(end);
    }
    std::printf("%s\n", summary.dump(2).c_str());
    return 0;
}

}  // namespace ossynapse::cli
