#include <QNetworkDatagram>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTest>
#include <QUdpSocket>
#include <csignal>

#include "core/ddp.h"
#include "core/e131.h"

using namespace Qt::StringLiterals;

namespace {

struct Run {
    int exitCode;
    QByteArray out;
    QByteArray err;
};

Run cli(const QStringList& arguments) {
    QProcess process;
    process.start(QStringLiteral(OSSYNAPSE_CLI), arguments);
    if (!process.waitForFinished(60000)) {
        return {-1, {}, "did not finish"};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
            process.readAllStandardOutput(), process.readAllStandardError()};
}

QString bundled(const QString& name) {
    return QStringLiteral(OSSYNAPSE_RECORDINGS_DIR "/") + name;
}

// Starts `ossynapse ARGS` (a server that prints where it listens on stderr) and returns the
// first capture of `pattern` in what it printed, once it has.
QString startAndRead(QProcess& process, const QStringList& arguments, const QString& pattern) {
    process.start(QStringLiteral(OSSYNAPSE_CLI), arguments);
    if (!process.waitForStarted()) {
        return {};
    }
    process.setReadChannel(QProcess::StandardError);
    const QRegularExpression expression(pattern);
    QByteArray banner;
    QRegularExpressionMatch match;
    while (!(match = expression.match(QString::fromUtf8(banner))).hasMatch() &&
           process.waitForReadyRead(5000)) {
        banner += process.readAllStandardError();
    }
    return match.captured(1);
}

// What a UDP receiver on loopback got from `ossynapse replay` or `stream --to`.
struct Received {
    std::vector<std::vector<std::uint8_t>> frames;  // LED bytes of each DDP frame or E1.31 packet
    int terminated = 0;                             // E1.31 stream-terminated packets
    int framesAfterTerminated = 0;
};

void drain(QUdpSocket& socket, Received& received) {
    while (socket.hasPendingDatagrams()) {
        const QByteArray data = socket.receiveDatagram().data();
        const std::span bytes(reinterpret_cast<const std::uint8_t*>(data.constData()),
                              static_cast<std::size_t>(data.size()));
        if (const auto ddp = ossynapse::ddp::decode(bytes)) {
            received.frames.push_back(ddp->data);
        } else if (const auto e131 = ossynapse::e131::decode(bytes)) {
            if (e131->streamTerminated()) {
                ++received.terminated;
            } else {
                received.framesAfterTerminated += received.terminated > 0;
                received.frames.push_back(e131->data);
            }
        }
    }
}

bool lit(const std::vector<std::uint8_t>& rgb) {
    return std::any_of(rgb.begin(), rgb.end(), [](std::uint8_t b) { return b != 0; });
}

}  // namespace

// The verbs that drive lights in real time (`replay`, `stream --to`) as a user runs them,
// against real UDP receivers and servers on loopback.
class TestCliLights : public QObject {
    Q_OBJECT
  private slots:
    // `replay` exits 1 when no target received anything, and 0 while one did.
    void replayFailsWhenEveryTargetFailed_data() {
        QTest::addColumn<QStringList>("targets");
        QTest::addColumn<int>("exitCode");
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        const QString closed = u"seed-http://127.0.0.1:%1"_s.arg(probe.serverPort());
        probe.close();
        QTest::newRow("seed-http refused") << QStringList{closed} << 1;
        QTest::newRow("host that does not resolve")
            << QStringList{u"ddp://no-such-controller.invalid"_s} << 1;
        QTest::newRow("one of two reached")
            << QStringList{u"ddp://no-such-controller.invalid"_s, u"ddp://127.0.0.1:9"_s} << 0;
    }
    void replayFailsWhenEveryTargetFailed() {
        QFETCH(QStringList, targets);
        QFETCH(int, exitCode);
        QStringList arguments{u"replay"_s, bundled(u"short-answer.jsonl"_s), u"--speed"_s, u"4"_s};
        for (const QString& target : targets) {
            arguments << u"--to"_s << target;
        }
        const Run run = cli(arguments);
        QCOMPARE(run.exitCode, exitCode);
        QCOMPARE(run.err.contains("ossynapse replay: error: no target received anything"),
                 exitCode == 1);
    }

    // A target URI with an option nobody understands is refused before anything plays.
    void replayRefusesUnknownOptions() {
        const Run run = cli({u"replay"_s, bundled(u"short-answer.jsonl"_s), u"--to"_s,
                             u"e131://127.0.0.1?universe=2&latancy_ms=40"_s});
        QCOMPARE(run.exitCode, 2);
        QCOMPARE(
            QString::fromUtf8(run.err).trimmed(),
            u"ossynapse replay: error: output 'e131://127.0.0.1?universe=2&latancy_ms=40': unknown option 'latancy_ms' (e131:// takes universe, priority, latency_ms, leds) (try 'ossynapse replay --help')"_s);
    }

    // Ctrl+C or SIGTERM in the middle of a replay leaves the real skull dark: the receiver's
    // last frame is black and an E1.31 receiver is told the stream ended.
    void replayDarkensTheTargetsOnASignal_data() {
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<int>("signal");
        QTest::newRow("DDP, SIGTERM") << u"ddp"_s << SIGTERM;
        QTest::newRow("DDP, SIGINT") << u"ddp"_s << SIGINT;
        QTest::newRow("E1.31, SIGTERM") << u"e131"_s << SIGTERM;
        QTest::newRow("E1.31, SIGINT") << u"e131"_s << SIGINT;
    }
    void replayDarkensTheTargetsOnASignal() {
        QFETCH(QString, scheme);
        QFETCH(int, signal);
        QUdpSocket receiver;
        QVERIFY(receiver.bind(QHostAddress::LocalHost, 0));
        Received received;
        connect(&receiver, &QUdpSocket::readyRead, this, [&] { drain(receiver, received); });
        QProcess replay;
        replay.start(QStringLiteral(OSSYNAPSE_CLI),
                     {u"replay"_s, bundled(u"burst-heavy.jsonl"_s), u"--to"_s,
                      u"%1://127.0.0.1:%2"_s.arg(scheme).arg(receiver.localPort())});
        QVERIFY(replay.waitForStarted());
        // Lit, and still lit a moment later: the signal lands on a lit skull.
        QTRY_VERIFY_WITH_TIMEOUT(received.frames.size() > 50 && lit(received.frames.back()), 15000);
        ::kill(static_cast<pid_t>(replay.processId()), signal);
        QVERIFY(replay.waitForFinished(5000));
        QCOMPARE(replay.exitStatus(), QProcess::NormalExit);
        QCOMPARE(replay.exitCode(), 128 + signal);
        QTRY_VERIFY(received.frames.size() > 0 && !lit(received.frames.back()));
        QVERIFY2(replay.readAllStandardError().contains(": darkening the targets"), "no word");
        if (scheme == u"e131"_s) {
            QTRY_COMPARE(received.terminated, 3);
            QCOMPARE(received.framesAfterTerminated, 0);
        }
    }

    // `stream --to` drives a target live, as replay does: lit while the answer streams, dark
    // (a black last frame) once it has ended.
    void streamDrivesTargetsLive() {
        QProcess server;
        const QString port = startAndRead(
            server,
            {u"serve"_s, bundled(u"short-answer.jsonl"_s), u"--port"_s, u"0"_s, u"--once"_s},
            u"http://127\\.0\\.0\\.1:(\\d+)/v1"_s);
        QVERIFY(!port.isEmpty());
        QUdpSocket receiver;
        QVERIFY(receiver.bind(QHostAddress::LocalHost, 0));
        Received received;
        connect(&receiver, &QUdpSocket::readyRead, this, [&] { drain(receiver, received); });
        QProcess stream;
        stream.start(QStringLiteral(OSSYNAPSE_CLI),
                     {u"stream"_s, u"--endpoint"_s, u"http://127.0.0.1:"_s + port + u"/v1"_s,
                      u"--model"_s, u"replay"_s, u"--prompt"_s, u"hello"_s, u"--to"_s,
                      u"ddp://127.0.0.1:%1"_s.arg(receiver.localPort())});
        QTRY_VERIFY_WITH_TIMEOUT(stream.state() == QProcess::NotRunning, 30000);
        QCOMPARE(stream.exitCode(), 0);
        QTest::qWait(50);
        drain(receiver, received);
        const auto litFrames = std::count_if(received.frames.begin(), received.frames.end(), lit);
        QVERIFY2(litFrames > 20, qPrintable(QString::number(litFrames)));
        QVERIFY(!lit(received.frames.back()));
        const QByteArray err = stream.readAllStandardError();
        QVERIFY2(err.contains("ossynapse stream: complete"), err.constData());
        QVERIFY2(err.contains("ddp://127.0.0.1:"), err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliLights)
#include "tst_cli_lights.moc"
