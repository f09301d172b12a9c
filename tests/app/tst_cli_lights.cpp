#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkDatagram>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUdpSocket>
#include <csignal>
#include <optional>

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

// The frames of `render --out X.jsonl`, one JSON object per line.
std::vector<QJsonObject> renderedFrames(const QString& path) {
    QFile file(path);
    std::vector<QJsonObject> frames;
    if (file.open(QIODevice::ReadOnly)) {
        while (!file.atEnd()) {
            frames.push_back(QJsonDocument::fromJson(file.readLine()).object());
        }
    }
    return frames;
}

std::vector<std::uint8_t> ledBytes(const QJsonObject& frame) {
    const QByteArray bytes = QByteArray::fromHex(frame.value(u"leds"_s).toString().toLatin1());
    return {bytes.begin(), bytes.end()};
}

// A free UDP port on loopback for a receiver this test starts as a program.
quint16 freeUdpPort() {
    QUdpSocket probe;
    probe.bind(QHostAddress::LocalHost, 0);
    return probe.localPort();
}

// One state bundle as liblo's oscdump printed it ("<timetag> <address> f <value>" per message).
struct OscState {
    double t = 0.0;
    std::map<QString, double> values;  // by address
};

std::vector<OscState> parseOscdump(const QByteArray& dump) {
    std::vector<OscState> states;
    for (const QByteArray& line : dump.split('\n')) {
        const QList<QByteArray> fields = line.split(' ');
        if (fields.size() != 4 || fields[2] != "f") {
            continue;
        }
        const QString address = QString::fromLatin1(fields[1]);
        const double value = fields[3].toDouble();
        if (address == u"/ossynapse/time"_s) {
            states.push_back({value, {}});
        } else if (!states.empty()) {
            states.back().values[address] = value;
        }
    }
    return states;
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

    // Found in a trial: Ctrl+C while a finished replay was still darkening its targets (here a
    // target with 1.5 s of latency) exited 0, so a shell loop over replays would not stop. The
    // darkening still runs to its end, and the code says the run was interrupted.
    void signalWhileDarkeningStillSaysInterrupted() {
        QUdpSocket receiver;
        QVERIFY(receiver.bind(QHostAddress::LocalHost, 0));
        QProcess replay;
        const QString ended = startAndRead(
            replay,
            {u"replay"_s, bundled(u"short-answer.jsonl"_s), u"--speed"_s, u"4"_s, u"--to"_s,
             u"ddp://127.0.0.1:%1?latency_ms=1500"_s.arg(receiver.localPort())},
            u"(the session ended: darkening the targets)"_s);
        QVERIFY2(!ended.isEmpty(), "the replay did not end");
        ::kill(static_cast<pid_t>(replay.processId()), SIGINT);
        QVERIFY(replay.waitForFinished(10000));
        QCOMPARE(replay.exitStatus(), QProcess::NormalExit);
        QCOMPARE(replay.exitCode(), 128 + SIGINT);
        QVERIFY2(replay.readAllStandardError().contains(": INT while darkening the targets"),
                 "no word");
        Received received;
        drain(receiver, received);
        QVERIFY(!received.frames.empty());
        QVERIFY(!lit(received.frames.back()));
    }

    // A performer's OSC message to a running replay changes the light as `render --params`
    // predicts: every frame before it is the recording's own, every frame after it is the frame
    // the new parameters give at that time (liblo's oscsend, a DDP receiver on loopback).
    void replayFollowsOscControls() {
        const QString recording = bundled(u"burst-heavy.jsonl"_s);
        QTemporaryDir dir;
        QFile source(recording);
        QVERIFY(source.open(QIODevice::ReadOnly));
        QJsonObject parameters =
            QJsonDocument::fromJson(source.readLine()).object().value(u"parameters"_s).toObject();
        QVERIFY(!parameters.isEmpty());
        parameters[u"master_brightness"_s] = 0.25;
        QFile dimmed(dir.filePath(u"dimmed.json"_s));
        QVERIFY(dimmed.open(QIODevice::WriteOnly));
        dimmed.write(QJsonDocument(parameters).toJson());
        dimmed.close();
        const QString plainOut = dir.filePath(u"plain.jsonl"_s);
        const QString dimOut = dir.filePath(u"dim.jsonl"_s);
        QCOMPARE(cli({u"render"_s, recording, u"--fps"_s, u"100"_s, u"--out"_s, plainOut}).exitCode,
                 0);
        QCOMPARE(cli({u"render"_s, recording, u"--fps"_s, u"100"_s, u"--params"_s,
                      dimmed.fileName(), u"--out"_s, dimOut})
                     .exitCode,
                 0);
        std::vector<std::vector<std::uint8_t>> plain;
        std::vector<std::vector<std::uint8_t>> dim;
        for (const QJsonObject& frame : renderedFrames(plainOut)) {
            plain.push_back(ledBytes(frame));
        }
        for (const QJsonObject& frame : renderedFrames(dimOut)) {
            dim.push_back(ledBytes(frame));
        }
        QVERIFY(plain.size() > 1000 && plain.size() == dim.size());

        QUdpSocket receiver;
        QVERIFY(receiver.bind(QHostAddress::LocalHost, 0));
        Received received;
        connect(&receiver, &QUdpSocket::readyRead, this, [&] { drain(receiver, received); });
        QProcess replay;
        const QString oscPort =
            startAndRead(replay,
                         {u"replay"_s, recording, u"--osc-port"_s, u"0"_s, u"--to"_s,
                          u"ddp://127.0.0.1:%1"_s.arg(receiver.localPort())},
                         u"listening for OSC on UDP port (\\d+)"_s);
        QVERIFY(!oscPort.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(received.frames.size() > 100 && lit(received.frames.back()),
                                 15000);
        QProcess oscsend;
        oscsend.start(u"oscsend"_s, {u"127.0.0.1"_s, oscPort, u"/ossynapse/master_brightness"_s,
                                     u"f"_s, u"0.25"_s});
        QVERIFY(oscsend.waitForFinished(10000));
        QCOMPARE(oscsend.exitCode(), 0);
        const std::size_t atMessage = received.frames.size();
        QTRY_VERIFY_WITH_TIMEOUT(received.frames.size() > atMessage + 300, 15000);
        ::kill(static_cast<pid_t>(replay.processId()), SIGTERM);
        QVERIFY(replay.waitForFinished(5000));
        const QByteArray err = replay.readAllStandardError();
        QVERIFY2(err.contains("ossynapse replay: osc: master_brightness = 0.25"), err.constData());

        // Walk the received frames through the renders in order: the recording's own frames
        // first, then, from the change on, only the dimmed render's. The last frame is the
        // darkening one.
        std::size_t at = 0;
        bool changed = false;
        int dimmedAndLit = 0;
        const auto find = [&at](const std::vector<std::vector<std::uint8_t>>& frames,
                                const std::vector<std::uint8_t>& frame,
                                std::size_t index) -> std::optional<std::size_t> {
            // A frame that repeats (a steady glow) may have matched a little ahead of its time,
            // or, matched early in a long glow, left `at` behind: the window reaches past both.
            const std::size_t end = std::min(frames.size(), std::max(at, index) + 100);
            for (std::size_t j = at > 20 ? at - 20 : 0; j < end; ++j) {
                if (frames[j] == frame) {
                    return j;
                }
            }
            return std::nullopt;
        };
        for (std::size_t i = 0; i + 1 < received.frames.size(); ++i) {
            const std::vector<std::uint8_t>& frame = received.frames[i];
            if (!changed) {
                if (const auto j = find(plain, frame, i)) {
                    at = *j;
                    continue;
                }
                changed = true;
            }
            const auto j = find(dim, frame, i);
            QVERIFY2(j.has_value(),
                     qPrintable(u"frame %1 of %2 is neither render's (from %3)"_s.arg(i)
                                    .arg(received.frames.size())
                                    .arg(at)));
            at = *j;
            dimmedAndLit += lit(frame) && frame != plain[at];
        }
        QVERIFY(changed);
        QVERIFY2(dimmedAndLit > 100, qPrintable(QString::number(dimmedAndLit)));
        QVERIFY(!lit(received.frames.back()));
    }

    // `--to osc://` sends the engine's state to a follower (liblo's oscdump on loopback): the
    // session time and, per channel, the rate and level `render` computes at that time, per lobe
    // its level; every frame, or at ?rate=N one per 1/N s of session time, and dark at the end.
    void replayStateReachesOscdump_data() {
        QTest::addColumn<int>("rate");
        QTest::newRow("every frame") << 0;
        QTest::newRow("20 a second") << 20;
    }
    void replayStateReachesOscdump() {
        QFETCH(int, rate);
        const QString recording = bundled(u"short-answer.jsonl"_s);
        QTemporaryDir dir;
        const QString renderOut = dir.filePath(u"frames.jsonl"_s);
        QCOMPARE(
            cli({u"render"_s, recording, u"--fps"_s, u"100"_s, u"--out"_s, renderOut}).exitCode, 0);
        const std::vector<QJsonObject> rendered = renderedFrames(renderOut);
        QVERIFY(rendered.size() > 100);

        const quint16 port = freeUdpPort();
        QProcess dump;
        dump.start(u"oscdump"_s, {u"-L"_s, QString::number(port)});
        QVERIFY(dump.waitForStarted());
        QTest::qWait(300);  // oscdump prints nothing when it is ready
        QString target = u"osc://127.0.0.1:%1"_s.arg(port);
        if (rate > 0) {
            target += u"?rate=%1"_s.arg(rate);
        }
        const Run run = cli({u"replay"_s, recording, u"--to"_s, target});
        QCOMPARE(run.exitCode, 0);
        QTest::qWait(300);
        dump.kill();
        dump.waitForFinished();
        const std::vector<OscState> states = parseOscdump(dump.readAllStandardOutput());
        QVERIFY2(states.size() > 10, qPrintable(QString::number(states.size())));

        const double duration = states.back().t;
        const int lobes = static_cast<int>(std::count_if(
            states.front().values.begin(), states.front().values.end(),
            [](const auto& entry) { return entry.first.startsWith(u"/ossynapse/lobe/"_s); }));
        QVERIFY(lobes > 0);
        double brightestLobe = 0.0;
        for (std::size_t i = 0; i < states.size(); ++i) {
            const OscState& state = states[i];
            const auto frame = static_cast<std::size_t>(std::lround(state.t * 100.0));
            QVERIFY(frame < rendered.size());
            for (const QString& channel : {u"reasoning"_s, u"completion"_s}) {
                const QJsonObject expected = rendered[frame].value(channel).toObject();
                for (const QString& field : {u"rate"_s, u"level"_s}) {
                    const QString address = u"/ossynapse/channel/%1/%2"_s.arg(channel, field);
                    QVERIFY2(state.values.contains(address), qPrintable(address));
                    const double want = expected.value(field).toDouble();
                    QVERIFY2(i + 1 == states.size() ||
                                 std::abs(state.values.at(address) - want) <= 1e-4 * (1 + want),
                             qPrintable(u"%1 at %2 s: %3, render %4"_s.arg(address)
                                            .arg(state.t)
                                            .arg(state.values.at(address))
                                            .arg(want)));
                }
            }
            double brightestNow = 0.0;
            for (int lobe = 0; lobe < lobes; ++lobe) {
                brightestNow = std::max(brightestNow,
                                        state.values.at(u"/ossynapse/lobe/%1/level"_s.arg(lobe)));
            }
            brightestLobe = std::max(brightestLobe, brightestNow);
            if (rate > 0 && i > 0 && brightestNow > 0.0) {
                // One bundle per 1/rate s slot of session time; only the light going off may
                // come sooner.
                QVERIFY(std::floor(state.t * rate) > std::floor(states[i - 1].t * rate));
            }
        }
        QVERIFY(brightestLobe > 0.1);
        for (int lobe = 0; lobe < lobes; ++lobe) {
            QCOMPARE(states.back().values.at(u"/ossynapse/lobe/%1/level"_s.arg(lobe)), 0.0);
        }
        // Every slot (every engine frame, less those a busy machine merged into one tick).
        const double expected = rate > 0 ? duration * rate : duration * 100.0;
        const auto bundles = static_cast<double>(states.size());
        QVERIFY2(bundles >= (rate > 0 ? 0.8 : 0.5) * expected && bundles <= expected + 3,
                 qPrintable(u"%1 bundles in %2 s"_s.arg(states.size()).arg(duration)));
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
