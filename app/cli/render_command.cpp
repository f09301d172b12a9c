#include <QCommandLineParser>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "app/cli/command.h"
#include "app/cli/command_line.h"
#include "app/common/engine_files.h"
#include "app/output/frame_sink_factory.h"
#include "core/frame_format.h"
#include "core/fseq.h"
#include "core/offline_render.h"
#include "core/session_feed.h"
#include "core/session_reader.h"

namespace ossynapse::cli {

namespace {

// An FSEQ step is a whole number of milliseconds in one byte: refused before anything is read.
void checkFseqRate(double fps) {
    if (fseq::stepTimeMs(fps)) {
        return;
    }
    const double ms = 1000.0 / fps;
    const QString step = QString::number(ms, 'f', ms == std::round(ms) ? 0 : 2);
    const QString rate = QString::number(fps);
    if (ms != std::round(ms)) {
        throw UsageError(QStringLiteral("--fps %1 gives a step time of %2 ms; FSEQ needs whole "
                                        "milliseconds: use 20, 25, 40, 50 …")
                             .arg(rate, step)
                             .toStdString());
    }
    throw UsageError(QStringLiteral("--fps %1 gives a step time of %2 ms; an FSEQ step holds at "
                                    "most 255 ms: use 4 or more, e.g. 20, 25, 40, 50 …")
                         .arg(rate, step)
                         .toStdString());
}

}  // namespace

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
        {QStringLiteral("force"),
         QStringLiteral("Write an output of more than 1 GiB (refused without it).")},
        {QStringLiteral("fseq-compression"),
         QStringLiteral("For an .fseq OUT: zstd (the default, as xLights writes) or none. Its "
                        "step time is 1000/N ms, which must be whole: --fps 20, 25, 40, 50 …"),
         QStringLiteral("zstd|none"), QStringLiteral("zstd")},
        {QStringLiteral("fseq-media"),
         QStringLiteral("For an .fseq OUT: the media file the sequence plays with (its 'mf' "
                        "header), e.g. song.mp3."),
         QStringLiteral("NAME")},
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
    const bool fseqOut = out.endsWith(QStringLiteral(".fseq"), Qt::CaseInsensitive);
    FileSinkOptions fileOptions;
    fileOptions.fps = fps;
    if (fseqOut) {
        checkFseqRate(fps);
        fileOptions.fseqCompression = parser.value(QStringLiteral("fseq-compression"));
        if (fileOptions.fseqCompression != QLatin1String("zstd") &&
            fileOptions.fseqCompression != QLatin1String("none")) {
            throw UsageError("--fseq-compression '" + fileOptions.fseqCompression.toStdString() +
                             "' must be zstd or none");
        }
        fileOptions.fseqMedia = parser.value(QStringLiteral("fseq-media"));
    } else {
        for (const char* fseqOnly : {"fseq-compression", "fseq-media"}) {
            if (parser.isSet(QString::fromLatin1(fseqOnly))) {
                throw UsageError(std::string("--") + fseqOnly + " applies to an .fseq --out only");
            }
        }
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

    // Said before anything is written: a long session at a high rate is a very large file.
    Engine engine(parameters, rig);
    const std::size_t expectedFrames = offlineFrameCount(loaded.session, parameters, fps);
    const Frame first = engine.tick(0.0);
    // FSEQ: the channel bytes (at most, uncompressed); text: the longer format's line.
    const double expectedBytes =
        static_cast<double>(expectedFrames) *
        static_cast<double>(fseqOut ? first.rgb.size() : frameToJsonLine(first).size());
    engine.reset();
    fileOptions.channelCount = first.rgb.size();
    fileOptions.expectedFrames = expectedFrames;
    constexpr double kUnforcedLimitBytes = 1024.0 * 1024.0 * 1024.0;
    if (expectedBytes > kUnforcedLimitBytes && !parser.isSet(QStringLiteral("force"))) {
        throw std::runtime_error(
            QStringLiteral("%1 frames (%2 s at %3 fps) would make about %4 GB: nothing written; "
                           "a lower --fps makes it smaller, --force writes it anyway")
                .arg(expectedFrames)
                .arg(static_cast<double>(expectedFrames) / fps, 0, 'f', 1)
                .arg(fps)
                .arg(expectedBytes / 1e9, 0, 'f', 1)
                .toStdString());
    }
    if (expectedBytes > 100.0 * 1024.0 * 1024.0) {
        std::fprintf(stderr, "ossynapse render: %zu frames, about %.0f MB\n", expectedFrames,
                     expectedBytes / 1e6);
    }

    // The file is a sink like any target: every frame offered, in order.
    const std::unique_ptr<FrameSink> sink = createFileSink(out, fileOptions);
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
