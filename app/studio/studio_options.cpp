#include "app/studio/studio_options.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QRegularExpression>

#include "app/control/midi_control_input.h"

namespace ossynapse {

StudioOptions parseStudioOptions(const QStringList& arguments) {
    StudioOptions options;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("OSSynapse Studio: a language model's activity as light."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("A recording to play (default: a bundled one)."),
                                 QStringLiteral("[FILE]"));
    parser.addOptions({
        {QStringLiteral("params"), QStringLiteral("Engine parameters (JSON)."),
         QStringLiteral("P.json")},
        {QStringLiteral("rig"), QStringLiteral("LED rig (JSON)."), QStringLiteral("R.json")},
        {QStringLiteral("fresh"), QStringLiteral("Start from defaults, ignoring the saved state.")},
        {QStringLiteral("performance"), QStringLiteral("Start in performance mode.")},
        {QStringLiteral("size"), QStringLiteral("Window size (default 1280x720)."),
         QStringLiteral("WxH")},
        {QStringLiteral("panel"),
         QStringLiteral("Side panel to open: tune, live, rig, outputs or model."),
         QStringLiteral("NAME")},
        {QStringLiteral("view"),
         QStringLiteral("What the main area shows: skull (default) or weights."),
         QStringLiteral("NAME")},
        {QStringLiteral("camera"),
         QStringLiteral("Start on a camera view: front, side, top or three-quarter."),
         QStringLiteral("NAME")},
        {QStringLiteral("telemetry"),
         QStringLiteral("Connect to a training tap or telemetry source at once, e.g. "
                        "ws://127.0.0.1:9000."),
         QStringLiteral("URL")},
        {QStringLiteral("capture"),
         QStringLiteral("Pause at SECONDS, save a screenshot to PATH; +SECONDS: that long after "
                        "the window shows, without pausing (live telemetry); repeatable; quits "
                        "after the last."),
         QStringLiteral("SECONDS:PATH")},
        {QStringLiteral("osc-port"),
         QStringLiteral("Listen for OSC on UDP port N (0: a free one): every control at "
                        "/ossynapse/<key>, e.g. /ossynapse/master_brightness f 0.3, "
                        "/ossynapse/preset_2, /ossynapse/blackout T."),
         QStringLiteral("N")},
        {QStringLiteral("export-video"),
         QStringLiteral("Write the replay as a video to PATH (.mp4, .mkv or .mov, H.264 by "
                        "ffmpeg), frame by frame at --export-fps, and quit; the window shows "
                        "each frame as it is written."),
         QStringLiteral("PATH")},
        {QStringLiteral("export-fps"),
         QStringLiteral("Frames per second of the video (default 30)."), QStringLiteral("N")},
        {QStringLiteral("export-from"),
         QStringLiteral("Start the video at SECONDS into the replay (default 0)."),
         QStringLiteral("SECONDS")},
        {QStringLiteral("export-to"),
         QStringLiteral("End the video at SECONDS (default: the end of the recording)."),
         QStringLiteral("SECONDS")},
        {QStringLiteral("benchmark-frames"),
         QStringLiteral("Render N frames, print frame rate, frame times and peak memory, quit."),
         QStringLiteral("N")},
    });
    parser.addOptions(midiCommandLineOptions());
    if (!parser.parse(arguments)) {
        options.error = parser.errorText();
        return options;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        parser.showHelp(0);
    }
    if (parser.isSet(QStringLiteral("version"))) {
        parser.showVersion();
    }
    options.recording = parser.positionalArguments().value(0);
    options.parametersFile = parser.value(QStringLiteral("params"));
    options.rigFile = parser.value(QStringLiteral("rig"));
    options.fresh = parser.isSet(QStringLiteral("fresh"));
    options.performance = parser.isSet(QStringLiteral("performance"));
    if (parser.isSet(QStringLiteral("panel"))) {
        const QStringList panels = {QStringLiteral("tune"), QStringLiteral("live"),
                                    QStringLiteral("rig"), QStringLiteral("outputs"),
                                    QStringLiteral("model")};
        options.panel = static_cast<int>(panels.indexOf(parser.value(QStringLiteral("panel"))));
        if (options.panel < 0) {
            options.error =
                QStringLiteral("--panel must be one of ") + panels.join(QStringLiteral(", "));
            return options;
        }
    }
    if (parser.isSet(QStringLiteral("view"))) {
        const QString view = parser.value(QStringLiteral("view"));
        if (view != QLatin1String("skull") && view != QLatin1String("weights")) {
            options.error = QStringLiteral("--view must be skull or weights");
            return options;
        }
        options.weightsView = view == QLatin1String("weights");
    }
    if (parser.isSet(QStringLiteral("camera"))) {
        // The names of SkullView.qml's camera presets, which hold their angles.
        const QStringList cameras = {QStringLiteral("front"), QStringLiteral("side"),
                                     QStringLiteral("top"), QStringLiteral("three-quarter")};
        options.camera = parser.value(QStringLiteral("camera"));
        if (!cameras.contains(options.camera)) {
            options.error =
                QStringLiteral("--camera must be one of ") + cameras.join(QStringLiteral(", "));
            return options;
        }
    }
    options.telemetryUrl = parser.value(QStringLiteral("telemetry"));
    if (parser.isSet(QStringLiteral("size"))) {
        const QRegularExpressionMatch size =
            QRegularExpression(QStringLiteral("^(\\d{3,4})x(\\d{3,4})$"))
                .match(parser.value(QStringLiteral("size")));
        if (!size.hasMatch()) {
            options.error = QStringLiteral("--size must look like 1280x720");
            return options;
        }
        options.size = QSize(size.captured(1).toInt(), size.captured(2).toInt());
        options.sizeGiven = true;
    }
    for (const QString& capture : parser.values(QStringLiteral("capture"))) {
        const qsizetype colon = capture.indexOf(QLatin1Char(':'));
        const bool afterStart = capture.startsWith(QLatin1Char('+'));
        bool ok = false;
        const double position =
            capture.mid(afterStart ? 1 : 0, colon - (afterStart ? 1 : 0)).toDouble(&ok);
        if (colon <= 0 || !ok || position < 0 || colon + 1 >= capture.size()) {
            options.error =
                QStringLiteral("--capture '%1' must look like 12.5:shot.png").arg(capture);
            return options;
        }
        options.captures.push_back({position, capture.mid(colon + 1), afterStart});
    }
    if (parser.isSet(QStringLiteral("export-video"))) {
        VideoExport video;
        video.path = parser.value(QStringLiteral("export-video"));
        // Said before a window opens: a folder that is not there would otherwise cost a whole
        // render and end in ffmpeg's own words.
        const QFileInfo folder(QFileInfo(video.path).absolutePath());
        if (!folder.isDir()) {
            options.error = QStringLiteral("--export-video %1: the folder %2 does not exist")
                                .arg(video.path, folder.filePath());
            return options;
        }
        if (!folder.isWritable()) {
            options.error = QStringLiteral("--export-video %1: the folder %2 cannot be written")
                                .arg(video.path, folder.filePath());
            return options;
        }
        const auto number = [&parser](const QString& name, double low, double high,
                                      double fallback) -> std::optional<double> {
            if (!parser.isSet(name)) {
                return fallback;
            }
            bool ok = false;
            const double value = parser.value(name).toDouble(&ok);
            if (!ok || !(value >= low && value <= high)) {
                return std::nullopt;
            }
            return value;
        };
        const auto fps = number(QStringLiteral("export-fps"), 1.0, 240.0, 30.0);
        const auto from = number(QStringLiteral("export-from"), 0.0, 604800.0, 0.0);
        const auto to = number(QStringLiteral("export-to"), 0.0, 604800.0, -1.0);
        if (!fps) {
            options.error = QStringLiteral("--export-fps must be a number from 1 to 240");
            return options;
        }
        if (!from || !to) {
            options.error =
                QStringLiteral("--export-from and --export-to must be seconds, 0 or more");
            return options;
        }
        video.fps = *fps;
        video.from = *from;
        if (*to >= 0) {
            if (*to <= *from) {
                options.error = QStringLiteral("--export-to must be after --export-from");
                return options;
            }
            video.to = *to;
        }
        if (!options.captures.empty()) {
            options.error = QStringLiteral("--export-video and --capture do not go together");
            return options;
        }
        options.video = video;
    } else if (parser.isSet(QStringLiteral("export-fps")) ||
               parser.isSet(QStringLiteral("export-from")) ||
               parser.isSet(QStringLiteral("export-to"))) {
        options.error =
            QStringLiteral("--export-fps, --export-from and --export-to go with --export-video");
        return options;
    }
    if (parser.isSet(QStringLiteral("osc-port"))) {
        bool ok = false;
        const uint port = parser.value(QStringLiteral("osc-port")).toUInt(&ok);
        if (!ok || port > 65535) {
            options.error = QStringLiteral("--osc-port must be a UDP port, 0 to 65535");
            return options;
        }
        options.oscPort = static_cast<quint16>(port);
    }
    options.midiPort = parser.value(QStringLiteral("midi-port"));
    options.midiMap = parser.value(QStringLiteral("midi-map"));
    options.midiApi = parser.value(QStringLiteral("midi-api"));
    if (options.midiPort.isEmpty() != options.midiMap.isEmpty()) {
        options.error = QStringLiteral("--midi-port and --midi-map go together");
        return options;
    }
    if (parser.isSet(QStringLiteral("benchmark-frames"))) {
        bool ok = false;
        options.benchmarkFrames = parser.value(QStringLiteral("benchmark-frames")).toInt(&ok);
        if (!ok || options.benchmarkFrames < 1) {
            options.error = QStringLiteral("--benchmark-frames must be a whole number from 1");
        }
    }
    return options;
}

}  // namespace ossynapse
