// The live path's latency, end to end: `ossynapse stream --to ddp://…` against a chat server
// of our own on loopback, a UDP receiver beside it. Measures, per run, the time from the
// server writing the first token to the first lit DDP frame, and from the last token to the
// first all-off frame after it; prints medians of the runs. The stream: 50 content tokens at
// 50 tokens/s, after 300 ms of silence.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkDatagram>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUdpSocket>
#include <algorithm>
#include <cstdio>
#include <optional>
#include <vector>

#include "core/ddp.h"

namespace {

constexpr int kRuns = 9;
constexpr int kTokens = 50;
constexpr int kTokenIntervalMs = 20;
constexpr int kSilenceMs = 300;

struct Run {
    std::optional<double> toLitMs;
    std::optional<double> toDarkMs;
};

Run runOnce() {
    QElapsedTimer clock;
    clock.start();
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    QUdpSocket receiver;
    receiver.bind(QHostAddress::LocalHost, 0);
    qint64 firstTokenNs = -1;
    qint64 lastTokenNs = -1;
    qint64 firstLitNs = -1;
    qint64 darkNs = -1;
    int tokensSent = 0;
    QTimer tokens;
    QTcpSocket* client = nullptr;
    QByteArray request;

    QObject::connect(&server, &QTcpServer::newConnection, [&] {
        client = server.nextPendingConnection();
        QObject::connect(client, &QTcpSocket::readyRead, [&] {
            request += client->readAll();
            const qsizetype headerEnd = request.indexOf("\r\n\r\n");
            const qsizetype length = request.indexOf("Content-Length: ") >= 0
                                         ? request.mid(request.indexOf("Content-Length: ") + 16)
                                               .split('\r')
                                               .value(0)
                                               .toLongLong()
                                         : 0;
            if (headerEnd < 0 || request.size() < headerEnd + 4 + length || tokens.isActive() ||
                tokensSent > 0) {
                return;
            }
            client->write(
                "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: "
                "no-cache\r\nConnection: close\r\n\r\n");
            client->flush();
            QTimer::singleShot(kSilenceMs, [&] { tokens.start(kTokenIntervalMs); });
        });
    });
    QObject::connect(&tokens, &QTimer::timeout, [&] {
        client->write("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"word \"}}]}\n\n");
        client->flush();
        const qint64 now = clock.nsecsElapsed();
        firstTokenNs = firstTokenNs < 0 ? now : firstTokenNs;
        lastTokenNs = now;
        if (++tokensSent == kTokens) {
            tokens.stop();
            client->write(
                "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                "data: [DONE]\n\n");
            client->disconnectFromHost();
        }
    });
    QObject::connect(&receiver, &QUdpSocket::readyRead, [&] {
        while (receiver.hasPendingDatagrams()) {
            const QByteArray data = receiver.receiveDatagram().data();
            const qint64 now = clock.nsecsElapsed();
            const auto packet = ossynapse::ddp::decode(
                std::span(reinterpret_cast<const std::uint8_t*>(data.constData()),
                          static_cast<std::size_t>(data.size())));
            if (!packet) {
                continue;
            }
            const bool lit = std::any_of(packet->data.begin(), packet->data.end(),
                                         [](std::uint8_t b) { return b != 0; });
            if (lit && firstTokenNs >= 0 && firstLitNs < 0) {
                firstLitNs = now;
            }
            if (!lit && tokensSent == kTokens && firstLitNs >= 0 && darkNs < 0) {
                darkNs = now;
            }
        }
    });

    QProcess stream;
    stream.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    stream.setStandardOutputFile(QProcess::nullDevice());
    stream.start(QStringLiteral(OSSYNAPSE_CLI),
                 {QStringLiteral("stream"), QStringLiteral("--endpoint"),
                  QStringLiteral("http://127.0.0.1:%1/v1").arg(server.serverPort()),
                  QStringLiteral("--model"), QStringLiteral("bench"), QStringLiteral("--prompt"),
                  QStringLiteral("hi"), QStringLiteral("--to"),
                  QStringLiteral("ddp://127.0.0.1:%1").arg(receiver.localPort())});
    QEventLoop loop;
    QObject::connect(&stream, &QProcess::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    loop.exec();
    Run run;
    if (firstLitNs >= 0) {
        run.toLitMs = static_cast<double>(firstLitNs - firstTokenNs) * 1e-6;
    }
    if (darkNs >= 0) {
        run.toDarkMs = static_cast<double>(darkNs - lastTokenNs) * 1e-6;
    }
    return run;
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values.empty() ? -1.0 : values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    std::vector<double> toLit;
    std::vector<double> toDark;
    for (int i = 0; i < kRuns; ++i) {
        const Run run = runOnce();
        if (run.toLitMs) {
            toLit.push_back(*run.toLitMs);
        }
        if (run.toDarkMs) {
            toDark.push_back(*run.toDarkMs);
        }
    }
    std::printf(
        "live path, ossynapse stream --to ddp:// on loopback, %d runs of %d tokens at %d tokens/s "
        "(idle timeout 100 ms by default):\n"
        "  first token sent -> first lit frame: median %.1f ms (%zu runs lit)\n"
        "  last token sent -> all-off frame:    median %.1f ms (%zu runs went dark)\n",
        kRuns, kTokens, 1000 / kTokenIntervalMs, median(toLit), toLit.size(), median(toDark),
        toDark.size());
    return toLit.size() == kRuns && toDark.size() == kRuns ? 0 : 1;
}
