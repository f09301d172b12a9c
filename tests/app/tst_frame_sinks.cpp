#include <QNetworkDatagram>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUdpSocket>
#include <atomic>

#include "app/output/frame_sink_factory.h"
#include "app/playback/frame_producer.h"
#include "core/artnet.h"
#include "core/ddp.h"
#include "core/e131.h"
#include "core/session_reader.h"

using namespace ossynapse;
using namespace Qt::StringLiterals;

namespace {

Frame frameOf(std::size_t leds, std::uint8_t value) {
    Frame frame;
    frame.rgb.assign(leds * 3, value);
    return frame;
}

bool dark(const std::vector<std::uint8_t>& rgb) {
    return std::all_of(rgb.begin(), rgb.end(), [](std::uint8_t b) { return b == 0; });
}

// What a real receiver on loopback got: DDP frames' LED bytes, E1.31 or Art-Net packets.
struct Received {
    std::vector<std::vector<std::uint8_t>> frames;  // LED bytes, in arrival order
    std::vector<artnet::Dmx> artnet;                // Art-Net packets as they came
    int terminated = 0;                             // E1.31 stream-terminated packets
    int afterTerminated = 0;                        // data packets after the first one
};

Received drain(QUdpSocket& socket) {
    Received received;
    while (socket.hasPendingDatagrams()) {
        const QByteArray data = socket.receiveDatagram().data();
        const std::span bytes(reinterpret_cast<const std::uint8_t*>(data.constData()),
                              static_cast<std::size_t>(data.size()));
        if (const auto ddp = ddp::decode(bytes)) {
            received.frames.push_back(ddp->data);
        } else if (const auto dmx = artnet::decode(bytes)) {
            received.frames.push_back(dmx->data);
            received.artnet.push_back(*dmx);
        } else if (const auto e131 = e131::decode(bytes)) {
            if (e131->streamTerminated()) {
                ++received.terminated;
            } else {
                received.afterTerminated += received.terminated > 0;
                received.frames.push_back(e131->data);
            }
        }
    }
    return received;
}

// Lets queued flushes and the loopback run, then reads what arrived.
Received settle(QUdpSocket& socket) {
    QTest::qWait(50);
    return drain(socket);
}

}  // namespace

// The frame sinks against real sockets on loopback: one interface, kinds made from URIs.
class TestFrameSinks : public QObject {
    Q_OBJECT
  private slots:
    // A URI the factory cannot use is refused in one line naming the fault, and never shows a
    // token it carried.
    void badUrisAreRefusedInWords_data() {
        QTest::addColumn<QString>("uri");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown kind")
            << u"dmx://somewhere"_s
            << u"output 'dmx://somewhere': unknown kind of output (ddp://, e131://, artnet://, osc://, seed-http://)"_s;
        QTest::newRow("unknown option")
            << u"ddp://10.0.0.5?latancy_ms=40"_s
            << u"output 'ddp://10.0.0.5?latancy_ms=40': unknown option 'latancy_ms' (ddp:// takes latency_ms, leds)"_s;
        QTest::newRow("options joined by & alone")
            << u"ddp://10.0.0.5&latency_ms=40"_s
            << u"output 'ddp://10.0.0.5&latency_ms=40': options start after '?' and are joined by '&' (ddp://host?latency_ms=50&leds=200)"_s;
        QTest::newRow("latency out of range")
            << u"ddp://10.0.0.5?latency_ms=-3"_s
            << u"output 'ddp://10.0.0.5?latency_ms=-3': latency_ms must be a whole number from 0 to 5000"_s;
        QTest::newRow("OSC rate out of range")
            << u"osc://10.0.0.5?rate=0"_s
            << u"output 'osc://10.0.0.5?rate=0': rate must be a whole number from 1 to 400"_s;
        QTest::newRow("universe out of range")
            << u"e131://10.0.0.5?universe=0"_s
            << u"output 'e131://10.0.0.5?universe=0': universe must be a whole number from 1 to 63999"_s;
        QTest::newRow("Art-Net port-address past 15 bits")
            << u"artnet://10.0.0.5?universe=32768"_s
            << u"output 'artnet://10.0.0.5?universe=32768': universe must be a whole number from 0 to 32767"_s;
        QTest::newRow("seed without a port")
            << u"seed-http://10.0.0.5"_s
            << u"output 'seed-http://10.0.0.5': needs a port: seed-http://host:port"_s;
        QTest::newRow("token hidden")
            << u"seed-http://10.0.0.5:80?token=s3cret&colour=red"_s
            << u"output 'seed-http://10.0.0.5:80?token=***&colour=red': unknown option 'colour' (seed-http:// takes token, token_file)"_s;
        QTest::newRow("no host") << u"ddp://"_s << u"output 'ddp://': no host"_s;
    }
    void badUrisAreRefusedInWords() {
        QFETCH(QString, uri);
        QFETCH(QString, message);
        try {
            createSink(uri);
            QFAIL("accepted");
        } catch (const SinkError& error) {
            QCOMPARE(QString::fromUtf8(error.what()), message);
        }
    }

    // The help every verb and the studio show names every live kind the factory makes.
    void helpNamesEveryKind() {
        const QString help = sinkHelp();
        int live = 0;
        for (const SinkKind& kind : sinkKinds()) {
            if (kind.create != nullptr) {
                ++live;
                QVERIFY2(help.contains(kind.syntax), qPrintable(kind.syntax));
            } else {
                QVERIFY(fileSinkHelp().contains(u"."_s + kind.scheme));
            }
        }
        QCOMPARE(live, 5);
        QVERIFY(help.contains(u"?latency_ms=N"_s));
        QVERIFY(!help.contains(u"&latency_ms"_s));
    }

    // Frames offered within one engine tick reach the receiver as one: the newest.
    void newestFrameWinsWithinATick_data() {
        QTest::addColumn<QString>("scheme");
        QTest::newRow("DDP") << u"ddp"_s;
        QTest::newRow("E1.31") << u"e131"_s;
        QTest::newRow("Art-Net") << u"artnet"_s;
    }
    void newestFrameWinsWithinATick() {
        QFETCH(QString, scheme);
        QUdpSocket receiver;
        QVERIFY(receiver.bind(QHostAddress::LocalHost, 0));
        auto sink = createSink(u"%1://127.0.0.1:%2"_s.arg(scheme).arg(receiver.localPort()));
        for (int value = 1; value <= 50; ++value) {
            sink->accept(frameOf(10, static_cast<std::uint8_t>(value)));
        }
        Received received = settle(receiver);
        QCOMPARE(received.frames.size(), std::size_t{1});
        QCOMPARE(received.frames[0], frameOf(10, 50).rgb);
        sink->accept(frameOf(10, 7));
        received = settle(receiver);
        QCOMPARE(received.frames.size(), std::size_t{1});
        QCOMPARE(received.frames[0], frameOf(10, 7).rgb);
        QCOMPARE(sink->status().sent, quint64{2});
        QCOMPARE(sink->status().state, u"sending"_s);
    }

    // Every way out darkens: finish() and destruction send a black frame where the target was
    // left lit (E1.31 then three stream-terminated packets); a dark target gets no extra frame.
    void everyEndDarkensTheTarget_data() {
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<bool>("destroy");
        QTest::addColumn<std::uint8_t>("last");
        QTest::addColumn<int>("framesAtEnd");
        QTest::newRow("DDP finished lit") << u"ddp"_s << false << std::uint8_t{200} << 1;
        QTest::newRow("DDP destroyed lit") << u"ddp"_s << true << std::uint8_t{200} << 1;
        QTest::newRow("DDP finished dark") << u"ddp"_s << false << std::uint8_t{0} << 0;
        QTest::newRow("E1.31 finished lit") << u"e131"_s << false << std::uint8_t{200} << 1;
        QTest::newRow("E1.31 destroyed lit") << u"e131"_s << true << std::uint8_t{200} << 1;
        QTest::newRow("E1.31 latency, finished lit") << u"e131"_s << false << std::uint8_t{90} << 1;
        QTest::newRow("Art-Net finished lit") << u"artnet"_s << false << std::uint8_t{200} << 1;
        QTest::newRow("Art-Net destroyed lit") << u"artnet"_s << true << std::uint8_t{200} << 1;
        QTest::newRow("Art-Net finished dark") << u"artnet"_s << false << std::uint8_t{0} << 0;
    }
    void everyEndDarkensTheTarget() {
        QFETCH(QString, scheme);
        QFETCH(bool, destroy);
        QFETCH(std::uint8_t, last);
        QFETCH(int, framesAtEnd);
        QUdpSocket receiver;
        QVERIFY(receiver.bind(QHostAddress::LocalHost, 0));
        const bool delayed = QString::fromLatin1(QTest::currentDataTag()).contains(u"latency"_s);
        auto sink = createSink(u"%1://127.0.0.1:%2%3"_s.arg(scheme)
                                   .arg(receiver.localPort())
                                   .arg(delayed ? u"?latency_ms=30"_s : QString()));
        sink->accept(frameOf(200, last));  // 200 LEDs: two E1.31 universes
        QTRY_VERIFY(receiver.hasPendingDatagrams());
        QTest::qWait(20);
        drain(receiver);
        if (destroy) {
            sink.reset();
        } else {
            QCOMPARE(sink->finish(), delayed ? 30 : 0);
        }
        QTest::qWait(delayed ? 100 : 30);
        const Received end = drain(receiver);
        QCOMPARE(static_cast<int>(end.frames.size()), framesAtEnd * (scheme == u"ddp"_s ? 1 : 2));
        for (const auto& rgb : end.frames) {
            QVERIFY(dark(rgb));
        }
        if (scheme == u"e131"_s) {
            QCOMPARE(end.terminated, 3 * 2);  // three on each universe used
        }
    }

    // A frame past one universe goes out on consecutive port-addresses, 510 channels each, all
    // with the frame's sequence number, which counts 1..255 and never 0.
    void artnetSpreadsOverPortAddresses() {
        QUdpSocket receiver;
        QVERIFY(receiver.bind(QHostAddress::LocalHost, 0));
        auto sink = createSink(u"artnet://127.0.0.1:%1?universe=15"_s.arg(receiver.localPort()));
        Frame frame;
        frame.rgb.resize(600 * 3);  // 600 LEDs: four universes
        for (std::size_t i = 0; i < frame.rgb.size(); ++i) {
            frame.rgb[i] = static_cast<std::uint8_t>(i * 7);
        }
        for (int n = 0; n < 2; ++n) {
            sink->accept(frame);
            QTest::qWait(30);
        }
        const Received received = settle(receiver);
        QCOMPARE(received.artnet.size(), std::size_t{8});
        std::vector<std::uint8_t> joined;
        for (std::size_t i = 0; i < 4; ++i) {
            const artnet::Dmx& packet = received.artnet[i];
            QCOMPARE(packet.portAddress, static_cast<std::uint16_t>(15 + i));
            QCOMPARE(packet.sequence, std::uint8_t{1});
            QCOMPARE(received.artnet[4 + i].sequence, std::uint8_t{2});
            QCOMPARE(packet.data.size(), i < 3 ? std::size_t{510} : std::size_t{270});
            joined.insert(joined.end(), packet.data.begin(), packet.data.end());
        }
        QCOMPARE(joined, frame.rgb);
    }

    // A controller of another size is flagged and sent nothing; nothing delivered is a failure.
    void ledCountMismatchIsNotSent() {
        QUdpSocket receiver;
        QVERIFY(receiver.bind(QHostAddress::LocalHost, 0));
        auto sink = createSink(u"ddp://127.0.0.1:%1?leds=200"_s.arg(receiver.localPort()));
        sink->accept(frameOf(156, 9));
        QCOMPARE(settle(receiver).frames.size(), std::size_t{0});
        QCOMPARE(sink->status().state, u"not sending: the rig has 156 LEDs, the controller 200"_s);
        QVERIFY(sink->status().failed);
    }

    // A host that does not resolve stalls nobody: the other target gets its frames meanwhile,
    // and the dead one says so and counts as failed.
    void unresolvableHostStallsNobody() {
        QUdpSocket receiver;
        QVERIFY(receiver.bind(QHostAddress::LocalHost, 0));
        auto dead = createSink(u"ddp://no-such-controller.invalid"_s);
        auto live = createSink(u"ddp://127.0.0.1:%1"_s.arg(receiver.localPort()));
        dead->accept(frameOf(10, 5));
        live->accept(frameOf(10, 5));
        QTRY_VERIFY(receiver.hasPendingDatagrams());
        QTRY_VERIFY_WITH_TIMEOUT(dead->status().state.startsWith(u"unreachable"_s), 20000);
        QVERIFY(dead->status().failed);
        QVERIFY(!live->status().failed);
    }

    // seed-http sends the bearer token `ossynapsed --token` asks for, from the URI, a file or
    // the environment, and never shows it.
    void seedHttpSendsTheBearerToken_data() {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QByteArray>("environment");
        QTest::newRow("?token=") << u"?token=s3cret"_s << QByteArray();
        QTest::newRow("?token_file=") << u"?token_file=%1"_s << QByteArray();
        QTest::newRow("environment") << QString() << QByteArray("s3cret");
        QTest::newRow("none") << QString() << QByteArray();
    }
    void seedHttpSendsTheBearerToken() {
        QFETCH(QString, query);
        QFETCH(QByteArray, environment);
        QTemporaryDir dir;
        const QString tokenFile = dir.filePath(u"token"_s);
        QFile file(tokenFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("s3cret\n");
        file.close();
        qputenv("OSSYNAPSE_SEED_TOKEN", environment);
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QByteArray request;
        connect(&server, &QTcpServer::newConnection, this, [&] {
            QTcpSocket* socket = server.nextPendingConnection();
            connect(socket, &QTcpSocket::readyRead, this, [&request, socket] {
                request += socket->readAll();
                if (request.contains("\r\n\r\n") && request.contains("}")) {
                    socket->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
                    socket->disconnectFromHost();
                }
            });
        });
        auto sink = createSink(u"seed-http://127.0.0.1:%1%2"_s.arg(server.serverPort())
                                   .arg(query.contains(u"%1"_s) ? query.arg(tokenFile) : query));
        sink->acceptTokens(TokenEvent{0.0, Channel::Reasoning, 3, {}});
        sink->finish();
        QTRY_VERIFY(request.contains("}"));
        QTRY_COMPARE(sink->status().sent, quint64{1});
        const bool expectToken = !query.isEmpty() || !environment.isEmpty();
        QCOMPARE(request.contains("\r\nAuthorization: Bearer s3cret\r\n"), expectToken);
        QVERIFY(!request.contains("Authorization") || expectToken);
        QVERIFY(!sink->status().uri.contains(u"s3cret"_s));
        qunsetenv("OSSYNAPSE_SEED_TOKEN");
    }

    // render's files are sinks too: chosen by suffix, every frame written.
    void fileSinksWriteEveryFrame() {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"frames.jsonl"_s);
        auto sink = createFileSink(path);
        for (int i = 0; i < 5; ++i) {
            sink->accept(frameOf(3, static_cast<std::uint8_t>(i)));
        }
        sink->finish();
        QCOMPARE(sink->status().sent, quint64{5});
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll().count('\n'), 5);
        try {
            createFileSink(dir.filePath(u"frames.txt"_s));
            QFAIL("accepted .txt");
        } catch (const SinkError& error) {
            QVERIFY(
                QString::fromUtf8(error.what()).endsWith(u"must end in .jsonl, .csv or .fseq"_s));
        }
    }

    // A stalled engine sends no burst: the engine still computes every due frame, but at most
    // one frame per engine tick reaches a real receiver.
    void stalledEngineSendsNoBurst() {
        QUdpSocket receiver;
        QVERIFY(receiver.bind(QHostAddress::LocalHost, 0));
        const Session session =
            readSessionFile(OSSYNAPSE_RECORDINGS_DIR "/burst-heavy.jsonl").session;
        QThread engineThread;
        auto* producer = new FrameProducer;
        producer->moveToThread(&engineThread);
        connect(&engineThread, &QThread::finished, producer, &QObject::deleteLater);
        std::atomic<int> produced{0};
        connect(
            producer, &FrameProducer::frameProduced, this, [&produced] { ++produced; },
            Qt::DirectConnection);
        engineThread.start();
        const auto onEngine = [producer](auto call) {
            QMetaObject::invokeMethod(producer, call, Qt::BlockingQueuedConnection);
        };
        onEngine([&] {
            producer->setLoop(true);
            producer->loadSession(session);
            producer->addOutput(u"ddp://127.0.0.1:%1"_s.arg(receiver.localPort()));
            producer->setPlaying(true);
            producer->start(100.0);
        });
        std::size_t received = 0;
        const auto receive = [&] { received += drain(receiver).frames.size(); };
        QTRY_VERIFY((receive(), received >= 20));
        // Three stalls of 300 ms: each leaves at least 30 frames due at once.
        for (int stall = 0; stall < 3; ++stall) {
            QMetaObject::invokeMethod(producer, [] { QThread::msleep(300); });
            const int before = produced;
            QTRY_VERIFY_WITH_TIMEOUT((receive(), produced >= before + 60), 5000);
        }
        EngineSnapshot snapshot;
        int producedAtStop = 0;
        onEngine([&] {
            producer->closeOutputs();  // the last frame sent: the black one
            snapshot = producer->snapshot();
            producedAtStop = produced;
        });
        engineThread.quit();
        engineThread.wait();
        QTest::qWait(50);
        receive();
        // Every due frame was computed: the stalls left many frames per tick.
        QVERIFY2(static_cast<quint64>(producedAtStop) >= snapshot.ticks + 80,
                 qPrintable(u"%1 frames in %2 ticks"_s.arg(producedAtStop).arg(snapshot.ticks)));
        // ...and no tick sent more than one (the black frame at the end is the only extra).
        QVERIFY2(received <= snapshot.ticks + 1,
                 qPrintable(u"%1 frames received in %2 ticks"_s.arg(received).arg(snapshot.ticks)));
    }
};

QTEST_GUILESS_MAIN(TestFrameSinks)
#include "tst_frame_sinks.moc"
