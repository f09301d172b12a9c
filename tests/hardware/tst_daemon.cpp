#include <unistd.h>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkDatagram>
#include <QProcess>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUdpSocket>
#include <csignal>
#include <map>
#include <numeric>
#include <tuple>

#include "core/artnet.h"
#include "core/ddp.h"
#include "core/dmx_universe.h"
#include "core/e131.h"

// One E1.31 packet of a test: from source `cid` at `priority`, universe and sequence, every
// LED of the universe in `colour` (RRGGBB).
struct E131Send {
    std::uint8_t cid;
    std::uint8_t priority;
    std::uint16_t universe;
    std::uint8_t sequence;
    QByteArray colour;
};
Q_DECLARE_METATYPE(QList<E131Send>)

// The frames a receiver got against the rendered ones: every received frame is a rendered
// frame, byte for byte and in order, the last one (lights off) among them. A live sender sends
// only the newest frame of each engine tick, so a stall of the sending process skips frames
// (never sends them late in a burst): on a quiet machine none is skipped, on a loaded one some
// are, so only a floor of a quarter is checked.
QString compareToRender(const QStringList& received, const QStringList& expected) {
    qsizetype at = 0;
    for (const QString& frame : received) {
        while (at < expected.size() && expected[at] != frame) {
            ++at;
        }
        if (at == expected.size()) {
            return QStringLiteral("a received frame is not the next rendered one");
        }
        ++at;
    }
    if (received.isEmpty() || received.last() != expected.last() ||
        received.size() < expected.size() / 4) {
        return QStringLiteral("%1 of %2 rendered frames arrived")
            .arg(received.size())
            .arg(expected.size());
    }
    return {};
}

// ossynapsed as a process on loopback: frames in from `ossynapse replay` (or raw datagrams),
// its trace output read back and compared with `ossynapse render`.
class TestDaemon : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_rows = 0;                     // a folder of its own for each data row
    std::uint8_t m_e131Sequence = 0;    // of frameDatagram's E1.31 source, one for every daemon
    std::uint8_t m_artnetSequence = 0;  // of frameDatagram's Art-Net sender

    // The daemon under test. In a cross build (arm64 on an x86-64 machine) it runs under the
    // build's emulator (qemu-user): without binfmt_misc the kernel cannot start it directly.
    static void startOssynapsed(QProcess& process, const QStringList& arguments) {
        const QString emulator = QStringLiteral(OSSYNAPSED_EMULATOR);
        if (emulator.isEmpty()) {
            process.start(QStringLiteral(OSSYNAPSED), arguments);
        } else {
            process.start(emulator, QStringList{QStringLiteral(OSSYNAPSED)} + arguments);
        }
    }

    // SIGTERM to a running daemon. A process that never started or has ended has no pid, and
    // kill(0, …) would signal this test's own process group (ctest and the shell above it).
    static void sendSigterm(QProcess& process) {
        const qint64 pid = process.processId();
        if (pid > 0) {
            ::kill(static_cast<pid_t>(pid), SIGTERM);
        }
    }

    static quint16 freeUdpPort() {
        QUdpSocket probe;
        probe.bind(QHostAddress::LocalHost, 0);
        return probe.localPort();
    }

    static quint16 freeTcpPort() {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        return probe.serverPort();
    }

    struct Daemon {
        std::unique_ptr<QProcess> process;
        QString trace;
        quint16 ddpPort;
        quint16 e131Port;
        quint16 artnetPort;

        quint16 port(const QString& protocol) const {
            if (protocol == QLatin1String("ddp")) {
                return ddpPort;
            }
            return protocol == QLatin1String("e131") ? e131Port : artnetPort;
        }
        // The CLI's output URI of `protocol` to this daemon, on its first universe.
        QString target(const QString& protocol) const {
            if (protocol == QLatin1String("ddp")) {
                return QStringLiteral("ddp://127.0.0.1:%1").arg(ddpPort);
            }
            if (protocol == QLatin1String("e131")) {
                return QStringLiteral("e131://127.0.0.1:%1?universe=1").arg(e131Port);
            }
            return QStringLiteral("artnet://127.0.0.1:%1?universe=0").arg(artnetPort);
        }
    };

    // `traceOptions` follow the trace's file name: ",max_mb=1".
    Daemon startDaemon(const QString& name,
                       double timeoutS = 0.5,
                       const QStringList& extra = {},
                       const QString& traceOptions = {}) {
        Daemon daemon{std::make_unique<QProcess>(),
                      m_dir.filePath(name + QStringLiteral(".trace.jsonl")), freeUdpPort(),
                      freeUdpPort(), freeUdpPort()};
        daemon.process->setProcessChannelMode(QProcess::SeparateChannels);
        const QStringList arguments = {
            QStringLiteral("--output"),      QStringLiteral("trace:") + daemon.trace + traceOptions,
            QStringLiteral("--bind"),        QStringLiteral("127.0.0.1"),
            QStringLiteral("--ddp-port"),    QString::number(daemon.ddpPort),
            QStringLiteral("--e131-port"),   QString::number(daemon.e131Port),
            QStringLiteral("--artnet-port"), QString::number(daemon.artnetPort),
            QStringLiteral("--timeout"),     QString::number(timeoutS)};
        startOssynapsed(*daemon.process, arguments + extra);
        daemon.process->waitForStarted();
        // Ready once it has said where it listens.
        daemon.process->setReadChannel(QProcess::StandardError);
        QByteArray banner;
        while (!banner.contains("outputs:") && daemon.process->waitForReadyRead(5000)) {
            banner += daemon.process->readAllStandardError();
        }
        return daemon;
    }

    static int stop(Daemon& daemon, QByteArray* stderrText = nullptr) {
        sendSigterm(*daemon.process);
        daemon.process->waitForFinished(5000);
        if (stderrText != nullptr) {
            *stderrText = daemon.process->readAllStandardError();
        }
        return daemon.process->exitCode();
    }

    static QList<QJsonObject> traceLines(const QString& path) {
        QFile file(path);
        QList<QJsonObject> lines;
        if (file.open(QIODevice::ReadOnly)) {
            for (const QByteArray& line : file.readAll().split('\n')) {
                if (!line.isEmpty()) {
                    lines << QJsonDocument::fromJson(line).object();
                }
            }
        }
        return lines;
    }

    static QStringList ledsOf(const QList<QJsonObject>& lines) {
        QStringList leds;
        for (const QJsonObject& line : lines) {
            if (line.contains(QStringLiteral("leds"))) {
                leds << line.value(QStringLiteral("leds")).toString();
            }
        }
        return leds;
    }

    static int run(const QString& program, const QStringList& arguments) {
        QProcess process;
        process.start(program, arguments);
        process.waitForFinished(120000);
        return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    }

    // From 127.0.0.1, or from `from` (another loopback address: a second sender).
    static void sendRaw(quint16 port,
                        const QByteArray& datagram,
                        const QHostAddress& from = QHostAddress()) {
        QUdpSocket socket;
        if (!from.isNull()) {
            socket.bind(from, 0);
        }
        socket.writeDatagram(datagram, QHostAddress::LocalHost, port);
        socket.waitForBytesWritten(1000);
    }

    // From one socket, in order: loopback keeps their order, so once the daemon has shown the
    // last one it has read all the others.
    static void sendAll(quint16 port, const QByteArrayList& datagrams) {
        QUdpSocket socket;
        for (const QByteArray& datagram : datagrams) {
            socket.writeDatagram(datagram, QHostAddress::LocalHost, port);
            socket.waitForBytesWritten(1000);
        }
    }

    static QByteArray bytes(const std::vector<std::uint8_t>& data) {
        return QByteArray(reinterpret_cast<const char*>(data.data()),
                          static_cast<qsizetype>(data.size()));
    }

    // A DDP header (flags, sequence 1, type, id, offset, length) and `data`, laid out by hand so a
    // test can send what our own encoder never would.
    static QByteArray ddpDatagram(std::uint8_t flags,
                                  std::uint8_t type,
                                  std::uint8_t id,
                                  std::uint32_t offset,
                                  const QByteArray& data) {
        QByteArray datagram(10, '\0');
        datagram[0] = static_cast<char>(flags);
        datagram[1] = 1;
        datagram[2] = static_cast<char>(type);
        datagram[3] = static_cast<char>(id);
        for (int i = 0; i < 4; ++i) {
            datagram[4 + i] = static_cast<char>(offset >> (24 - 8 * i));
        }
        datagram[8] = static_cast<char>(data.size() >> 8);
        datagram[9] = static_cast<char>(data.size());
        return datagram + data;
    }

    // Bytes 1, 2, 3, ... (wrapping past 255 to 0), so a shifted or truncated copy shows.
    static QByteArray ramp(int size) {
        QByteArray data(size, Qt::Uninitialized);
        for (int i = 0; i < size; ++i) {
            data[i] = static_cast<char>((i + 1) & 0xFF);
        }
        return data;
    }

    // One counter of the daemon's exit summary ("ossynapsed: 3 packets, 1 frames, 0 dropped,
    // ..."), or -1 when the summary does not name it.
    static qint64 counter(const QByteArray& log, const QByteArray& name) {
        for (const QByteArray& line : log.split('\n')) {
            if (!line.startsWith("ossynapsed: ") || !line.contains(" packets, ")) {
                continue;
            }
            for (const QByteArray& field : line.mid(12).split(',')) {
                const QByteArray trimmed = field.trimmed();
                const qsizetype space = trimmed.indexOf(' ');
                if (trimmed.mid(space + 1) == name) {
                    return trimmed.left(space).toLongLong();
                }
            }
        }
        return -1;
    }

  private slots:
    // Found in a trial: --help named DDP and E1.31 but not Art-Net, which it also receives.
    void helpNamesEveryReceivedProtocol_data() {
        QTest::addColumn<QString>("said");
        QTest::newRow("DDP") << QStringLiteral("DDP (UDP 4048)");
        QTest::newRow("E1.31") << QStringLiteral("E1.31 (UDP 5568)");
        QTest::newRow("Art-Net") << QStringLiteral("Art-Net ArtDmx (UDP 6454)");
        QTest::newRow("Art-Net option") << QStringLiteral("--artnet-port");
        // Found in a trial: --leds, --timeout and --bind gave no default.
        QTest::newRow("--leds default") << QStringLiteral("LEDs per frame (default 156)");
        QTest::newRow("--timeout default") << QStringLiteral("before all off (default 1)");
        QTest::newRow("--bind default") << QStringLiteral("listen on (default 0.0.0.0)");
        QTest::newRow("--ddp-port default") << QStringLiteral("0 = off (default 4048)");
    }
    void helpNamesEveryReceivedProtocol() {
        QFETCH(QString, said);
        QProcess daemon;
        startOssynapsed(daemon, {QStringLiteral("--help")});
        QVERIFY(daemon.waitForFinished(60000));
        QCOMPARE(daemon.exitCode(), 0);
        const QString help = QString::fromUtf8(daemon.readAllStandardOutput()).simplified();
        QVERIFY2(help.contains(said), qPrintable(help));
    }

    // The rig owns the wiring: the wire duties the daemon drives (its trace records what pwm2
    // and sysfs-pwm are given) are the render's duty_a/duty_b within one byte step on every
    // frame, and the red reasoning wire stays dark while reasoning is off (but for seed 000's
    // dual-channel heartbeat accent, which pulses both wires on a burst of either channel).
    void tracedWireDutiesAreTheRendersDuties_data() {
        QTest::addColumn<QString>("protocol");
        QTest::newRow("DDP") << QStringLiteral("ddp");
        QTest::newRow("E1.31") << QStringLiteral("e131");
        QTest::newRow("Art-Net") << QStringLiteral("artnet");
    }
    void tracedWireDutiesAreTheRendersDuties() {
        QFETCH(QString, protocol);
        const QString recording = QStringLiteral(OSSYNAPSE_RECORDINGS_DIR "/short-answer.jsonl");
        const QString reference = m_dir.filePath(protocol + QStringLiteral(".wires.render.jsonl"));
        QCOMPARE(run(QStringLiteral(OSSYNAPSE_CLI),
                     {QStringLiteral("render"), recording, QStringLiteral("--fps"),
                      QStringLiteral("100"), QStringLiteral("--out"), reference}),
                 0);
        struct Rendered {
            int dutyA;
            int dutyB;
            bool reasoningOff;
        };
        std::map<QString, std::vector<Rendered>> byLeds;
        int reasoningOffFrames = 0;
        for (const QJsonObject& line : traceLines(reference)) {
            const bool off = line.value(QStringLiteral("reasoning"))
                                     .toObject()
                                     .value(QStringLiteral("pattern"))
                                     .toString() == QLatin1String("off") &&
                             line.value(QStringLiteral("burst_accent")).toDouble() == 0.0;
            reasoningOffFrames += off;
            byLeds[line.value(QStringLiteral("leds")).toString()].push_back(
                {line.value(QStringLiteral("duty_a")).toInt(),
                 line.value(QStringLiteral("duty_b")).toInt(), off});
        }
        QVERIFY(reasoningOffFrames > 50);
        Daemon daemon = startDaemon(protocol + QStringLiteral("-wires"));
        const QString target = daemon.target(protocol);
        QCOMPARE(run(QStringLiteral(OSSYNAPSE_CLI),
                     {QStringLiteral("replay"), recording, QStringLiteral("--to"), target}),
                 0);
        QTest::qWait(200);
        QCOMPARE(stop(daemon), 0);
        int compared = 0;
        int litA = 0;
        for (const QJsonObject& line : traceLines(daemon.trace)) {
            if (!line.contains(QStringLiteral("leds"))) {
                continue;
            }
            const auto rendered = byLeds.find(line.value(QStringLiteral("leds")).toString());
            QVERIFY2(rendered != byLeds.end(), "a traced frame is not a rendered one");
            const int dutyA = line.value(QStringLiteral("duty_a")).toInt(-1);
            const int dutyB = line.value(QStringLiteral("duty_b")).toInt(-1);
            litA += dutyA > 0;
            // Frames with the same bytes may differ below one byte step in 16 bits.
            for (const Rendered& frame : rendered->second) {
                QVERIFY2(
                    std::abs(dutyA - frame.dutyA) <= 257 && std::abs(dutyB - frame.dutyB) <= 257,
                    qPrintable(QStringLiteral("traced %1/%2, rendered %3/%4")
                                   .arg(dutyA)
                                   .arg(dutyB)
                                   .arg(frame.dutyA)
                                   .arg(frame.dutyB)));
                if (frame.reasoningOff) {
                    QVERIFY2(dutyA <= 0.05 * 65535, qPrintable(QString::number(dutyA)));
                }
            }
            ++compared;
        }
        QVERIFY2(compared > 150, qPrintable(QString::number(compared)));
        QVERIFY(litA > 0);
    }

    // The daemon's wires follow a rig; a PWM output on a rig of another LED count is refused in
    // words before anything is driven.
    void rigThatDoesNotFitThePwmIsRefused() {
        QProcess daemon;
        startOssynapsed(daemon, {QStringLiteral("--check-config"), QStringLiteral("--output"),
                                 QStringLiteral("pwm2:chip=gpiochip0"), QStringLiteral("--leds"),
                                 QStringLiteral("200")});
        QVERIFY(daemon.waitForFinished(10000));
        QCOMPARE(daemon.exitCode(), 2);
        const QByteArray error = daemon.readAllStandardError();
        QVERIFY2(error.contains("the default skull has 156 LEDs but frames have 200") &&
                     error.contains("--rig FILE"),
                 error.constData());

        QProcess fitting;
        startOssynapsed(fitting, {QStringLiteral("--check-config"), QStringLiteral("--output"),
                                  QStringLiteral("pwm2:chip=gpiochip0"), QStringLiteral("--leds"),
                                  QStringLiteral("200"), QStringLiteral("--rig"), writeRig(200)});
        QVERIFY(fitting.waitForFinished(10000));
        QCOMPARE(fitting.exitCode(), 0);
        QVERIFY(fitting.readAllStandardOutput().contains("rig 'two universes'"));
    }

    // The daemon's trace holds exactly the frames `ossynapse render` computes: same LED bytes,
    // in order, none missing at the rendered rate.
    void replayedFramesArriveWhole_data() {
        QTest::addColumn<QString>("protocol");
        QTest::newRow("DDP") << QStringLiteral("ddp");
        QTest::newRow("E1.31") << QStringLiteral("e131");
        QTest::newRow("Art-Net") << QStringLiteral("artnet");
    }
    void replayedFramesArriveWhole() {
        QFETCH(QString, protocol);
        const QString recording = QStringLiteral(OSSYNAPSE_RECORDINGS_DIR "/short-answer.jsonl");
        const QString reference = m_dir.filePath(protocol + QStringLiteral(".render.jsonl"));
        QCOMPARE(run(QStringLiteral(OSSYNAPSE_CLI),
                     {QStringLiteral("render"), recording, QStringLiteral("--fps"),
                      QStringLiteral("100"), QStringLiteral("--out"), reference}),
                 0);
        Daemon daemon = startDaemon(protocol);
        const QString target = daemon.target(protocol);
        QCOMPARE(run(QStringLiteral(OSSYNAPSE_CLI),
                     {QStringLiteral("replay"), recording, QStringLiteral("--to"), target}),
                 0);
        QTest::qWait(200);
        QByteArray log;
        QCOMPARE(stop(daemon, &log), 0);
        const QStringList expected = ledsOf(traceLines(reference));
        const QStringList received = ledsOf(traceLines(daemon.trace));
        QVERIFY(expected.size() > 150);
        const QString mismatch = compareToRender(received, expected);
        QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
        if (protocol == QLatin1String("e131")) {
            // The stream-terminated packets released the lights at once.
            QVERIFY2(log.contains("all off (the sender ended its stream)"), log.constData());
        }
    }

    // A rig of `leds` LEDs in two lobes (activity and reasoning), written where the test can
    // hand it to render and replay.
    QString writeRig(int leds) {
        QJsonArray lobes;
        const QStringList metrics = {QStringLiteral("activity"), QStringLiteral("reasoning")};
        for (int lobe = 0; lobe < 2; ++lobe) {
            QJsonArray ledArray;
            for (int i = lobe * leds / 2; i < (lobe + 1) * leds / 2; ++i) {
                ledArray.append(QJsonObject{{QStringLiteral("pos"), QJsonArray{i, 0, 0}},
                                            {QStringLiteral("strip"), i}});
            }
            lobes.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("lobe %1").arg(lobe)},
                                     {QStringLiteral("metric"), metrics.at(lobe)},
                                     {QStringLiteral("color"), QStringLiteral("#ff8040")},
                                     {QStringLiteral("leds"), ledArray}});
        }
        const QJsonObject rig{{QStringLiteral("format"), QStringLiteral("ossynapse-rig")},
                              {QStringLiteral("version"), 1},
                              {QStringLiteral("name"), QStringLiteral("two universes")},
                              {QStringLiteral("lobes"), lobes}};
        const QString path = m_dir.filePath(QStringLiteral("rig-%1.json").arg(leds));
        QFile file(path);
        file.open(QIODevice::WriteOnly);
        file.write(QJsonDocument(rig).toJson());
        return path;
    }

    // Multicast E1.31: each universe of a 200-LED frame goes to its own group (239.255.0.1 and
    // .2), the daemon joins both, and the frames arrive whole; stream-terminated reaches every
    // universe. Needs an interface that carries multicast; a machine without one says so.
    void multicastFramesSpanningTwoUniversesArriveWhole() {
        const QString recording = QStringLiteral(OSSYNAPSE_RECORDINGS_DIR "/short-answer.jsonl");
        const QString rig = writeRig(200);
        const QString reference = m_dir.filePath(QStringLiteral("multicast.render.jsonl"));
        QCOMPARE(run(QStringLiteral(OSSYNAPSE_CLI),
                     {QStringLiteral("render"), recording, QStringLiteral("--fps"),
                      QStringLiteral("100"), QStringLiteral("--rig"), rig, QStringLiteral("--out"),
                      reference}),
                 0);
        QUdpSocket probe;
        if (!probe.bind(QHostAddress::AnyIPv4, 0) ||
            !probe.joinMulticastGroup(QHostAddress(QStringLiteral("239.255.0.1")))) {
            QSKIP("no interface here carries multicast");
        }
        Daemon daemon = startDaemon(
            QStringLiteral("multicast"), 0.5,
            {QStringLiteral("--bind"), QStringLiteral("0.0.0.0"), QStringLiteral("--multicast"),
             QStringLiteral("--leds"), QStringLiteral("200")});
        // A listener beside the daemon sees where each universe was addressed: a receiver that
        // joined only its own universe's group must get that universe.
        QUdpSocket listener;
        QVERIFY(listener.bind(QHostAddress::AnyIPv4, daemon.e131Port,
                              QUdpSocket::ShareAddress | QUdpSocket::ReuseAddressHint));
        QVERIFY(listener.joinMulticastGroup(QHostAddress(QStringLiteral("239.255.0.1"))));
        QVERIFY(listener.joinMulticastGroup(QHostAddress(QStringLiteral("239.255.0.2"))));
        const QString target = QStringLiteral("e131://239.255.0.1:%1").arg(daemon.e131Port);
        // Drained as it arrives: a socket buffer holds only a second or so of this stream.
        std::map<int, int> packetsPerUniverse;
        std::map<int, int> terminatedPerUniverse;
        QStringList misaddressed;
        connect(&listener, &QUdpSocket::readyRead, this, [&] {
            while (listener.hasPendingDatagrams()) {
                const QNetworkDatagram datagram = listener.receiveDatagram();
                const QByteArray data = datagram.data();
                const auto packet = ossynapse::e131::decode(
                    std::span(reinterpret_cast<const std::uint8_t*>(data.constData()),
                              std::size_t(data.size())));
                if (!packet) {
                    misaddressed << QStringLiteral("undecodable packet");
                    continue;
                }
                const QHostAddress group(
                    QString::fromStdString(ossynapse::e131::multicastGroup(packet->universe)));
                if (datagram.destinationAddress() != group) {
                    misaddressed << QStringLiteral("universe %1 sent to %2")
                                        .arg(packet->universe)
                                        .arg(datagram.destinationAddress().toString());
                }
                ++packetsPerUniverse[packet->universe];
                if ((packet->options & ossynapse::e131::kOptionStreamTerminated) != 0) {
                    ++terminatedPerUniverse[packet->universe];
                }
            }
        });
        QProcess replay;
        replay.start(QStringLiteral(OSSYNAPSE_CLI),
                     {QStringLiteral("replay"), recording, QStringLiteral("--rig"), rig,
                      QStringLiteral("--to"), target});
        QTRY_VERIFY_WITH_TIMEOUT(replay.state() == QProcess::NotRunning, 60000);
        QCOMPARE(replay.exitCode(), 0);
        QTest::qWait(200);
        QVERIFY2(misaddressed.isEmpty(),
                 qPrintable(misaddressed.mid(0, 3).join(QStringLiteral("; "))));
        QVERIFY(packetsPerUniverse[1] > 40);  // of about 180 frames; a loaded machine skips some
        QCOMPARE(packetsPerUniverse[2], packetsPerUniverse[1]);
        QCOMPARE(terminatedPerUniverse[1], 3);
        QCOMPARE(terminatedPerUniverse[2], 3);
        QByteArray log;
        QCOMPARE(stop(daemon, &log), 0);
        const QStringList expected = ledsOf(traceLines(reference));
        const QStringList received = ledsOf(traceLines(daemon.trace));
        QVERIFY(expected.size() > 150);
        QCOMPARE(expected.first().size(), 200 * 6);  // hex: two digits a byte, three bytes an LED
        const QString mismatch = compareToRender(received, expected);
        QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
        QVERIFY2(log.contains("all off (the sender ended its stream)"), log.constData());
    }

    // The seed's own protocol: token rates over POST /update, the daemon running the engine.
    // Timing crosses a network, so the frames match the render in what is lit, not byte for byte.
    void seedUpdateDrivesTheDaemonsEngine() {
        const QString recording = QStringLiteral(OSSYNAPSE_RECORDINGS_DIR "/burst-heavy.jsonl");
        const QString reference = m_dir.filePath(QStringLiteral("seed.render.jsonl"));
        QCOMPARE(run(QStringLiteral(OSSYNAPSE_CLI),
                     {QStringLiteral("render"), recording, QStringLiteral("--fps"),
                      QStringLiteral("100"), QStringLiteral("--out"), reference}),
                 0);
        const quint16 httpPort = freeTcpPort();
        QProcess daemon;
        const QString trace = m_dir.filePath(QStringLiteral("seed.trace.jsonl"));
        startOssynapsed(
            daemon,
            {QStringLiteral("--output"), QStringLiteral("trace:") + trace, QStringLiteral("--bind"),
             QStringLiteral("127.0.0.1"), QStringLiteral("--ddp-port"), QStringLiteral("0"),
             QStringLiteral("--e131-port"), QStringLiteral("0"), QStringLiteral("--artnet-port"),
             QStringLiteral("0"), QStringLiteral("--http-port"), QString::number(httpPort),
             QStringLiteral("--timeout"), QStringLiteral("0.5")});
        QVERIFY(daemon.waitForStarted());
        daemon.setReadChannel(QProcess::StandardError);
        QByteArray banner;
        while (!banner.contains("outputs:") && daemon.waitForReadyRead(5000)) {
            banner += daemon.readAllStandardError();
        }
        QCOMPARE(run(QStringLiteral(OSSYNAPSE_CLI),
                     {QStringLiteral("replay"), recording, QStringLiteral("--to"),
                      QStringLiteral("seed-http://127.0.0.1:%1").arg(httpPort)}),
                 0);
        QTest::qWait(800);
        sendSigterm(daemon);
        QVERIFY(daemon.waitForFinished(5000));
        const auto litFrames = [](const QStringList& leds) {
            return std::count_if(leds.begin(), leds.end(), [](const QString& hex) {
                return std::any_of(hex.begin(), hex.end(),
                                   [](QChar c) { return c != QLatin1Char('0'); });
            });
        };
        const auto expected = litFrames(ledsOf(traceLines(reference)));
        const auto received = litFrames(ledsOf(traceLines(trace)));
        QVERIFY(expected > 500);
        QVERIFY2(
            std::abs(received - expected) < expected / 20,
            qPrintable(
                QStringLiteral("lit frames: render %1, daemon %2").arg(expected).arg(received)));
        QVERIFY(traceLines(trace).last().value(QStringLiteral("off")).toBool());
    }

    void seedUpdateRefusesBadRequests_data() {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        const auto post = [](const QByteArray& body, const QByteArray& extra = {}) {
            return "POST /update HTTP/1.1\r\nHost: x\r\n" + extra +
                   "Content-Type: application/json\r\nContent-Length: " +
                   QByteArray::number(body.size()) + "\r\n\r\n" + body;
        };
        QTest::newRow("good, with the token")
            << post(R"({"channel":"reasoning","delta":3,"duration":0.1})",
                    "Authorization: Bearer s3cret\r\n")
            << 200;
        QTest::newRow("no token") << post(R"({"channel":"reasoning","delta":3,"duration":0.1})")
                                  << 401;
        QTest::newRow("wrong token") << post(R"({"channel":"reasoning","delta":3,"duration":0.1})",
                                             "Authorization: Bearer nope\r\n")
                                     << 401;
        QTest::newRow("bad channel") << post(R"({"channel":"thinking","delta":3,"duration":0.1})",
                                             "Authorization: Bearer s3cret\r\n")
                                     << 400;
        QTest::newRow("zero duration") << post(R"({"channel":"completion","delta":3,"duration":0})",
                                               "Authorization: Bearer s3cret\r\n")
                                       << 400;
        QTest::newRow("not JSON") << post("hello", "Authorization: Bearer s3cret\r\n") << 400;
        QTest::newRow("other path") << QByteArray("GET / HTTP/1.1\r\n\r\n") << 404;
        // Content-Length as the head gives it, with no body after: the limits hold whatever it
        // says, refused at once (before any body, and before the token), never awaited.
        const auto promise = [](const QByteArray& length, const QByteArray& extra = {}) {
            return "POST /update HTTP/1.1\r\nHost: x\r\n" + extra + "Content-Length: " + length +
                   "\r\n\r\n";
        };
        QTest::newRow("Content-Length 2^63-1, no token") << promise("9223372036854775807") << 413;
        QTest::newRow("Content-Length 2^63-1, with the token")
            << promise("9223372036854775807", "Authorization: Bearer s3cret\r\n") << 413;
        QTest::newRow("Content-Length 2^64, past 64 bits")
            << promise("18446744073709551616") << 413;
        QTest::newRow("Content-Length one byte over 16 KiB, body never sent")
            << promise("16385", "Authorization: Bearer s3cret\r\n") << 413;
        QTest::newRow("Content-Length -1") << promise("-1") << 400;
        QTest::newRow("Content-Length +5") << promise("+5") << 400;
        QTest::newRow("Content-Length 12abc") << promise("12abc") << 400;
        QTest::newRow("Content-Length empty") << promise("") << 400;
        QTest::newRow("two different Content-Lengths")
            << QByteArray(
                   "POST /update HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}")
            << 400;
        QTest::newRow("a head over 8 KiB")
            << "POST /update HTTP/1.1\r\nX-Padding: " + QByteArray(9000, 'a') + "\r\n\r\n"
            << 431;
        QTest::newRow("Content-Length with spaces around it, with the token")
            << "POST /update HTTP/1.1\r\nAuthorization: Bearer s3cret\r\nContent-Length:  48 "
               "\r\n\r\n" +
                   QByteArray(R"({"channel":"reasoning","delta":3,"duration":0.1})")
            << 200;
    }
    void seedUpdateRefusesBadRequests() {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        const quint16 httpPort = freeTcpPort();
        QProcess daemon;
        startOssynapsed(
            daemon,
            {QStringLiteral("--output"),
             QStringLiteral("trace:") + m_dir.filePath(QStringLiteral("token.jsonl")),
             QStringLiteral("--bind"), QStringLiteral("127.0.0.1"), QStringLiteral("--ddp-port"),
             QStringLiteral("0"), QStringLiteral("--e131-port"), QStringLiteral("0"),
             QStringLiteral("--artnet-port"), QStringLiteral("0"), QStringLiteral("--http-port"),
             QString::number(httpPort), QStringLiteral("--token"), QStringLiteral("s3cret")});
        QVERIFY(daemon.waitForStarted());
        daemon.setReadChannel(QProcess::StandardError);
        QByteArray banner;
        while (!banner.contains("outputs:") && daemon.waitForReadyRead(5000)) {
            banner += daemon.readAllStandardError();
        }
        QVERIFY2(banner.contains("outputs:"), banner.constData());
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, httpPort);
        QVERIFY2(client.waitForConnected(3000), banner.constData());
        client.write(request);
        QVERIFY(client.waitForReadyRead(3000));
        const QByteArray reply = client.readAll();
        QVERIFY2(reply.startsWith("HTTP/1.1 " + QByteArray::number(status)), reply.constData());
        sendSigterm(daemon);
        QVERIFY(daemon.waitForFinished(5000));
        QCOMPARE(daemon.exitCode(), 0);
        const QByteArray log = daemon.readAllStandardError();
        QVERIFY2(log.contains(status >= 400 ? "ossynapsed: 1 /update requests refused\n"
                                            : "ossynapsed: 0 /update requests refused\n"),
                 log.constData());
    }

    // The daemon with /update on `httpPort` and the token s3cret, once it has said it listens.
    std::unique_ptr<QProcess> startSeedDaemon(quint16 httpPort) {
        auto daemon = std::make_unique<QProcess>();
        startOssynapsed(
            *daemon,
            {QStringLiteral("--output"),
             QStringLiteral("trace:") + m_dir.filePath(QStringLiteral("seed-limits.jsonl")),
             QStringLiteral("--bind"), QStringLiteral("127.0.0.1"), QStringLiteral("--ddp-port"),
             QStringLiteral("0"), QStringLiteral("--e131-port"), QStringLiteral("0"),
             QStringLiteral("--artnet-port"), QStringLiteral("0"), QStringLiteral("--http-port"),
             QString::number(httpPort), QStringLiteral("--token"), QStringLiteral("s3cret")});
        daemon->waitForStarted();
        daemon->setReadChannel(QProcess::StandardError);
        QByteArray banner;
        while (!banner.contains("outputs:") && daemon->waitForReadyRead(5000)) {
            banner += daemon->readAllStandardError();
        }
        return daemon;
    }

    // A connection whose request never arrives whole is answered 408 and closed by the daemon
    // (3 s after it connected), whatever part of it was sent.
    void seedUpdateClosesRequestsThatNeverArrive_data() {
        QTest::addColumn<QByteArray>("sent");
        QTest::newRow("nothing") << QByteArray();
        QTest::newRow("half a head") << QByteArray("POST /update HTTP/1.1\r\nHost: x\r\n");
        QTest::newRow("a head promising a body never sent") << QByteArray(
            "POST /update HTTP/1.1\r\nAuthorization: Bearer s3cret\r\nContent-Length: "
            "48\r\n\r\n{\"channel\"");
    }
    void seedUpdateClosesRequestsThatNeverArrive() {
        QFETCH(QByteArray, sent);
        const quint16 httpPort = freeTcpPort();
        const auto daemon = startSeedDaemon(httpPort);
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, httpPort);
        QVERIFY(client.waitForConnected(3000));
        client.write(sent);
        QVERIFY(client.waitForBytesWritten(3000) || sent.isEmpty());
        QVERIFY2(client.waitForReadyRead(15000), "the daemon never answered");
        const QByteArray reply = client.readAll();
        QVERIFY2(reply.startsWith("HTTP/1.1 408 "), reply.constData());
        QVERIFY(client.state() == QAbstractSocket::UnconnectedState ||
                client.waitForDisconnected(5000));
        sendSigterm(*daemon);
        QVERIFY(daemon->waitForFinished(5000));
        QCOMPARE(daemon->exitCode(), 0);
        const QByteArray log = daemon->readAllStandardError();
        QVERIFY2(log.contains("refused an /update (1 so far): {\"error\":\"the request did not "
                              "arrive whole within 3 s\"}"),
                 log.constData());
    }

    // 32 connections at a time: the 33rd is answered 503 and closed at once, and the 32 held
    // open are still served.
    void seedUpdateCapsConnections() {
        const quint16 httpPort = freeTcpPort();
        const auto daemon = startSeedDaemon(httpPort);
        std::vector<std::unique_ptr<QTcpSocket>> held;
        for (int i = 0; i < 32; ++i) {
            held.push_back(std::make_unique<QTcpSocket>());
            held.back()->connectToHost(QHostAddress::LocalHost, httpPort);
            QVERIFY(held.back()->waitForConnected(3000));
        }
        QTcpSocket extra;
        extra.connectToHost(QHostAddress::LocalHost, httpPort);
        QVERIFY(extra.waitForConnected(3000));
        QVERIFY2(extra.waitForReadyRead(3000), "the 33rd connection was not answered");
        const QByteArray refusal = extra.readAll();
        QVERIFY2(refusal.startsWith("HTTP/1.1 503 "), refusal.constData());
        QVERIFY(extra.state() == QAbstractSocket::UnconnectedState ||
                extra.waitForDisconnected(3000));
        const QByteArray body = R"({"channel":"reasoning","delta":3,"duration":0.1})";
        QTcpSocket& first = *held.front();
        first.write("POST /update HTTP/1.1\r\nAuthorization: Bearer s3cret\r\nContent-Length: " +
                    QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QVERIFY(first.waitForReadyRead(3000));
        const QByteArray reply = first.readAll();
        QVERIFY2(reply.startsWith("HTTP/1.1 200 "), reply.constData());
        held.clear();
        sendSigterm(*daemon);
        QVERIFY(daemon->waitForFinished(5000));
        QCOMPARE(daemon->exitCode(), 0);
    }

    // A row's files, written under `dir`: "name=contents", the name relative to the folder
    // (subfolders made as needed), "name/" a folder. "@" in contents and arguments is the folder.
    static QString writeFiles(const QString& dir, const QStringList& files) {
        QDir().mkpath(dir);
        for (const QString& entry : files) {
            const qsizetype equals = entry.indexOf(QLatin1Char('='));
            const QString name = entry.left(equals);
            if (name.endsWith(QLatin1Char('/'))) {
                QDir().mkpath(QDir(dir).filePath(name));
                continue;
            }
            const QString path = QDir(dir).filePath(name);
            QDir().mkpath(QFileInfo(path).path());
            QFile file(path);
            file.open(QIODevice::WriteOnly | QIODevice::Truncate);
            file.write(entry.mid(equals + 1).replace(QLatin1Char('@'), dir).toUtf8());
        }
        return dir;
    }

    // The daemon's environment for a token row: none of the token variables of the machine the
    // tests run on, only the row's ("NAME=VALUE", "@" the row's folder).
    static QProcessEnvironment tokenEnvironment(const QStringList& variables, const QString& dir) {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("OSSYNAPSED_TOKEN"));
        environment.remove(QStringLiteral("CREDENTIALS_DIRECTORY"));
        for (const QString& variable : variables) {
            const qsizetype equals = variable.indexOf(QLatin1Char('='));
            environment.insert(variable.left(equals),
                               variable.mid(equals + 1).replace(QLatin1Char('@'), dir));
        }
        return environment;
    }

    static QStringList withFolder(QStringList arguments, const QString& dir) {
        for (QString& argument : arguments) {
            argument.replace(QLatin1Char('@'), dir);
        }
        return arguments;
    }

    // The bearer token from each of its sources, and which source wins when several are given:
    // the right token is answered 200, another one 401, the banner names the source, and no
    // line the daemon writes holds the token.
    void seedUpdateTokenSources_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QStringList>("environment");
        QTest::addColumn<QStringList>("files");
        QTest::addColumn<QByteArray>("sent");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("source");
        const QStringList tokenFile{QStringLiteral("--token-file"), QStringLiteral("@/token")};
        const QStringList config{QStringLiteral("--config"), QStringLiteral("@/config.json")};
        const QStringList credentials{QStringLiteral("CREDENTIALS_DIRECTORY=@/credentials")};
        const QString credential = QStringLiteral("credentials/ossynapsed-token=cr3d\n");
        const QString configTokenFile = QStringLiteral(R"(config.json={"token_file": "c0nf"})");
        for (const auto& [right, sent, status] :
             {std::tuple{true, "f1le", 200}, std::tuple{false, "nope", 401}}) {
            const char* tag = right ? "right token" : "wrong token";
            QTest::addRow("--token-file, %s", tag)
                << tokenFile << QStringList{} << QStringList{QStringLiteral("token=f1le\n")}
                << QByteArray(sent) << status << QStringLiteral("--token-file @/token");
            QTest::addRow("OSSYNAPSED_TOKEN, %s", tag)
                << QStringList{} << QStringList{QStringLiteral("OSSYNAPSED_TOKEN=f1le")}
                << QStringList{} << QByteArray(sent) << status
                << QStringLiteral("OSSYNAPSED_TOKEN");
            QTest::addRow("systemd credential, %s", tag)
                << QStringList{} << credentials
                << QStringList{QStringLiteral("credentials/ossynapsed-token=f1le\n")}
                << QByteArray(sent) << status
                << QStringLiteral("systemd credential @/credentials/ossynapsed-token");
            QTest::addRow("config token_file, relative to the config, %s", tag)
                << config << QStringList{}
                << QStringList{QStringLiteral(R"(config.json={"token_file": "secret/t"})"),
                               QStringLiteral("secret/t=f1le\n")}
                << QByteArray(sent) << status << QStringLiteral("token_file @/secret/t");
            QTest::addRow("config token, %s", tag)
                << config << QStringList{}
                << QStringList{QStringLiteral(R"(config.json={"token": "f1le"})")}
                << QByteArray(sent) << status << QStringLiteral("@/config.json 'token'");
            QTest::addRow("--token, %s", tag)
                << QStringList{QStringLiteral("--token"), QStringLiteral("f1le")} << QStringList{}
                << QStringList{} << QByteArray(sent) << status << QStringLiteral("--token");
        }
        QTest::newRow("token file with CRLF and a blank line after it")
            << tokenFile << QStringList{} << QStringList{QStringLiteral("token=f1le\r\n\r\n")}
            << QByteArray("f1le") << 200 << QStringLiteral("--token-file @/token");
        // Precedence: the token of the lower source is refused, the banner names the higher.
        QTest::newRow("--token-file over OSSYNAPSED_TOKEN")
            << tokenFile << QStringList{QStringLiteral("OSSYNAPSED_TOKEN=env")}
            << QStringList{QStringLiteral("token=f1le\n")} << QByteArray("env") << 401
            << QStringLiteral("--token-file @/token");
        QTest::newRow("OSSYNAPSED_TOKEN over the systemd credential")
            << QStringList{} << credentials + QStringList{QStringLiteral("OSSYNAPSED_TOKEN=env")}
            << QStringList{credential} << QByteArray("cr3d") << 401
            << QStringLiteral("OSSYNAPSED_TOKEN");
        QTest::newRow("systemd credential over the config's token_file")
            << config << credentials << QStringList{credential, configTokenFile, "c0nf=c0nf\n"}
            << QByteArray("c0nf") << 401
            << QStringLiteral("systemd credential @/credentials/ossynapsed-token");
        QTest::newRow("CREDENTIALS_DIRECTORY without ossynapsed-token: the config's token_file")
            << config << credentials
            << QStringList{QStringLiteral("credentials/"), configTokenFile, "c0nf=c0nf\n"}
            << QByteArray("c0nf") << 200 << QStringLiteral("token_file @/c0nf");
    }
    void seedUpdateTokenSources() {
        QFETCH(QStringList, arguments);
        QFETCH(QStringList, environment);
        QFETCH(QStringList, files);
        QFETCH(QByteArray, sent);
        QFETCH(int, status);
        QFETCH(QString, source);
        const QString dir =
            writeFiles(m_dir.filePath(QStringLiteral("token-%1").arg(++m_rows)), files);
        const quint16 httpPort = freeTcpPort();
        QProcess daemon;
        daemon.setProcessEnvironment(tokenEnvironment(environment, dir));
        startOssynapsed(
            daemon,
            withFolder(arguments, dir) +
                QStringList{QStringLiteral("--output"),
                            QStringLiteral("trace:") + QDir(dir).filePath(QStringLiteral("trace")),
                            QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                            QStringLiteral("--ddp-port"), QStringLiteral("0"),
                            QStringLiteral("--e131-port"), QStringLiteral("0"),
                            QStringLiteral("--artnet-port"), QStringLiteral("0"),
                            QStringLiteral("--http-port"), QString::number(httpPort)});
        QVERIFY(daemon.waitForStarted());
        daemon.setReadChannel(QProcess::StandardError);
        QByteArray log;
        while (!log.contains("outputs:") && daemon.waitForReadyRead(5000)) {
            log += daemon.readAllStandardError();
        }
        const QString named = QStringLiteral("(token from %1)").arg(withFolder({source}, dir)[0]);
        QVERIFY2(log.contains(named.toUtf8()), log.constData());
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, httpPort);
        QVERIFY2(client.waitForConnected(3000), log.constData());
        const QByteArray body = R"({"channel":"reasoning","delta":3,"duration":0.1})";
        client.write("POST /update HTTP/1.1\r\nAuthorization: Bearer " + sent +
                     "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QVERIFY(client.waitForReadyRead(3000));
        const QByteArray reply = client.readAll();
        QVERIFY2(reply.startsWith("HTTP/1.1 " + QByteArray::number(status) + " "),
                 reply.constData());
        sendSigterm(daemon);
        QVERIFY(daemon.waitForFinished(5000));
        QCOMPARE(daemon.exitCode(), 0);
        log += daemon.readAllStandardError();
        // Every row's right token is f1le; the others are the lower sources' and may be logged.
        QVERIFY2(!log.contains("f1le") && !log.contains("cr3d"), log.constData());
        QCOMPARE(log.contains("warning: --token is visible to every local user"),
                 source == QLatin1String("--token"));
    }

    // A token source that is given but unusable stops the daemon at start (exit 2), naming the
    // file or variable, never the token.
    void unusableTokenIsRefusedInWords_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QStringList>("environment");
        QTest::addColumn<QStringList>("files");
        QTest::addColumn<QString>("message");
        const QStringList tokenFile{QStringLiteral("--token-file"), QStringLiteral("@/token")};
        QTest::newRow("--token-file that is not there")
            << tokenFile << QStringList{} << QStringList{}
            << "--token-file @/token: cannot read the token file (No such file or directory)";
        QTest::newRow("--token-file that is a folder")
            << tokenFile << QStringList{} << QStringList{QStringLiteral("token/")}
            << "--token-file @/token: cannot read the token file (it is a folder)";
        QTest::newRow("--token-file the daemon may not read")
            << tokenFile << QStringList{QStringLiteral("MODE=000")}
            << QStringList{QStringLiteral("token=f1le\n")}
            << "--token-file @/token: cannot read the token file (Permission denied)";
        QTest::newRow("--token-file that is empty")
            << tokenFile << QStringList{} << QStringList{QStringLiteral("token=")}
            << "--token-file @/token: the token is empty";
        QTest::newRow("--token-file with only a line break")
            << tokenFile << QStringList{} << QStringList{QStringLiteral("token=\n")}
            << "--token-file @/token: the token is empty";
        QTest::newRow("--token-file with two lines")
            << tokenFile << QStringList{} << QStringList{QStringLiteral("token=f1le\nmore\n")}
            << "--token-file @/token: the token holds a control character (a line break inside "
               "it?); a bearer token is one line";
        QTest::newRow("--token-file over 4 KiB")
            << tokenFile << QStringList{}
            << QStringList{QStringLiteral("token=") + QString(5000, QLatin1Char('x'))}
            << "--token-file @/token: the token file is over 4096 bytes";
        QTest::newRow("--token and --token-file")
            << tokenFile + QStringList{QStringLiteral("--token"), QStringLiteral("f1le")}
            << QStringList{} << QStringList{QStringLiteral("token=f1le\n")}
            << "give --token or --token-file, not both";
        QTest::newRow("OSSYNAPSED_TOKEN set but empty")
            << QStringList{} << QStringList{QStringLiteral("OSSYNAPSED_TOKEN=")} << QStringList{}
            << "OSSYNAPSED_TOKEN: the token is empty";
        QTest::newRow("systemd credential that is empty")
            << QStringList{} << QStringList{QStringLiteral("CREDENTIALS_DIRECTORY=@/credentials")}
            << QStringList{QStringLiteral("credentials/ossynapsed-token=")}
            << "systemd credential @/credentials/ossynapsed-token: the token is empty";
        QTest::newRow("config token_file that is not there")
            << QStringList{QStringLiteral("--config"), QStringLiteral("@/config.json")}
            << QStringList{} << QStringList{QStringLiteral(R"(config.json={"token_file": "t"})")}
            << "token_file @/t: cannot read the token file (No such file or directory)";
        QTest::newRow("config token and token_file")
            << QStringList{QStringLiteral("--config"), QStringLiteral("@/config.json")}
            << QStringList{}
            << QStringList{QStringLiteral(R"(config.json={"token": "f1le", "token_file": "t"})")}
            << "@/config.json: give 'token' or 'token_file', not both";
    }
    void unusableTokenIsRefusedInWords() {
        QFETCH(QStringList, arguments);
        QFETCH(QStringList, environment);
        QFETCH(QStringList, files);
        QFETCH(QString, message);
        const QString dir =
            writeFiles(m_dir.filePath(QStringLiteral("bad-token-%1").arg(++m_rows)), files);
        if (environment.removeAll(QStringLiteral("MODE=000")) != 0) {
            if (::geteuid() == 0) {
                QSKIP("root reads a file of mode 000: run the tests as another user");
            }
            QFile::setPermissions(QDir(dir).filePath(QStringLiteral("token")), {});
        }
        QProcess daemon;
        daemon.setProcessEnvironment(tokenEnvironment(environment, dir));
        startOssynapsed(
            daemon,
            withFolder(arguments, dir) +
                QStringList{QStringLiteral("--output"), QStringLiteral("trace:/dev/null"),
                            QStringLiteral("--ddp-port"), QString::number(freeUdpPort()),
                            QStringLiteral("--e131-port"), QString::number(freeUdpPort()),
                            QStringLiteral("--artnet-port"), QString::number(freeUdpPort())});
        QVERIFY(daemon.waitForFinished(5000));
        QCOMPARE(daemon.exitCode(), 2);
        const QByteArray log = daemon.readAllStandardError();
        const QString expected =
            QStringLiteral("ossynapsed: error: ") + withFolder({message}, dir)[0];
        QVERIFY2(log.trimmed() == expected.toUtf8(), log.constData());
        QVERIFY2(!log.contains("f1le"), log.constData());
    }

    // The trace is bounded: a flood of large frames (1000 LEDs, three DDP packets each) rotates
    // FILE to FILE.1 (replacing the older FILE.1) before FILE would pass max_mb; the two files
    // hold whole JSON lines in the order the frames came, FILE the newest, and no FILE.2
    // appears. Each frame carries its number in its first LED. The sender waits for each batch
    // to be traced, so the socket never overflows and every frame is traced.
    void traceIsRotatedAtItsSizeLimit_data() {
        QTest::addColumn<int>("maxMb");
        QTest::addColumn<int>("leds");
        QTest::newRow("max_mb=1, 1000 LEDs over DDP") << 1 << 1000;
    }
    void traceIsRotatedAtItsSizeLimit() {
        QFETCH(int, maxMb);
        QFETCH(int, leds);
        Daemon daemon = startDaemon(QStringLiteral("rotated"), 10.0,
                                    {QStringLiteral("--leds"), QString::number(leds)},
                                    QStringLiteral(",max_mb=%1").arg(maxMb));
        const QString older = daemon.trace + QStringLiteral(".1");
        const auto frameOf = [&](int number) {
            std::vector<std::uint8_t> rgb(static_cast<std::size_t>(leds) * 3,
                                          static_cast<std::uint8_t>(number * 7));
            rgb[0] = static_cast<std::uint8_t>(number >> 16);
            rgb[1] = static_cast<std::uint8_t>(number >> 8);
            rgb[2] = static_cast<std::uint8_t>(number);
            QByteArrayList datagrams;
            for (const auto& packet :
                 ossynapse::ddp::encodeFrame(rgb, static_cast<std::uint8_t>(number % 15 + 1))) {
                datagrams << bytes(packet);
            }
            return datagrams;
        };
        const auto numberOf = [](const QString& hex) { return hex.left(6).toInt(nullptr, 16); };
        const auto lastTraced = [&] {
            const QStringList shown = ledsOf(traceLines(daemon.trace));
            return shown.isEmpty() ? -1 : numberOf(shown.last());
        };
        // Until FILE.1 exists, then as many frames again: FILE.1 is replaced at least once.
        constexpr int kBatch = 8;
        int sent = 0;
        int firstRotation = -1;
        const int cap = (8 << 20) / (leds * 6) * maxMb;  // 8 limits' worth: it never rotated
        while (sent < cap && (firstRotation < 0 || sent < 2 * firstRotation + kBatch)) {
            QByteArrayList batch;
            for (int i = 0; i < kBatch; ++i) {
                batch << frameOf(sent++);
            }
            sendAll(daemon.ddpPort, batch);
            QTRY_COMPARE(lastTraced(), sent - 1);
            if (firstRotation < 0 && QFile::exists(older)) {
                firstRotation = sent;
            }
        }
        QVERIFY2(firstRotation > 0,
                 qPrintable(QStringLiteral("%1 frames, no %2").arg(sent).arg(older)));
        const qint64 lineBytes = leds * 6 + 100;
        const qint64 limit = qint64{maxMb} << 20;
        // Not before FILE was full: a limit's worth of lines, less one, had been traced.
        QVERIFY2(firstRotation >= limit / lineBytes, qPrintable(QString::number(firstRotation)));
        QByteArray log;
        QCOMPARE(stop(daemon, &log), 0);
        QVERIFY(!QFile::exists(daemon.trace + QStringLiteral(".2")));
        int previous = -1;
        int traced = 0;
        int firstInOlder = -1;
        for (const QString& path : {older, daemon.trace}) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray text = file.readAll();
            QVERIFY2(text.size() <= limit + lineBytes,
                     qPrintable(QStringLiteral("%1: %2 bytes").arg(path).arg(text.size())));
            QVERIFY2(text.endsWith('\n'), qPrintable(path));
            for (const QByteArray& line : text.split('\n')) {
                if (line.isEmpty()) {
                    continue;
                }
                QJsonParseError error{};
                const QJsonObject object = QJsonDocument::fromJson(line, &error).object();
                QVERIFY2(error.error == QJsonParseError::NoError,
                         qPrintable(QStringLiteral("%1: a line that is not whole JSON: %2")
                                        .arg(path, error.errorString())));
                if (!object.contains(QStringLiteral("leds"))) {
                    continue;
                }
                const int number = numberOf(object.value(QStringLiteral("leds")).toString());
                if (previous >= 0) {
                    QCOMPARE(number, previous + 1);  // in order, none lost at the rotation
                }
                firstInOlder = firstInOlder < 0 ? number : firstInOlder;
                previous = number;
                ++traced;
            }
        }
        // The newest frame is in FILE, and FILE.1 was replaced: its first frame is not frame 0.
        QCOMPARE(previous, sent - 1);
        QCOMPARE(lastTraced(), sent - 1);
        QVERIFY2(firstInOlder > 0, qPrintable(QString::number(firstInOlder)));
        QCOMPARE(traced, sent - firstInOlder);
        QVERIFY(traceLines(daemon.trace).last().value(QStringLiteral("off")).toBool());
    }

    // The ArtPollReplies the daemon sends back to one ArtPoll, read on the poller's socket.
    static QList<QByteArray> pollReplies(quint16 port, int expected) {
        QUdpSocket poller;
        poller.bind(QHostAddress::LocalHost, 0);
        const QByteArray poll =
            QByteArray("Art-Net\0", 8) + QByteArray("\x00\x20\x00\x0e\x00\x00", 6);
        poller.writeDatagram(poll, QHostAddress::LocalHost, port);
        QList<QByteArray> replies;
        QElapsedTimer waited;
        waited.start();
        while (replies.size() < expected && waited.elapsed() < 5000) {
            if (poller.waitForReadyRead(200)) {
                while (poller.hasPendingDatagrams()) {
                    replies << poller.receiveDatagram().data();
                }
            }
        }
        return replies;
    }

    // A console discovers the skull: one ArtPollReply a universe of the frame, each naming its
    // port-address (Net, Sub-Net, Universe) and BindIndex; the IP is the address polled.
    void artPollIsAnsweredForEveryUniverse_data() {
        QTest::addColumn<int>("leds");
        QTest::addColumn<int>("firstPortAddress");
        QTest::addColumn<int>("universes");
        QTest::newRow("default skull, port-address 0") << 156 << 0 << 1;
        QTest::newRow("400 LEDs from Net 1, Sub-Net 2, Universe 14") << 400 << 0x012E << 3;
    }
    void artPollIsAnsweredForEveryUniverse() {
        QFETCH(int, leds);
        QFETCH(int, firstPortAddress);
        QFETCH(int, universes);
        Daemon daemon =
            startDaemon(QStringLiteral("artpoll-%1").arg(leds), 0.5,
                        {QStringLiteral("--leds"), QString::number(leds),
                         QStringLiteral("--artnet-universe"), QString::number(firstPortAddress)});
        const QList<QByteArray> replies = pollReplies(daemon.artnetPort, universes);
        QCOMPARE(replies.size(), universes);
        for (int index = 0; index < universes; ++index) {
            const QByteArray& reply = replies.at(index);
            const int portAddress = firstPortAddress + index;
            QCOMPARE(reply.size(), 239);
            QCOMPARE(reply.left(10), QByteArray("Art-Net\0\x00\x21", 10));
            QCOMPARE(reply.mid(10, 4), QByteArray("\x7f\x00\x00\x01", 4));      // 127.0.0.1
            QCOMPARE(int(std::uint8_t(reply[18])), portAddress >> 8);           // NetSwitch
            QCOMPARE(int(std::uint8_t(reply[19])), (portAddress >> 4) & 0x0F);  // SubSwitch
            QCOMPARE(int(std::uint8_t(reply[190])), portAddress & 0x0F);        // SwOut[0]
            QCOMPARE(int(std::uint8_t(reply[211])), index + 1);                 // BindIndex
            QCOMPARE(QByteArray(reply.constData() + 26), QByteArray("OSSynapse"));
            QVERIFY2(
                QByteArray(reply.constData() + 44).contains(QByteArray::number(leds) + " LEDs"),
                reply.constData() + 44);
            QCOMPARE(int(std::uint8_t(reply[182])), 0);  // nothing received yet
        }
        if (universes == 1) {
            // Once levels arrive, the port says it is outputting them.
            sendRaw(daemon.artnetPort, frameDatagram(QStringLiteral("artnet"), "ff0000"));
            QTRY_VERIFY(traceLines(daemon.trace).size() >= 1);
            const QList<QByteArray> after = pollReplies(daemon.artnetPort, 1);
            QCOMPARE(after.size(), 1);
            QCOMPARE(int(std::uint8_t(after.at(0)[182])), 0x80);
        }
        QByteArray log;
        QCOMPARE(stop(daemon, &log), 0);
        QVERIFY2(log.contains(universes == 1 ? "ArtPolls answered: 2" : "ArtPolls answered: 1"),
                 log.constData());
    }

    // One 2-LED frame of `protocol` in `colour` (RRGGBB); E1.31 from source 0x33, the sequence
    // counted here, `options` its flags.
    QByteArray frameDatagram(const QString& protocol,
                             const QByteArray& colour,
                             std::uint8_t options = 0) {
        const QByteArray rgb = QByteArray::fromHex(colour).repeated(2);
        if (protocol == QLatin1String("ddp")) {
            return ddpDatagram(0x41, 0x0B, 1, 0, rgb);
        }
        if (protocol == QLatin1String("artnet")) {
            ossynapse::artnet::Dmx packet;
            packet.sequence = m_artnetSequence = ossynapse::artnet::nextSequence(m_artnetSequence);
            packet.data.assign(rgb.begin(), rgb.end());
            return bytes(ossynapse::artnet::encode(packet));
        }
        ossynapse::e131::Packet packet;
        packet.cid.fill(0x33);
        packet.sequence = ++m_e131Sequence;
        packet.options = options;
        packet.data.assign(rgb.begin(), rgb.end());
        return bytes(ossynapse::e131::encode(packet));
    }

    // DDP and E1.31 at once: the protocol whose frame came first owns the output, the other's
    // frames are ignored (counted, logged at most once a second) until the owner has sent none
    // for the timeout, and then the other's next frame takes over. The owner's first frame is
    // shown before the other sends, so which came first is certain; the frames then alternate.
    void firstProtocolOwnsTheOutput_data() {
        QTest::addColumn<QString>("first");
        QTest::newRow("DDP first: E1.31 ignored until DDP is silent") << QStringLiteral("ddp");
        QTest::newRow("E1.31 first: DDP ignored until E1.31 is silent") << QStringLiteral("e131");
        QTest::newRow("Art-Net first: DDP ignored until Art-Net is silent")
            << QStringLiteral("artnet");
    }
    void firstProtocolOwnsTheOutput() {
        QFETCH(QString, first);
        const QString second =
            first == QLatin1String("ddp") ? QStringLiteral("e131") : QStringLiteral("ddp");
        const QMap<QString, QByteArray> colour{{QStringLiteral("ddp"), "ff0000"},
                                               {QStringLiteral("e131"), "0000ff"},
                                               {QStringLiteral("artnet"), "00ff00"}};
        const QMap<QString, QString> name{{QStringLiteral("ddp"), QStringLiteral("DDP")},
                                          {QStringLiteral("e131"), QStringLiteral("E1.31")},
                                          {QStringLiteral("artnet"), QStringLiteral("Art-Net")}};
        Daemon daemon = startDaemon(QStringLiteral("owner"), 1.0,
                                    {QStringLiteral("--leds"), QStringLiteral("2")});
        const auto port = [&](const QString& protocol) { return daemon.port(protocol); };
        const QString firstShown = QString::fromLatin1(colour[first].repeated(2));
        const QString secondShown = QString::fromLatin1(colour[second].repeated(2));
        constexpr int kAlternations = 10;
        int secondSent = 0;
        sendRaw(port(first), frameDatagram(first, colour[first]));
        QTRY_COMPARE(ledsOf(traceLines(daemon.trace)).size(), 1);
        for (int i = 1; i < kAlternations; ++i) {
            sendRaw(port(second), frameDatagram(second, colour[second]));
            ++secondSent;
            sendRaw(port(first), frameDatagram(first, colour[first]));
        }
        sendRaw(port(second), frameDatagram(second, colour[second]));
        ++secondSent;
        QTRY_COMPARE(ledsOf(traceLines(daemon.trace)).size(), kAlternations);
        // The first protocol stops; the second goes on until a frame of it shows.
        QTRY_VERIFY_WITH_TIMEOUT(
            (sendRaw(port(second), frameDatagram(second, colour[second])), ++secondSent,
             ledsOf(traceLines(daemon.trace)).last() == secondShown),
            10000);
        QByteArray log;
        QCOMPARE(stop(daemon, &log), 0);
        const QStringList shown = ledsOf(traceLines(daemon.trace));
        const auto firstCount = shown.count(firstShown);
        const auto secondCount = shown.count(secondShown);
        QCOMPARE(firstCount, qsizetype{kAlternations});
        QVERIFY(secondCount >= 1);
        QCOMPARE(firstCount + secondCount, shown.size());
        QCOMPARE(shown.mid(0, kAlternations),
                 QStringList(QList<QString>(kAlternations, firstShown)));
        QCOMPARE(counter(log, "ignored"), qint64{secondSent - secondCount});
        QCOMPARE(counter(log, "dropped"), qint64{0});
        const QByteArray held = QStringLiteral(
                                    "ossynapsed: ignored a frame over %1 while %2 has "
                                    "the output (until it sends no frame for 1 s)")
                                    .arg(name[second], name[first])
                                    .toUtf8();
        QVERIFY2(log.contains(held), log.constData());
        QVERIFY2(log.count(held) < counter(log, "ignored"), log.constData());
    }

    // E1.31 stream-terminated hands the output back at once when E1.31 owns it (DDP then shows
    // well within the 10 s timeout), and when DDP owns it neither darkens nor interrupts DDP.
    void e131StreamTerminatedReleasesOnlyItsOwnOutput_data() {
        QTest::addColumn<QString>("owner");
        QTest::newRow("E1.31 owns: DDP takes over at once") << QStringLiteral("e131");
        QTest::newRow("DDP owns: its lights stay on") << QStringLiteral("ddp");
    }
    void e131StreamTerminatedReleasesOnlyItsOwnOutput() {
        QFETCH(QString, owner);
        Daemon daemon = startDaemon(QStringLiteral("terminated"), 10.0,
                                    {QStringLiteral("--leds"), QStringLiteral("2")});
        const QString red = QStringLiteral("ff0000ff0000");
        const QString blue = QStringLiteral("0000ff0000ff");
        const QString dim = QStringLiteral("200000200000");
        // Built when sent: its sequence must follow the frame before it.
        const auto terminated = [&] {
            return frameDatagram(QStringLiteral("e131"), "000000",
                                 ossynapse::e131::kOptionStreamTerminated);
        };
        if (owner == QLatin1String("e131")) {
            sendRaw(daemon.e131Port, frameDatagram(QStringLiteral("e131"), "0000ff"));
            QTRY_COMPARE(ledsOf(traceLines(daemon.trace)), QStringList{blue});
            sendRaw(daemon.ddpPort, frameDatagram(QStringLiteral("ddp"), "ff0000"));
            sendRaw(daemon.e131Port, terminated());
            QTRY_VERIFY((sendRaw(daemon.ddpPort, frameDatagram(QStringLiteral("ddp"), "ff0000")),
                         ledsOf(traceLines(daemon.trace)).last() == red));
            QByteArray log;
            QCOMPARE(stop(daemon, &log), 0);
            const QList<QJsonObject> lines = traceLines(daemon.trace);
            // Blue, the release's off line, then red only.
            QCOMPARE(lines.value(0).value(QStringLiteral("leds")).toString(), blue);
            QVERIFY(lines.value(1).value(QStringLiteral("off")).toBool());
            QCOMPARE(ledsOf(lines).count(blue), qsizetype{1});
            QVERIFY2(log.contains("all off (the sender ended its stream)"), log.constData());
            QCOMPARE(counter(log, "dropped"), qint64{0});
            return;
        }
        sendRaw(daemon.ddpPort, frameDatagram(QStringLiteral("ddp"), "ff0000"));
        QTRY_COMPARE(ledsOf(traceLines(daemon.trace)), QStringList{red});
        sendRaw(daemon.e131Port, frameDatagram(QStringLiteral("e131"), "0000ff"));
        sendRaw(daemon.e131Port, terminated());
        sendRaw(daemon.ddpPort, frameDatagram(QStringLiteral("ddp"), "200000"));
        QTRY_COMPARE(ledsOf(traceLines(daemon.trace)), (QStringList{red, dim}));
        QByteArray log;
        QCOMPARE(stop(daemon, &log), 0);
        // All four read (none dropped), and no off line before stopping: the two frames, then
        // only the off line of stopping.
        QCOMPARE(counter(log, "packets"), qint64{4});
        QCOMPARE(counter(log, "ignored"), qint64{1});
        QCOMPARE(counter(log, "dropped"), qint64{0});
        const QList<QJsonObject> lines = traceLines(daemon.trace);
        QVERIFY(lines.size() >= 3);
        QCOMPARE(lines[1].value(QStringLiteral("leds")).toString(), dim);
        for (const QJsonObject& line : lines.mid(2)) {
            QVERIFY(line.value(QStringLiteral("off")).toBool());
        }
        QVERIFY2(!log.contains("the sender ended its stream"), log.constData());
    }

    // No frame within the timeout: everything off, also when the sender is killed mid-stream.
    void lightsGoOffWhenTheSenderDies() {
        Daemon daemon = startDaemon(QStringLiteral("killed"), 0.3);
        QProcess replay;
        replay.start(
            QStringLiteral(OSSYNAPSE_CLI),
            {QStringLiteral("replay"),
             QStringLiteral(OSSYNAPSE_RECORDINGS_DIR "/burst-heavy.jsonl"), QStringLiteral("--to"),
             QStringLiteral("ddp://127.0.0.1:%1").arg(daemon.ddpPort)});
        QVERIFY(replay.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(ledsOf(traceLines(daemon.trace)).size() > 150, 10000);
        replay.kill();
        replay.waitForFinished();
        const auto lastFrameT = [&] {
            double t = 0;
            for (const QJsonObject& line : traceLines(daemon.trace)) {
                if (line.contains(QStringLiteral("leds"))) {
                    t = line.value(QStringLiteral("t")).toDouble();
                }
            }
            return t;
        };
        QTRY_VERIFY_WITH_TIMEOUT(
            traceLines(daemon.trace).last().value(QStringLiteral("off")).toBool(), 3000);
        const QJsonObject off = traceLines(daemon.trace).last();
        // Off when the timeout (0.3 s) had passed since the last frame.
        QVERIFY(off.value(QStringLiteral("t")).toDouble() - lastFrameT() >= 0.3);
        QCOMPARE(stop(daemon), 0);
    }

    // Found by a newcomer's trial: the trace's off line carried the last frame's time. It carries
    // its own: at least `delayS` after the one frame, however the lights went off.
    void offLineCarriesTheTimeOfTheOff_data() {
        QTest::addColumn<QString>("how");
        QTest::addColumn<double>("delayS");
        QTest::newRow("no frame within the timeout") << QStringLiteral("timeout") << 0.3;
        QTest::newRow("the sender ended its stream") << QStringLiteral("terminated") << 0.4;
        QTest::newRow("stopping (SIGTERM)") << QStringLiteral("sigterm") << 0.4;
    }
    void offLineCarriesTheTimeOfTheOff() {
        QFETCH(QString, how);
        QFETCH(double, delayS);
        Daemon daemon = startDaemon(QStringLiteral("off-time-") + how,
                                    how == QLatin1String("timeout") ? delayS : 10.0,
                                    {QStringLiteral("--leds"), QStringLiteral("2")});
        sendRaw(daemon.e131Port, frameDatagram(QStringLiteral("e131"), "0000ff"));
        QTRY_COMPARE(ledsOf(traceLines(daemon.trace)).size(), 1);
        if (how == QLatin1String("terminated")) {
            QTest::qWait(static_cast<int>(delayS * 1000));
            sendRaw(daemon.e131Port, frameDatagram(QStringLiteral("e131"), "000000",
                                                   ossynapse::e131::kOptionStreamTerminated));
        } else if (how == QLatin1String("sigterm")) {
            QTest::qWait(static_cast<int>(delayS * 1000));
            QCOMPARE(stop(daemon), 0);
        }
        QTRY_VERIFY_WITH_TIMEOUT(
            traceLines(daemon.trace).last().value(QStringLiteral("off")).toBool(), 3000);
        const QList<QJsonObject> lines = traceLines(daemon.trace);
        const double frameT = lines.first().value(QStringLiteral("t")).toDouble();
        const double offT = lines.value(1).value(QStringLiteral("t")).toDouble();
        QVERIFY(lines.value(1).value(QStringLiteral("off")).toBool());
        QVERIFY2(offT - frameT >= delayS,
                 qPrintable(QStringLiteral("frame at %1 s, off at %2 s").arg(frameT).arg(offT)));
        // A trial found two off records on SIGTERM (one when the signal came, one at exit):
        // a stop is one off, written once.
        if (how == QLatin1String("sigterm")) {
            QCOMPARE(lines.size(), qsizetype{2});
        } else {
            QCOMPARE(stop(daemon), 0);
        }
    }

    void sigtermTurnsEverythingOffFirst() {
        Daemon daemon = startDaemon(QStringLiteral("sigterm"), 10.0);
        const std::vector<std::uint8_t> rgb(156 * 3, 200);
        sendRaw(
            daemon.ddpPort,
            QByteArray(reinterpret_cast<const char*>(ossynapse::ddp::encodeFrame(rgb, 1)[0].data()),
                       static_cast<qsizetype>(ossynapse::ddp::encodeFrame(rgb, 1)[0].size())));
        QTRY_COMPARE(ledsOf(traceLines(daemon.trace)).size(), 1);
        QByteArray log;
        QCOMPARE(stop(daemon, &log), 0);
        QVERIFY(traceLines(daemon.trace).last().value(QStringLiteral("off")).toBool());
        QVERIFY2(log.contains("all off (stopping)"), log.constData());
    }

    // A sender configured for a longer strip than ours (--leds 4 here): the pixels that fit are
    // shown, as WLED and FPP show them, and the bytes beyond the last LED are counted as
    // clipped, never as dropped packets.
    void pixelsBeyondTheLastLedAreClipped_data() {
        QTest::addColumn<QString>("protocol");
        QTest::addColumn<QByteArrayList>("datagrams");
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<int>("frames");
        QTest::addColumn<qint64>("clipped");
        QTest::newRow("DDP, a packet that fits: nothing clipped")
            << QStringLiteral("ddp") << QByteArrayList{ddpDatagram(0x41, 0x0B, 1, 0, ramp(12))}
            << ramp(12) << 1 << qint64{0};
        QTest::newRow("DDP, 6 LEDs in one packet")
            << QStringLiteral("ddp") << QByteArrayList{ddpDatagram(0x41, 0x0B, 1, 0, ramp(18))}
            << ramp(12) << 1 << qint64{6};
        // Two packets (1440 + 360 bytes, push on the second): before any push each packet shows,
        // so the first is a frame and the push, wholly beyond the strip, shows it again.
        QByteArrayList longFrame;
        const QByteArray longRgb = ramp(600 * 3);
        for (const auto& packet : ossynapse::ddp::encodeFrame(
                 std::span(reinterpret_cast<const std::uint8_t*>(longRgb.constData()),
                           static_cast<std::size_t>(longRgb.size())),
                 1)) {
            longFrame << bytes(packet);
        }
        QTest::newRow("DDP, 600 LEDs in two packets, the second wholly beyond")
            << QStringLiteral("ddp") << longFrame << ramp(12) << 2 << qint64{600 * 3 - 12};
        QTest::newRow("DDP, an offset far beyond the strip, with push")
            << QStringLiteral("ddp")
            << QByteArrayList{ddpDatagram(0x41, 0x0B, 1, 0xFFFFFF00, ramp(3))}
            << QByteArray(12, '\0') << 1 << qint64{3};
        ossynapse::e131::Packet universe;
        universe.data.resize(ossynapse::dmx::kChannelsPerUniverse);
        std::iota(universe.data.begin(), universe.data.end(), std::uint8_t{1});
        QTest::newRow("E1.31, a full universe of 170 LEDs")
            << QStringLiteral("e131") << QByteArrayList{bytes(ossynapse::e131::encode(universe))}
            << ramp(12) << 1 << qint64{510 - 12};
    }
    void pixelsBeyondTheLastLedAreClipped() {
        QFETCH(QString, protocol);
        QFETCH(QByteArrayList, datagrams);
        QFETCH(QByteArray, frame);
        QFETCH(int, frames);
        QFETCH(qint64, clipped);
        Daemon daemon = startDaemon(QStringLiteral("clipped"), 10.0,
                                    {QStringLiteral("--leds"), QStringLiteral("4")});
        sendAll(protocol == QLatin1String("ddp") ? daemon.ddpPort : daemon.e131Port, datagrams);
        QTRY_COMPARE(ledsOf(traceLines(daemon.trace)).size(), frames);
        QByteArray log;
        QCOMPARE(stop(daemon, &log), 0);
        const QStringList shown = ledsOf(traceLines(daemon.trace));
        QCOMPARE(shown, QStringList(QList<QString>(frames, QString::fromLatin1(frame.toHex()))));
        QCOMPARE(counter(log, "bytes clipped"), clipped);
        QCOMPARE(counter(log, "dropped"), qint64{0});
        QCOMPARE(counter(log, "packets"), qint64{datagrams.size()});
    }

    // DDP's data type (header byte 2) on a 2-LED daemon: RGB and undefined show as sent, RGBW
    // with its white added, any other type is dropped with the type named. A last RGB frame
    // (5a5a5a...) shows that everything before it has been read.
    void ddpDataTypes_data() {
        QTest::addColumn<int>("type");
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QByteArray>("shown");
        QTest::addColumn<QByteArray>("dropMessage");
        QTest::newRow("RGB 8 bits (0x0B)") << 0x0B << QByteArray("\x01\x02\x03\x04\x05\x06")
                                           << QByteArray("010203040506") << QByteArray();
        QTest::newRow("undefined (0x00), as xLights and FPP send")
            << 0x00 << QByteArray("\x01\x02\x03\x04\x05\x06") << QByteArray("010203040506")
            << QByteArray();
        QTest::newRow("RGBW 8 bits (0x1B), as WLED reads it")
            << 0x1B << QByteArray("\x10\x20\xf0\x20\x01\x02\x03\x00", 8)
            << QByteArray("3040ff010203") << QByteArray();
        QTest::newRow("HSL 8 bits (0x13)")
            << 0x13 << QByteArray("\x01\x02\x03\x04\x05\x06") << QByteArray()
            << QByteArray("DDP: unsupported data type 0x13 (HSL, 8-bit elements)");
        QTest::newRow("RGB 16 bits (0x0C)")
            << 0x0C << QByteArray("\x01\x02\x03\x04\x05\x06") << QByteArray()
            << QByteArray("DDP: unsupported data type 0x0C (RGB, 16-bit elements)");
        QTest::newRow("grayscale 8 bits (0x23)")
            << 0x23 << QByteArray("\x01\x02") << QByteArray()
            << QByteArray("DDP: unsupported data type 0x23 (grayscale, 8-bit elements)");
    }
    void ddpDataTypes() {
        QFETCH(int, type);
        QFETCH(QByteArray, data);
        QFETCH(QByteArray, shown);
        QFETCH(QByteArray, dropMessage);
        Daemon daemon = startDaemon(QStringLiteral("types"), 10.0,
                                    {QStringLiteral("--leds"), QStringLiteral("2")});
        const QByteArray last(6, '\x5a');
        sendAll(daemon.ddpPort, {ddpDatagram(0x41, static_cast<std::uint8_t>(type), 1, 0, data),
                                 ddpDatagram(0x41, 0x0B, 1, 0, last)});
        QTRY_VERIFY(!ledsOf(traceLines(daemon.trace)).isEmpty() &&
                    ledsOf(traceLines(daemon.trace)).last() == QLatin1String(last.toHex()));
        QByteArray log;
        QCOMPARE(stop(daemon, &log), 0);
        QStringList expected;
        if (!shown.isEmpty()) {
            expected << QString::fromLatin1(shown);
        }
        expected << QString::fromLatin1(last.toHex());
        QCOMPARE(ledsOf(traceLines(daemon.trace)), expected);
        QCOMPARE(counter(log, "dropped"), qint64{dropMessage.isEmpty() ? 0 : 1});
        QVERIFY2(dropMessage.isEmpty() || log.contains(dropMessage), log.constData());
    }

    // Valid traffic that is not levels for us is counted as ignored, not dropped, and the log
    // reports no fault. A last frame of the same protocol shows that it has all been read.
    void trafficNotForUsIsIgnored_data() {
        QTest::addColumn<QString>("protocol");
        QTest::addColumn<QByteArray>("datagram");
        QTest::newRow("DDP status query (discovery)")
            << QStringLiteral("ddp") << ddpDatagram(0x42, 0x00, 251, 0, {});
        QTest::newRow("DDP status reply from another display")
            << QStringLiteral("ddp")
            << ddpDatagram(0x45, 0x00, 251, 0, R"({"status":{"update":"change","state":"up"}})");
        QTest::newRow("DDP write to the JSON config id (250)")
            << QStringLiteral("ddp") << ddpDatagram(0x41, 0x00, 250, 0, R"({"config":{}})");
        QTest::newRow("DDP write to the JSON control id (246)")
            << QStringLiteral("ddp") << ddpDatagram(0x41, 0x00, 246, 0, "{}");
        QTest::newRow("DDP DMX transit (254)")
            << QStringLiteral("ddp") << ddpDatagram(0x41, 0x00, 254, 1, QByteArray(4, '\0'));
        ossynapse::e131::Packet packet;
        packet.cid.fill(0x11);
        packet.sequence = 1;
        packet.data.assign(6, 0x7F);
        QByteArray perAddress = bytes(ossynapse::e131::encode(packet));
        perAddress[125] = static_cast<char>(0xDD);
        QTest::newRow("E1.31 per-address priority (start code 0xDD)")
            << QStringLiteral("e131") << perAddress;
        // E1.31-2018 §4.2: root layer with the extended vector, framing vector 1, 49 bytes.
        QByteArray sync = perAddress.left(49);
        sync[16] = 0x70;
        sync[17] = 49 - 16;
        sync[21] = 0x08;
        sync[38] = 0x70;
        sync[39] = 49 - 38;
        sync[43] = 0x01;
        sync[44] = 1;  // sequence
        sync[45] = 0;  // synchronization address 7
        sync[46] = 7;
        sync[47] = sync[48] = 0;
        QTest::newRow("E1.31 synchronization packet") << QStringLiteral("e131") << sync;
        // §4.3: framing vector 2, then the discovery layer listing universe 1.
        QByteArray discovery = perAddress.left(122);
        discovery[16] = 0x70;
        discovery[17] = 122 - 16;
        discovery[21] = 0x08;
        discovery[38] = 0x70;
        discovery[39] = 122 - 38;
        discovery[43] = 0x02;
        discovery.replace(108, 14, QByteArray("\0\0\0\0\x70\x0a\0\0\0\x01\0\0\0\x01", 14));
        QTest::newRow("E1.31 universe discovery packet") << QStringLiteral("e131") << discovery;
        ossynapse::e131::Packet preview = packet;
        preview.options = ossynapse::e131::kOptionPreview;
        QTest::newRow("E1.31 preview data")
            << QStringLiteral("e131") << bytes(ossynapse::e131::encode(preview));
        ossynapse::e131::Packet otherUniverse = packet;
        otherUniverse.universe = 9;
        QTest::newRow("E1.31 another universe")
            << QStringLiteral("e131") << bytes(ossynapse::e131::encode(otherUniverse));
        // Art-Net 4: ArtPoll is 14 bytes (id, OpCode 0x2000, version, flags, priority).
        const QByteArray artPoll("Art-Net\0\x00\x20\x00\x0e\x06\x00", 14);
        // An ArtPoll is answered, not ignored: artPollIsAnsweredForEveryUniverse.
        QByteArray artSync = artPoll;
        artSync[9] = 0x52;  // OpSync 0x5200
        artSync[12] = artSync[13] = 0;
        QTest::newRow("Art-Net ArtSync") << QStringLiteral("artnet") << artSync;
        ossynapse::artnet::Dmx otherAddress;
        otherAddress.portAddress = 0x0101;
        otherAddress.data.assign(6, 0x7F);
        QTest::newRow("Art-Net another port-address")
            << QStringLiteral("artnet") << bytes(ossynapse::artnet::encode(otherAddress));
    }
    void trafficNotForUsIsIgnored() {
        QFETCH(QString, protocol);
        QFETCH(QByteArray, datagram);
        Daemon daemon = startDaemon(QStringLiteral("ignored"), 10.0,
                                    {QStringLiteral("--leds"), QStringLiteral("2")});
        QByteArray last;
        if (protocol == QLatin1String("ddp")) {
            last = ddpDatagram(0x41, 0x0B, 1, 0, QByteArray(6, '\x5a'));
        } else if (protocol == QLatin1String("artnet")) {
            ossynapse::artnet::Dmx levels;
            levels.data.assign(6, 0x5a);
            last = bytes(ossynapse::artnet::encode(levels));
        } else {
            ossynapse::e131::Packet levels;
            levels.cid.fill(0x22);
            levels.sequence = 1;
            levels.data.assign(6, 0x5a);
            last = bytes(ossynapse::e131::encode(levels));
        }
        sendAll(daemon.port(protocol), {datagram, last});
        QTRY_COMPARE(ledsOf(traceLines(daemon.trace)).size(), 1);
        QByteArray log;
        QCOMPARE(stop(daemon, &log), 0);
        QCOMPARE(ledsOf(traceLines(daemon.trace)), QStringList{QStringLiteral("5a5a5a5a5a5a")});
        QCOMPARE(counter(log, "packets"), qint64{2});
        QCOMPARE(counter(log, "ignored"), qint64{1});
        QCOMPARE(counter(log, "dropped"), qint64{0});
        QVERIFY2(!log.contains("dropped a packet"), log.constData());
    }

    // Hostile packets are counted and dropped; the daemon keeps running and lights no garbage.
    void hostilePacketsAreCountedAndDropped() {
        Daemon daemon = startDaemon(QStringLiteral("hostile"), 10.0);
        const QList<QByteArray> hostile = {
            QByteArray("\x41", 1),                                     // short
            QByteArray("\x81\x01\x0b\x01\0\0\0\0\0\x03\1\2\3", 13),    // wrong version
            QByteArray("\x41\x01\x0b\x01\0\0\0\0\x05\xdc\1\2\3", 13),  // length past the end
        };
        for (const QByteArray& datagram : hostile) {
            sendRaw(daemon.ddpPort, datagram);
        }
        QRandomGenerator random(1124);
        int randomCount = 0;
        for (; randomCount < 300; ++randomCount) {
            QByteArray noise(static_cast<qsizetype>(random.bounded(1, 1500)), Qt::Uninitialized);
            for (char& byte : noise) {
                byte = static_cast<char>(random.bounded(256));
            }
            noise[0] = static_cast<char>(0x81);  // never a valid DDP version by accident
            const quint16 ports[] = {daemon.ddpPort, daemon.e131Port, daemon.artnetPort};
            if (randomCount % 3 == 2 && noise.size() >= 16) {
                noise.replace(0, 8, QByteArray("Art-Net\0", 8));  // past the id, into the header
                noise[8] = 0x00;
                noise[9] = 0x50;
                noise[15] = static_cast<char>(noise[15] | 0x80);  // never a valid port-address
            }
            sendRaw(ports[randomCount % 3], noise);
        }
        // Still alive and still lighting what is valid.
        const std::vector<std::uint8_t> rgb(156 * 3, 17);
        const auto packet = ossynapse::ddp::encodeFrame(rgb, 3)[0];
        sendRaw(daemon.ddpPort, QByteArray(reinterpret_cast<const char*>(packet.data()),
                                           static_cast<qsizetype>(packet.size())));
        QTRY_COMPARE(ledsOf(traceLines(daemon.trace)).size(), 1);
        QCOMPARE(ledsOf(traceLines(daemon.trace)).first(),
                 QString(QStringLiteral("11")).repeated(156 * 3));
        QCOMPARE(daemon.process->state(), QProcess::Running);
        QByteArray log;
        QCOMPARE(stop(daemon, &log), 0);
        const qsizetype expected = hostile.size() + randomCount;
        QVERIFY2(log.contains(QStringLiteral("%1 dropped").arg(expected).toUtf8()),
                 log.constData());
    }

    // E1.31-2018 §6.7.2: per source and universe, a packet whose sequence is not newer than
    // the last (a difference in (-20, 0]) is discarded and counted as dropped; a bigger jump
    // back is a restarted sender. The last packet of each row is taken, so once it shows, all
    // the others have been read.
    void e131SequenceNumbers_data() {
        QTest::addColumn<int>("leds");
        QTest::addColumn<QList<E131Send>>("sends");
        QTest::addColumn<QByteArrayList>("shown");
        QTest::addColumn<qint64>("dropped");
        const QByteArray red = "ff0000", green = "00ff00", blue = "0000ff", white = "ffffff";
        QTest::newRow("late and repeated packets are discarded")
            << 2
            << QList<E131Send>{{0xAA, 100, 1, 10, red},
                               {0xAA, 100, 1, 9, green},
                               {0xAA, 100, 1, 11, blue},
                               {0xAA, 100, 1, 11, "ffff00"},
                               {0xAA, 100, 1, 12, white}}
            << QByteArrayList{red, blue, white} << qint64{2};
        QTest::newRow("more than 20 back: a restarted sender")
            << 2
            << QList<E131Send>{{0xAA, 100, 1, 100, red},
                               {0xAA, 100, 1, 79, green},
                               {0xAA, 100, 1, 80, blue}}
            << QByteArrayList{red, green, blue} << qint64{0};
        QTest::newRow("20 back is outside the window")
            << 2 << QList<E131Send>{{0xAA, 100, 1, 100, red}, {0xAA, 100, 1, 80, green}}
            << QByteArrayList{red, green} << qint64{0};
        QTest::newRow("19 back is inside it") << 2
                                              << QList<E131Send>{{0xAA, 100, 1, 100, red},
                                                                 {0xAA, 100, 1, 81, green},
                                                                 {0xAA, 100, 1, 101, blue}}
                                              << QByteArrayList{red, blue} << qint64{1};
        QTest::newRow("255 to 0 wraps forward") << 2
                                                << QList<E131Send>{{0xAA, 100, 1, 255, red},
                                                                   {0xAA, 100, 1, 0, green},
                                                                   {0xAA, 100, 1, 1, blue}}
                                                << QByteArrayList{red, green, blue} << qint64{0};
        QTest::newRow("each source has its own sequence")
            << 2 << QList<E131Send>{{0xAA, 100, 1, 50, red}, {0xBB, 150, 1, 45, green}}
            << QByteArrayList{red, green} << qint64{0};
        // 200 LEDs: universe 1 holds 170, universe 2 the other 30; a frame shows when its last
        // universe arrives.
        QTest::newRow("each universe has its own sequence")
            << 200
            << QList<E131Send>{{0xAA, 100, 1, 50, red},
                               {0xAA, 100, 2, 45, red},
                               {0xAA, 100, 1, 51, green},
                               {0xAA, 100, 2, 46, green}}
            << QByteArrayList{red, green} << qint64{0};
    }
    void e131SequenceNumbers() {
        QFETCH(int, leds);
        QFETCH(QList<E131Send>, sends);
        QFETCH(QByteArrayList, shown);
        QFETCH(qint64, dropped);
        Daemon daemon = startDaemon(QStringLiteral("sequence"), 10.0,
                                    {QStringLiteral("--leds"), QString::number(leds)});
        QByteArrayList datagrams;
        for (const E131Send& send : sends) {
            ossynapse::e131::Packet packet;
            packet.cid.fill(send.cid);
            packet.sourceName = "tst_daemon";
            packet.priority = send.priority;
            packet.universe = send.universe;
            packet.sequence = send.sequence;
            const int ledsInUniverse =
                std::min(170, leds - 170 * (send.universe - 1));  // universe 1 first
            const QByteArray rgb = QByteArray::fromHex(send.colour).repeated(ledsInUniverse);
            packet.data.assign(rgb.begin(), rgb.end());
            datagrams << bytes(ossynapse::e131::encode(packet));
        }
        sendAll(daemon.e131Port, datagrams);
        const QString last = QString::fromLatin1(shown.last().repeated(leds));
        QTRY_VERIFY(!ledsOf(traceLines(daemon.trace)).isEmpty() &&
                    ledsOf(traceLines(daemon.trace)).last() == last);
        QByteArray log;
        QCOMPARE(stop(daemon, &log), 0);
        QStringList expected;
        for (const QByteArray& colour : shown) {
            expected << QString::fromLatin1(colour.repeated(leds));
        }
        QCOMPARE(ledsOf(traceLines(daemon.trace)), expected);
        QCOMPARE(counter(log, "dropped"), dropped);
        QVERIFY2(dropped == 0 || log.contains("(late or repeated)"), log.constData());
    }

    // Two E1.31 sources on one universe: the higher priority wins; the lower one is dropped
    // until the winner ends its stream.
    void e131HigherPriorityWins() {
        Daemon daemon = startDaemon(QStringLiteral("priority"), 10.0);
        std::map<std::uint8_t, std::uint8_t> sequences;  // each source counts its own packets
        const auto send = [&](std::uint8_t cidByte, std::uint8_t priority, std::uint8_t level,
                              std::uint8_t options) {
            ossynapse::e131::Packet packet;
            packet.cid.fill(cidByte);
            packet.sequence = ++sequences[cidByte];
            packet.priority = priority;
            packet.options = options;
            packet.universe = 1;
            packet.data.assign(156 * 3, level);
            const auto bytes = ossynapse::e131::encode(packet);
            sendRaw(daemon.e131Port, QByteArray(reinterpret_cast<const char*>(bytes.data()),
                                                static_cast<qsizetype>(bytes.size())));
        };
        send(0xAA, 50, 0x10, 0);  // low-priority source lights
        QTRY_COMPARE(ledsOf(traceLines(daemon.trace)).size(), 1);
        send(0xBB, 150, 0x20, 0);  // a higher one takes over
        QTRY_COMPARE(ledsOf(traceLines(daemon.trace)).size(), 2);
        send(0xAA, 50, 0x30, 0);  // the low one is now outranked
        QTest::qWait(200);
        QCOMPARE(ledsOf(traceLines(daemon.trace)).size(), 2);
        QVERIFY(ledsOf(traceLines(daemon.trace)).last().startsWith(QStringLiteral("202020")));
        send(0xBB, 150, 0, ossynapse::e131::kOptionStreamTerminated);  // the winner leaves
        QTRY_VERIFY(traceLines(daemon.trace).last().value(QStringLiteral("off")).toBool());
        send(0xAA, 50, 0x40, 0);  // and the low one may light again
        QTRY_COMPARE(ledsOf(traceLines(daemon.trace)).size(), 3);
        QByteArray log;
        QCOMPARE(stop(daemon, &log), 0);
        QVERIFY2(log.contains("1 dropped"), log.constData());
    }

    // Art-Net has no priority: the first sender keeps its universes, a second one (another
    // address) is dropped and named while the first sends; per port-address, a sequence that is
    // not newer is late or repeated, and sequence 0 (a sender that does not count) always shows.
    void artnetFirstSenderAndSequenceRule() {
        Daemon daemon = startDaemon(QStringLiteral("artnet-senders"), 10.0,
                                    {QStringLiteral("--leds"), QStringLiteral("2")});
        const auto dmxOf = [](std::uint8_t sequence, const QByteArray& colour) {
            ossynapse::artnet::Dmx packet;
            packet.sequence = sequence;
            const QByteArray rgb = QByteArray::fromHex(colour).repeated(2);
            packet.data.assign(rgb.begin(), rgb.end());
            return bytes(ossynapse::artnet::encode(packet));
        };
        sendAll(daemon.artnetPort, {dmxOf(10, "ff0000"), dmxOf(9, "00ff00"), dmxOf(10, "00ff00"),
                                    dmxOf(11, "0000ff")});
        QTRY_COMPARE(ledsOf(traceLines(daemon.trace)).size(), 2);
        QTest::qWait(1100);  // the daemon logs at most one dropped packet a second
        sendRaw(daemon.artnetPort, dmxOf(1, "ffffff"), QHostAddress(QStringLiteral("127.0.0.2")));
        sendAll(daemon.artnetPort, {dmxOf(0, "101010"), dmxOf(0, "202020")});
        QTRY_COMPARE(ledsOf(traceLines(daemon.trace)).size(), 4);
        QByteArray log;
        QCOMPARE(stop(daemon, &log), 0);
        QCOMPARE(ledsOf(traceLines(daemon.trace)),
                 (QStringList{QStringLiteral("ff0000ff0000"), QStringLiteral("0000ff0000ff"),
                              QStringLiteral("101010101010"), QStringLiteral("202020202020")}));
        QCOMPARE(counter(log, "dropped"), qint64{3});
        QVERIFY2(log.contains("Art-Net: sequence 9 on port-address 0 is not newer than 10"),
                 log.constData());
        QVERIFY2(log.contains("Art-Net from 127.0.0.2 while 127.0.0.1 sends to the same universes"),
                 log.constData());
    }

    void senderNotOnTheAllowListIsDropped() {
        Daemon daemon = startDaemon(QStringLiteral("allow"), 10.0,
                                    {QStringLiteral("--allow"), QStringLiteral("10.9.8.7")});
        const std::vector<std::uint8_t> rgb(156 * 3, 99);
        const auto packet = ossynapse::ddp::encodeFrame(rgb, 1)[0];
        sendRaw(daemon.ddpPort, QByteArray(reinterpret_cast<const char*>(packet.data()),
                                           static_cast<qsizetype>(packet.size())));
        QTest::qWait(300);
        QByteArray log;
        QCOMPARE(stop(daemon, &log), 0);
        QCOMPARE(ledsOf(traceLines(daemon.trace)).size(), 0);
        QVERIFY2(log.contains("not on the allow-list") && log.contains("1 dropped"),
                 log.constData());
    }

    void badConfigurationIsRefusedInWords_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("no output") << QStringList{}
                                   << "ossynapsed: error: no output: give at least one --output "
                                      "(trace:FILE, pwm2:..., sysfs-pwm:..., ws2812:...)";
        QTest::newRow("unknown output")
            << QStringList{QStringLiteral("--output"), QStringLiteral("laser:1")}
            << "ossynapsed: error: unknown output 'laser:1' (trace:FILE, pwm2:a=21,b=13,hz=800, "
               "sysfs-pwm:chip=0,a=0,b=1, ws2812:/dev/spidev0.0)";
        QTest::newRow("bad timeout")
            << QStringList{QStringLiteral("--output"), QStringLiteral("trace:/tmp/x"),
                           QStringLiteral("--timeout"), QStringLiteral("0")}
            << "ossynapsed: error: --timeout must be a number of seconds from 0.05 to 60";
        // The trace's size limit: a whole number of MiB, 1 to 4096, refused before anything runs.
        for (const auto& [value, message] :
             {std::pair{"0", "trace option max_mb=0 must be a number from 1 to 4096"},
              std::pair{"4097", "trace option max_mb=4097 must be a number from 1 to 4096"},
              std::pair{"-1", "trace option max_mb=-1 must be a number from 1 to 4096"},
              std::pair{"lots", "trace option max_mb=lots must be a number from 1 to 4096"},
              std::pair{"", "trace option max_mb= must be a number from 1 to 4096"},
              std::pair{"1.5", "trace option max_mb=1.5 must be a whole number from 1 to 4096"}}) {
            QTest::addRow("trace max_mb=%s", value)
                << QStringList{QStringLiteral("--check-config"), QStringLiteral("--output"),
                               QStringLiteral("trace:/tmp/x,max_mb=") + QLatin1String(value)}
                << QStringLiteral("ossynapsed: error: ") + QLatin1String(message);
        }
        QTest::newRow("trace, unknown option")
            << QStringList{QStringLiteral("--output"), QStringLiteral("trace:/tmp/x,max_gb=1")}
            << "ossynapsed: error: unknown trace option 'max_gb' (max_mb)";
        QTest::newRow("trace, no file before the options")
            << QStringList{QStringLiteral("--output"), QStringLiteral("trace:,max_mb=1")}
            << "ossynapsed: error: trace output needs a file: trace:FILE[,max_mb=N]";
        // Found by a newcomer's trial: both wires on one pin passed --check-config.
        QTest::newRow("pwm2, both wires on one line")
            << QStringList{QStringLiteral("--check-config"), QStringLiteral("--output"),
                           QStringLiteral("pwm2:chip=gpiochip0,a=21,b=21")}
            << "ossynapsed: error: pwm2: wires A and B are both on line 21; give each its own "
               "(a=21,b=13)";
        QTest::newRow("sysfs-pwm, both wires on one channel")
            << QStringList{QStringLiteral("--check-config"), QStringLiteral("--output"),
                           QStringLiteral("sysfs-pwm:chip=0,a=1,b=1")}
            << "ossynapsed: error: sysfs-pwm: wires A and B are both on channel 1; give each its "
               "own (a=0,b=1)";
        QTest::newRow("bad allow")
            << QStringList{QStringLiteral("--output"), QStringLiteral("trace:/tmp/x"),
                           QStringLiteral("--allow"), QStringLiteral("pi.local")}
            << "ossynapsed: error: allow-list entry 'pi.local' is not an IP address";
    }
    void badConfigurationIsRefusedInWords() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        QProcess daemon;
        startOssynapsed(
            daemon,
            arguments + QStringList{QStringLiteral("--ddp-port"), QString::number(freeUdpPort()),
                                    QStringLiteral("--e131-port"), QString::number(freeUdpPort()),
                                    QStringLiteral("--artnet-port"),
                                    QString::number(freeUdpPort())});
        QVERIFY(daemon.waitForFinished(5000));
        QVERIFY(daemon.exitCode() != 0);
        QVERIFY2(daemon.readAllStandardError().trimmed().endsWith(message.toUtf8()),
                 qPrintable(message));
    }

    // Found by a newcomer's trial: a listener turned off was shown as one on port 0. The banner
    // from "N LEDs" on, with {ddp}, {e131}, {artnet} and {http} for the ports of those on.
    void bannerSaysWhichListenersAreOff_data() {
        QTest::addColumn<QStringList>("on");
        QTest::addColumn<QString>("banner");
        QTest::newRow("DDP only")
            << QStringList{QStringLiteral("ddp")}
            << QStringLiteral(
                   "156 LEDs; DDP on 127.0.0.1:{ddp}, E1.31 off, Art-Net off, "
                   "/update off; outputs: trace:/dev/null");
        QTest::newRow("E1.31 and Art-Net, DDP off")
            << QStringList{QStringLiteral("e131"), QStringLiteral("artnet")}
            << QStringLiteral(
                   "156 LEDs; DDP off, E1.31 on 127.0.0.1:{e131} universe 1, Art-Net on "
                   "127.0.0.1:{artnet} port-address 0, /update off; outputs: "
                   "trace:/dev/null");
        QTest::newRow("/update only")
            << QStringList{QStringLiteral("http")}
            << QStringLiteral(
                   "156 LEDs; DDP off, E1.31 off, Art-Net off, /update on port {http} "
                   "(no token); outputs: trace:/dev/null");
    }
    void bannerSaysWhichListenersAreOff() {
        QFETCH(QStringList, on);
        QFETCH(QString, banner);
        QStringList arguments{QStringLiteral("--output"), QStringLiteral("trace:/dev/null"),
                              QStringLiteral("--bind"), QStringLiteral("127.0.0.1")};
        for (const QString& listener : {QStringLiteral("ddp"), QStringLiteral("e131"),
                                        QStringLiteral("artnet"), QStringLiteral("http")}) {
            const quint16 port = !on.contains(listener)              ? 0
                                 : listener == QLatin1String("http") ? freeTcpPort()
                                                                     : freeUdpPort();
            arguments << QStringLiteral("--%1-port").arg(listener) << QString::number(port);
            banner.replace(QStringLiteral("{%1}").arg(listener), QString::number(port));
        }
        QProcess daemon;
        startOssynapsed(daemon, arguments);
        QVERIFY(daemon.waitForStarted());
        daemon.setReadChannel(QProcess::StandardError);
        QByteArray log;
        while (!log.contains('\n') && daemon.waitForReadyRead(5000)) {
            log += daemon.readAllStandardError();
        }
        sendSigterm(daemon);
        QVERIFY(daemon.waitForFinished(5000));
        QCOMPARE(daemon.exitCode(), 0);
        const QString first = QString::fromUtf8(log.left(log.indexOf('\n')));
        QCOMPARE(first.mid(first.indexOf(QStringLiteral(": ")) + 2), banner);
    }

    void checkConfigReadsTheFile() {
        const QString path = m_dir.filePath(QStringLiteral("config.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            R"({"outputs": ["trace:/tmp/never-written.jsonl"], "leds": 200, "e131_universe": 3})");
        file.close();
        QProcess daemon;
        startOssynapsed(daemon,
                        {QStringLiteral("--config"), path, QStringLiteral("--check-config")});
        QVERIFY(daemon.waitForFinished(5000));
        QCOMPARE(daemon.exitCode(), 0);
        QVERIFY(daemon.readAllStandardOutput().contains("configuration ok: 200 LEDs"));
        QVERIFY(!QFile::exists(QStringLiteral("/tmp/never-written.jsonl")));
    }
};

QTEST_GUILESS_MAIN(TestDaemon)
#include "tst_daemon.moc"
