// ossynapse: the headless command line of OSSynapse Studio.
#include <QCoreApplication>
#include <QStringList>
#include <cstdio>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "app/cli/command.h"
#include "app/output/frame_sink_factory.h"
#include "core/error.h"

namespace {

constexpr const char* kVerbs =
    "usage: ossynapse <verb> [options]\n"
    "\n"
    "verbs:\n"
    "  inspect FILE                      JSON summary of a recording\n"
    "  render FILE --fps N --out OUT     every frame of a recording into a file (below)\n"
    "         [--params P.json] [--rig R.json]\n"
    "  synthesize KIND --out FILE        write a synthetic recording (short-answer,\n"
    "         [--seed N] [--created ISO]  reasoning-then-answer, burst-heavy)\n"
    "  stream --endpoint URL [--model M] (--prompt TEXT | --prompt-file F) [--record FILE]\n"
    "         [--effort low|medium|high] [--to URI...]\n"
    "                                     stream a live answer, record it as it goes, light "
    "targets\n"
    "  serve FILE [--port P] [--speed X]   serve a recording as a streaming chat endpoint\n"
    "  replay FILE --to URI... [--speed X] play a recording to light targets in real time\n"
    "  simulate-telemetry [--layers N] [--fps F] [--port P]\n"
    "                                     stream plausible layer telemetry over WebSocket\n"
    "  telemetry URL [--record FILE]      listen to a telemetry tap, report what arrived\n"
    "\n"
    "'ossynapse <verb> --help' describes a verb's options.\n\n";

// The verbs, then the outputs as the sink factory names them.
std::string usage() {
    return kVerbs + ossynapse::sinkHelp().toStdString() +
           "Files (render --out): " + ossynapse::fileSinkHelp().toStdString() + ".\n";
}

void printError(const QString& verb, const std::string& message) {
    std::fprintf(stderr, "ossynapse%s%s: error: %s\n", verb.isEmpty() ? "" : " ",
                 verb.toUtf8().constData(), message.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("ossynapse"));
    QCoreApplication::setApplicationVersion(QStringLiteral(OSSYNAPSE_VERSION));

    const QStringList arguments = QCoreApplication::arguments();
    const QString verb = arguments.value(1);
    if (verb.isEmpty()) {
        std::fputs(usage().c_str(), stderr);
        return 2;
    }
    if (verb == QLatin1String("--help") || verb == QLatin1String("-h") ||
        verb == QLatin1String("help")) {
        std::fputs(usage().c_str(), stdout);
        return 0;
    }
    if (verb == QLatin1String("--version")) {
        std::printf("ossynapse %s\n", OSSYNAPSE_VERSION);
        return 0;
    }

    const std::map<QString, std::function<int(const QStringList&)>> verbs = {
        {QStringLiteral("inspect"), ossynapse::cli::runInspect},
        {QStringLiteral("render"), ossynapse::cli::runRender},
        {QStringLiteral("synthesize"), ossynapse::cli::runSynthesize},
        {QStringLiteral("stream"), ossynapse::cli::runStream},
        {QStringLiteral("serve"), ossynapse::cli::runServe},
        {QStringLiteral("replay"), ossynapse::cli::runReplay},
        {QStringLiteral("simulate-telemetry"), ossynapse::cli::runSimulateTelemetry},
        {QStringLiteral("telemetry"), ossynapse::cli::runTelemetry},
    };
    const auto found = verbs.find(verb);
    if (found == verbs.end()) {
        printError({}, "unknown verb '" + verb.toStdString() + "' (try 'ossynapse --help')");
        return 2;
    }
    // The parser wants a program name first: "ossynapse render" stands in for it.
    QStringList verbArguments = arguments.mid(2);
    verbArguments.prepend(QStringLiteral("ossynapse ") + verb);
    try {
        return found->second(verbArguments);
    } catch (const ossynapse::cli::UsageError& error) {
        printError(verb, std::string(error.what()) + " (try 'ossynapse " + verb.toStdString() +
                             " --help')");
        return 2;
    } catch (const ossynapse::InputError& error) {
        printError(verb, error.what());
        return 1;
    } catch (const nlohmann::json::exception& error) {
        printError(verb, error.what());
        return 1;
    } catch (const std::exception& error) {
        printError(verb, error.what());
        return 1;
    }
}
