#include <QCommandLineParser>
#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "app/cli/command.h"
#include "app/cli/command_line.h"
#include "app/common/engine_files.h"
#include "app/output/frame_sink_factory.h"
#include "core/offline_render.h"
#include "core/session_feed.h"
#include "core/session_reader.h"

namespace ossynapse::cli {

int runRender(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Renders every frame of a recording at a fixed frame rate into OUT: ") +
        fileSinkHelp() + QLatin1Char('.'));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("A session recording."));
    parser.addOptions({
        {QStringLiteral("fps"), QStringLiteral("Frames per second (1 to 1000)."),
         QStringLiteral("N")},
        {QStringLiteral("out"), QStringLiteral("Output file: ") + fileSinkHelp() + QLatin1Char('.'),
         QStringLiteral("OUT")},
    });
    parser.addOptions(playbackOptions());
    if (!parseArguments(parser, arguments, 1)) {
        return 0;
    }
    for (const char* required : {"fps", "out"}) {
        if (!parser.isSet(QString::fromLatin1(required))) {
            throw UsageError(std::string("--") + required + " is required");
        }
    }
    const double fps = numberOption(parser, QStringLiteral("fps"), 1.0, 1000.0);
    const QString out = parser.value(QStringLiteral("out"));
    const bool knownFormat =
        std::any_of(sinkKinds().begin(), sinkKinds().end(), [&](const SinkKind& kind) {
            return kind.createFile != nullptr &&
                   out.endsWith(QStringLiteral(".") + kind.scheme, Qt::CaseInsensitive);
        });
    if (!knownFormat) {
        throw UsageError("--out '" + out.toStdString() + "' must end in " +
                         fileSinkHelp(false).toStdString());
    }

    const ExplicitSetup chosen = explicitSetup(parser);
    const std::string input = parser.positionalArguments().at(0).toStdString();
    LoadedSession loaded = readSessionFile(input);
    if (!loaded.report.clean()) {
        std::fprintf(stderr, "ossynapse render: %s: %s\n", input.c_str(),
                     loaded.report.describe().c_str());
    }
    const auto [parameters, rig] =
        playbackSetup(loaded.session, chosen.parameters, chosen.rig, chosen.ignoreRecorded);

    // The file is a sink like any target: every frame offered, in order.
    const std::unique_ptr<FrameSink> sink = createFileSink(out);
    Engine engine(parameters, rig);
    std::size_t frames = 0;
    renderOffline(loaded.session, engine, fps, [&](const Frame& frame) {
        sink->accept(frame);
        ++frames;
    });
    sink->finish();
    const SinkStatus status = sink->status();
    if (status.failed) {
        throw std::runtime_error(status.state.toStdString());
    }
    std::fprintf(stderr, "ossynapse render: %zu frames at %g fps, %zu LEDs -> %s\n", frames, fps,
                 rig.ledCount(), out.toUtf8().constData());
    return 0;
}

}  // namespace ossynapse::cli
