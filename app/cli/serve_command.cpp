#include <QCommandLineParser>
#include <QEventLoop>
#include <QHostAddress>
#include <cstdio>

#include "app/cli/command.h"
#include "app/cli/command_line.h"
#include "app/stream/recording_server.h"
#include "core/error.h"
#include "core/session_reader.h"

namespace ossynapse::cli {

int runServe(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Serves a recording as an OpenAI-compatible POST /v1/chat/completions streaming endpoint, "
        "with the recording's own timing: for demos without internet, and for tests."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("A session recording."));
    parser.addOptions({
        {QStringLiteral("port"), QStringLiteral("TCP port (default 8090; 0 picks a free one)."),
         QStringLiteral("P"), QStringLiteral("8090")},
        {QStringLiteral("host"), QStringLiteral("Address to listen on (default 127.0.0.1)."),
         QStringLiteral("ADDR"), QStringLiteral("127.0.0.1")},
        {QStringLiteral("speed"), QStringLiteral("Playback speed, 0.1 to 100 (default 1)."),
         QStringLiteral("X"), QStringLiteral("1")},
        {QStringLiteral("once"), QStringLiteral("Exit after serving one response.")},
    });
    if (!parseArguments(parser, arguments, 1)) {
        return 0;
    }
    const double speed = numberOption(parser, QStringLiteral("speed"), 0.1, 100.0);
    const double port = numberOption(parser, QStringLiteral("port"), 0, 65535);
    const QHostAddress host(parser.value(QStringLiteral("host")));
    if (host.isNull()) {
        throw UsageError("--host '" + parser.value(QStringLiteral("host")).toStdString() +
                         "' is not an IP address");
    }
    const std::string path = parser.positionalArguments().at(0).toStdString();
    LoadedSession loaded = readSessionFile(path);
    if (!loaded.report.clean()) {
        std::fprintf(stderr, "ossynapse serve: %s: %s\n", path.c_str(),
                     loaded.report.describe().c_str());
    }
    RecordingServer server(std::move(loaded.session), speed);
    if (!server.listen(host, static_cast<quint16>(port))) {
        throw InputError("cannot listen on " + host.toString().toStdString() + ":" +
                         std::to_string(static_cast<int>(port)) + ": " +
                         server.errorString().toStdString());
    }
    std::fprintf(stderr, "ossynapse serve: %s at http://%s:%u/v1/chat/completions (speed %g)\n",
                 path.c_str(), host.toString().toUtf8().constData(), server.port(), speed);
    std::fflush(stderr);
    QEventLoop loop;
    if (parser.isSet(QStringLiteral("once"))) {
        QObject::connect(&server, &RecordingServer::responseFinished, &loop, &QEventLoop::quit);
    }
    loop.exec();
    return 0;
}

}  // namespace ossynapse::cli
