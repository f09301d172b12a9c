#include <QCommandLineParser>
#include <QFileInfo>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "app/cli/command.h"
#include "app/cli/command_line.h"
#include "app/common/engine_files.h"
#include "core/frame_format.h"
#include "core/offline_render.h"
#include "core/session_reader.h"

namespace ossynapse::cli {

int runRender(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Renders every frame of a recording at a fixed frame rate. OUT ending in .jsonl gets one "
        "JSON object per frame, .csv the same flattened."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("A session recording."));
    parser.addOptions({
        {QStringLiteral("fps"), QStringLiteral("Frames per second (1 to 1000)."),
         QStringLiteral("N")},
        {QStringLiteral("out"), QStringLiteral("Output file, .jsonl or .csv."),
         QStringLiteral("OUT")},
        {QStringLiteral("params"), QStringLiteral("Engine parameters (JSON)."),
         QStringLiteral("P.json")},
        {QStringLiteral("rig"), QStringLiteral("LED rig (JSON); default: the built-in skull."),
         QStringLiteral("R.json")},
    });
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
    const QString suffix = QFileInfo(out).suffix().toLower();
    if (suffix != QLatin1String("jsonl") && suffix != QLatin1String("csv")) {
        throw UsageError("--out '" + out.toStdString() + "' must end in .jsonl or .csv");
    }
    const bool csv = suffix == QLatin1String("csv");

    const Parameters parameters =
        optionalValue(parser, QStringLiteral("params"))
            ? loadParametersFile(parser.value(QStringLiteral("params")).toStdString())
            : Parameters{};
    const Rig rig = optionalValue(parser, QStringLiteral("rig"))
                        ? loadRigFile(parser.value(QStringLiteral("rig")).toStdString())
                        : Rig::defaultSkull();
    const std::string input = parser.positionalArguments().at(0).toStdString();
    const LoadedSession loaded = readSessionFile(input);
    if (!loaded.report.clean()) {
        std::fprintf(stderr, "ossynapse render: %s: %s\n", input.c_str(),
                     loaded.report.describe().c_str());
    }

    const std::string outPath = out.toStdString();
    std::FILE* file = std::fopen(outPath.c_str(), "wb");
    if (file == nullptr) {
        throw std::runtime_error("cannot create " + outPath + ": " + std::strerror(errno));
    }
    bool writeFailed = false;
    const auto write = [&](const std::string& text) {
        writeFailed |= std::fwrite(text.data(), 1, text.size(), file) != text.size();
    };
    if (csv) {
        write(frameCsvHeader());
    }
    Engine engine(parameters, rig);
    std::size_t frames = 0;
    renderOffline(loaded.session, engine, fps, [&](const Frame& frame) {
        write(csv ? frameToCsvLine(frame) : frameToJsonLine(frame));
        ++frames;
    });
    writeFailed |= std::fclose(file) != 0;
    if (writeFailed) {
        throw std::runtime_error("cannot write " + outPath + ": " + std::strerror(errno));
    }
    std::fprintf(stderr, "ossynapse render: %zu frames at %g fps, %zu LEDs -> %s\n", frames, fps,
                 rig.ledCount(), outPath.c_str());
    return 0;
}

}  // namespace ossynapse::cli
