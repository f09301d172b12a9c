#include <QCommandLineParser>
#include <cstdio>

#include "app/cli/command.h"
#include "app/cli/command_line.h"
#include "app/cli/light_run.h"
#include "core/error.h"
#include "core/session_feed.h"
#include "core/session_reader.h"

namespace ossynapse::cli {

int runReplay(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Plays a recording through the engine in real time and sends its frames "
                       "to the targets; at the end, or on Ctrl+C or SIGTERM, every target is "
                       "darkened and released. Exits 1 when no target received anything.\n\n") +
        LightRun::targetHelp());
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("A session recording."));
    parser.addOption({QStringLiteral("speed"),
                      QStringLiteral("Playback speed, 0.25 to 8 (default 1)."), QStringLiteral("X"),
                      QStringLiteral("1")});
    LightRun::addOptions(parser);
    parser.addOption({QStringLiteral("ignore-recorded"),
                      QStringLiteral("Ignore the parameters, rig and parameter changes the "
                                     "recording remembers.")});
    if (!parseArguments(parser, arguments, 1)) {
        return 0;
    }
    if (!parser.isSet(QStringLiteral("to"))) {
        throw UsageError("give at least one --to target (ddp://host, e131://host?universe=N, …)");
    }
    const double speed = numberOption(parser, QStringLiteral("speed"), 0.25, 8.0);
    LightRun run(parser, QStringLiteral("ossynapse replay"));
    const ExplicitSetup chosen = explicitSetup(parser);
    const std::string path = parser.positionalArguments().at(0).toStdString();
    LoadedSession loaded = readSessionFile(path);
    if (!loaded.report.clean()) {
        std::fprintf(stderr, "ossynapse replay: %s: %s\n", path.c_str(),
                     loaded.report.describe().c_str());
    }

    FrameProducer& producer = run.producer();
    const PlaybackSetup setup =
        playbackSetup(loaded.session, chosen.parameters, chosen.rig, chosen.ignoreRecorded);
    producer.setParameters(setup.parameters);
    producer.setRig(setup.rig);
    producer.setLoop(false);
    producer.setSpeed(speed);
    producer.loadSession(loaded.session);
    QObject::connect(&producer, &FrameProducer::sessionEnded, [&run] {
        std::fputs("ossynapse replay: the session ended: darkening the targets\n", stderr);
        run.finish(0);
    });
    run.reportEverySecond(true);
    producer.setPlaying(true);
    return run.exec();
}

}  // namespace ossynapse::cli
