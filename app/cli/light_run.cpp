#include "app/cli/light_run.h"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstring>

#include "app/cli/command.h"
#include "app/cli/command_line.h"
#include "app/common/engine_files.h"
#include "app/control/control_value.h"
#include "app/output/frame_sink_factory.h"
#include "core/error.h"
#include "core/parameters.h"

namespace ossynapse::cli {
namespace {

// Every change a control surface (OSC, MIDI) made or was refused, one line each on stderr.
template <typename Surface>
void printControlChanges(const QString& verb, const char* surface, Surface* source) {
    const QByteArray prefix = verb.toUtf8() + ": " + surface;
    QObject::connect(source, &Surface::applied, [prefix](const QString& key, double value) {
        std::fprintf(stderr, "%s: %s = %s\n", prefix.constData(), key.toUtf8().constData(),
                     formatNumber(value).c_str());
    });
    QObject::connect(source, &Surface::refused, [prefix](const QString& from, const QString& why) {
        std::fprintf(stderr, "%s: %s refused: %s\n", prefix.constData(), from.toUtf8().constData(),
                     why.toUtf8().constData());
    });
}

}  // namespace

void LightRun::addOptions(QCommandLineParser& parser) {
    parser.addOptions({
        {QStringLiteral("to"), QStringLiteral("Target URI (see above); repeatable."),
         QStringLiteral("URI")},
        {QStringLiteral("fps"), QStringLiteral("Engine frames per second, 1 to 400 (default 100)."),
         QStringLiteral("N"), QStringLiteral("100")},
        {QStringLiteral("params"), QStringLiteral("Engine parameters (JSON)."),
         QStringLiteral("P.json")},
        {QStringLiteral("rig"), QStringLiteral("LED rig (JSON); default: the built-in skull."),
         QStringLiteral("R.json")},
        {QStringLiteral("osc-port"),
         QStringLiteral("Listen for OSC controls on UDP port N (0: a free one): "
                        "/ossynapse/<parameter key> f, /ossynapse/blackout T|F, "
                        "/ossynapse/freeze T|F."),
         QStringLiteral("N")},
    });
    parser.addOptions(midiCommandLineOptions());
}

QString LightRun::targetHelp() {
    return sinkHelp();
}

LightRun::LightRun(const QCommandLineParser& parser, QString verb) : m_verb(std::move(verb)) {
    m_fps = numberOption(parser, QStringLiteral("fps"), 1.0, 400.0);
    // Refuse a bad target before anything plays or connects.
    std::vector<std::unique_ptr<FrameSink>> sinks;
    for (const QString& uri : parser.values(QStringLiteral("to"))) {
        try {
            sinks.push_back(createSink(uri));
        } catch (const SinkError& error) {
            throw UsageError(error.what());
        }
    }
    if (parser.isSet(QStringLiteral("params"))) {
        m_producer.setParameters(
            loadParametersFile(parser.value(QStringLiteral("params")).toStdString()));
    }
    if (parser.isSet(QStringLiteral("rig"))) {
        m_producer.setRig(loadRigFile(parser.value(QStringLiteral("rig")).toStdString()));
    }
    for (auto& sink : sinks) {
        m_producer.addSink(std::move(sink));
    }
    listenForOsc(parser);
    listenForMidi(parser);
    QObject::connect(&m_signals, &ExitSignals::received, &m_loop, [this](int signal) {
        const char* name = sigabbrev_np(signal) != nullptr ? sigabbrev_np(signal) : "signal";
        if (m_finishing) {
            // The targets are already going dark; the darkening goes on to its end. The code
            // still says the run was interrupted, so a shell loop over replays stops at Ctrl+C.
            std::fprintf(stderr, "%s: %s while darkening the targets\n",
                         m_verb.toUtf8().constData(), name);
            m_exitCode = 128 + signal;
            return;
        }
        std::fprintf(stderr, "%s: %s: darkening the targets\n", m_verb.toUtf8().constData(), name);
        finish(128 + signal);
        if (m_interrupt) {
            m_interrupt();
        }
    });
    QObject::connect(&m_status, &QTimer::timeout, &m_loop, [this] { report("sent"); });
}

void LightRun::listenForOsc(const QCommandLineParser& parser) {
    if (!parser.isSet(QStringLiteral("osc-port"))) {
        return;
    }
    const auto port =
        static_cast<quint16>(numberOption(parser, QStringLiteral("osc-port"), 0, 65535));
    try {
        m_osc = std::make_unique<OscControlServer>(
            port, [this](const QString& key, double value) { return setControl(key, value); });
    } catch (const ControlSurfaceError& error) {
        throw InputError(error.what());
    }
    std::fprintf(stderr, "%s: listening for OSC on UDP port %u\n", m_verb.toUtf8().constData(),
                 static_cast<unsigned>(m_osc->port()));
    printControlChanges(m_verb, "osc", m_osc.get());
}

void LightRun::listenForMidi(const QCommandLineParser& parser) {
    const bool port = parser.isSet(QStringLiteral("midi-port"));
    if (port != parser.isSet(QStringLiteral("midi-map"))) {
        throw UsageError("--midi-port and --midi-map go together");
    }
    if (!port) {
        return;
    }
    MidiMapping mapping =
        MidiMapping::readFile(parser.value(QStringLiteral("midi-map")).toStdString());
    const QString name = parser.value(QStringLiteral("midi-port"));
    try {
        m_midi = std::make_unique<MidiControlInput>(
            parser.value(QStringLiteral("midi-api")),
            name == QLatin1String("virtual") ? QString() : name, std::move(mapping),
            [this](const QString& key, double value) { return setControl(key, value); });
    } catch (const ControlSurfaceError& error) {
        throw InputError(error.what());
    }
    std::fprintf(stderr, "%s: MIDI from %s\n", m_verb.toUtf8().constData(),
                 m_midi->portName().toUtf8().constData());
    printControlChanges(m_verb, "midi", m_midi.get());
}

ControlReply LightRun::setControl(const QString& key, double value) {
    using Outcome = ControlReply::Outcome;
    if (key == QLatin1String("blackout") || key == QLatin1String("freeze")) {
        const bool on = controlValue(true, 0.0, 1.0, value) == 1.0;
        key == QLatin1String("blackout") ? m_producer.setBlackout(on) : m_producer.setFrozen(on);
        return {};
    }
    for (const ParameterField& field : parameterFields()) {
        if (key.toStdString() != field.key) {
            continue;
        }
        Parameters next = m_producer.parameters();
        next.*field.member = controlValue(false, field.minimum, field.maximum, value);
        try {
            m_producer.setParameters(next);
        } catch (const InputError& error) {
            return {Outcome::Refused, QString::fromUtf8(error.what())};
        }
        return {};
    }
    return {Outcome::Unknown,
            QStringLiteral("no control '%1' here (%2 takes the engine parameters, blackout and "
                           "freeze; presets are the studio's)")
                .arg(key, m_verb)};
}

void LightRun::reportEverySecond(bool position) {
    m_reportPosition = position;
    m_status.start(1000);
}

int LightRun::exec() {
    m_producer.start(m_fps);
    m_loop.exec();
    m_status.stop();
    report("sent in all");
    const std::vector<OutputStatus> outputs = m_producer.snapshot().outputs;
    const bool allFailed =
        !outputs.empty() && std::all_of(outputs.begin(), outputs.end(),
                                        [](const OutputStatus& output) { return output.failed; });
    if (allFailed && m_exitCode == 0) {
        std::fprintf(stderr, "%s: error: no target received anything\n",
                     m_verb.toUtf8().constData());
        return 1;
    }
    return m_exitCode;
}

void LightRun::finish(int exitCode) {
    if (m_finishing) {
        return;
    }
    m_finishing = true;
    m_exitCode = exitCode;
    // Let delayed (latency) frames, the black frames and the last datagrams go out first.
    QTimer::singleShot(m_producer.finishOutputs() + 100, &m_loop, &QEventLoop::quit);
}

void LightRun::report(const char* what) const {
    const EngineSnapshot snapshot = m_producer.snapshot();
    if (snapshot.outputs.empty()) {
        return;
    }
    std::fprintf(stderr, "%s:", m_verb.toUtf8().constData());
    if (m_reportPosition) {
        std::fprintf(stderr, " %.1f / %.1f s;", snapshot.position, snapshot.duration);
    }
    const char* separator = "";
    for (const OutputStatus& output : snapshot.outputs) {
        std::fprintf(stderr, "%s %s %s (%llu %s)", separator, output.uri.toUtf8().constData(),
                     output.state.toUtf8().constData(),
                     static_cast<unsigned long long>(output.sent), what);
        separator = ";";
    }
    std::fputs("\n", stderr);
}

}  // namespace ossynapse::cli
