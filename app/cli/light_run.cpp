#include "app/cli/light_run.h"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstring>

#include "app/cli/command.h"
#include "app/cli/command_line.h"
#include "app/common/engine_files.h"
#include "app/output/frame_sink_factory.h"

namespace ossynapse::cli {

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
    });
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
    QObject::connect(&m_signals, &ExitSignals::received, &m_loop, [this](int signal) {
        std::fprintf(stderr, "%s: %s: darkening the targets\n", m_verb.toUtf8().constData(),
                     sigabbrev_np(signal) != nullptr ? sigabbrev_np(signal) : "signal");
        finish(128 + signal);
        if (m_interrupt) {
            m_interrupt();
        }
    });
    QObject::connect(&m_status, &QTimer::timeout, &m_loop, [this] { report("sent"); });
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
