#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "app/stream/live_stream.h"
#include "app/stream/recording_server.h"
#include "core/session_reader.h"
#include "core/synthetic_session.h"
#include "misbehaving_server.h"

using namespace ossynapse;

namespace {

QByteArray chunk(const QByteArray& delta, const QByteArray& finish = "null") {
    return "data: {\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finish +
           "}]}\n\n";
}

QByteArray threeTokens() {
    return chunk(R"({"reasoning":"Let"})") + chunk(R"({"reasoning":" me"})") +
           chunk(R"({"content":"Hi"})");
}

QByteArray completeBody() {
    return threeTokens() + chunk("{}", "\"stop\"") +
           "data: {\"choices\":[],\"usage\":{\"completion_tokens\":3}}\n\n" + "data: [DONE]\n\n";
}

ChatRequest requestFor(const QString& url, double stallS = 5.0) {
    ChatRequest request =
        buildChatRequest(url.toStdString(), "test-model", "hello", ReasoningEffort::Default);
    request.stallTimeoutS = stallS;
    request.connectTimeoutS = 2.0;
    return request;
}

struct Outcome {
    bool complete = false;
    QString error;
    QList<TokenEvent> events;
    LoadedSession recording;
};

Outcome streamOnce(const ChatRequest& request, const QString& recordPath, int timeoutMs = 10000) {
    LiveStream stream;
    Outcome outcome;
    QObject::connect(&stream, &LiveStream::tokenArrived,
                     [&](const TokenEvent& e) { outcome.events.append(e); });
    QSignalSpy finished(&stream, &LiveStream::finished);
    stream.start(request, "hello", recordPath.toStdString());
    if (!finished.wait(timeoutMs)) {
        outcome.error = QStringLiteral("no finished signal");
        return outcome;
    }
    outcome.complete = finished.at(0).at(0).toBool();
    outcome.error = finished.at(0).at(1).toString();
    outcome.recording = readSessionFile(recordPath.toStdString());
    return outcome;
}

}  // namespace

class TestLiveStream : public QObject {
    Q_OBJECT
  private slots:
    void completeStreamIsRecorded() {
        MisbehavingServer server;
        server.script(MisbehavingServer::okHead(), {{5, completeBody()}});
        QTemporaryDir dir;
        const Outcome o =
            streamOnce(requestFor(server.url()), dir.filePath(QStringLiteral("s.jsonl")));
        QVERIFY2(o.complete, qPrintable(o.error));
        QCOMPARE(o.events.size(), 3);
        QCOMPARE(o.recording.session.events.size(), std::size_t{3});
        QVERIFY(o.recording.report.clean());
        QCOMPARE(o.recording.session.end->finishReason, std::string("stop"));
        QCOMPARE(o.recording.session.end->counted.at("reasoning_chunks").get<int>(), 2);
        QCOMPARE(o.recording.session.end->usage.at("completion_tokens").get<int>(), 3);
        // The request asked for a stream with usage, as OpenAI-compatible servers expect.
        QVERIFY(server.request().startsWith("POST /v1/chat/completions HTTP/1.1"));
        QVERIFY(server.request().contains("\"stream\":true"));
        QVERIFY(server.request().contains("\"include_usage\":true"));
        QCOMPARE(o.recording.session.header.source.at("kind").get<std::string>(),
                 std::string("live"));
    }

    // Slow drips and writes split anywhere (inside JSON, inside UTF-8) change nothing.
    void slowDripOfSplitWrites_data() {
        QTest::addColumn<int>("pieceBytes");
        QTest::addColumn<int>("everyMs");
        QTest::newRow("1 byte every ms") << 1 << 1;
        QTest::newRow("7 bytes every 3 ms") << 7 << 3;
        QTest::newRow("100 bytes every 20 ms") << 100 << 20;
    }
    void slowDripOfSplitWrites() {
        QFETCH(int, pieceBytes);
        QFETCH(int, everyMs);
        MisbehavingServer server;
        const QByteArray body = chunk("{\"content\":\"caf\xC3\xA9\"}") + completeBody();
        server.script(MisbehavingServer::okHead(),
                      MisbehavingServer::drip(body, pieceBytes, everyMs));
        QTemporaryDir dir;
        const Outcome o =
            streamOnce(requestFor(server.url()), dir.filePath(QStringLiteral("s.jsonl")), 30000);
        QVERIFY2(o.complete, qPrintable(o.error));
        QCOMPARE(o.events.size(), 4);
        QCOMPARE(QString::fromStdString(o.events.at(0).text), QString::fromUtf8("caf\xC3\xA9"));
        QVERIFY(o.events.last().t > o.events.first().t);
    }

    // What arrived before a hang-up stays in the recording; the session says it was cut off.
    void disconnectMidStream() {
        MisbehavingServer server;
        server.script(MisbehavingServer::okHead(), {{5, threeTokens()}, {5, "data: {\"choi"}});
        QTemporaryDir dir;
        const Outcome o =
            streamOnce(requestFor(server.url()), dir.filePath(QStringLiteral("s.jsonl")));
        QVERIFY(!o.complete);
        QVERIFY2(o.error.contains(QStringLiteral("truncated")), qPrintable(o.error));
        QCOMPARE(o.recording.session.events.size(), std::size_t{3});
        QCOMPARE(QString::fromStdString(o.recording.session.end->error), o.error);
    }

    void httpErrorsCarryTheServersWords_data() {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("reason");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("expected");
        QTest::newRow("401")
            << 401 << QByteArray("Unauthorized")
            << QByteArray(R"({"error":{"message":"No auth credentials found","code":401}})")
            << "HTTP 401 from %1/chat/completions: No auth credentials found";
        QTest::newRow("402") << 402 << QByteArray("Payment Required")
                             << QByteArray(
                                    R"({"error":{"message":"Insufficient credits","code":402}})")
                             << "HTTP 402 from %1/chat/completions: Insufficient credits";
        QTest::newRow("404") << 404 << QByteArray("Not Found")
                             << QByteArray(R"({"error":{"message":"Model not found: x"}})")
                             << "HTTP 404 from %1/chat/completions: Model not found: x";
        QTest::newRow("429") << 429 << QByteArray("Too Many Requests")
                             << QByteArray(
                                    R"({"error":{"message":"Rate limit exceeded","code":429}})")
                             << "HTTP 429 from %1/chat/completions: Rate limit exceeded";
        QTest::newRow("500 vLLM flat")
            << 500 << QByteArray("Internal Server Error")
            << QByteArray(R"({"object":"error","message":"CUDA out of memory"})")
            << "HTTP 500 from %1/chat/completions: CUDA out of memory";
        QTest::newRow("503 plain text")
            << 503 << QByteArray("Service Unavailable") << QByteArray("Loading model")
            << "HTTP 503 from %1/chat/completions: Loading model";
    }
    void httpErrorsCarryTheServersWords() {
        QFETCH(int, status);
        QFETCH(QByteArray, reason);
        QFETCH(QByteArray, body);
        QFETCH(QString, expected);
        MisbehavingServer server;
        server.script(MisbehavingServer::errorHead(status, reason, body), {});
        QTemporaryDir dir;
        const Outcome o =
            streamOnce(requestFor(server.url()), dir.filePath(QStringLiteral("s.jsonl")));
        QVERIFY(!o.complete);
        QCOMPARE(o.error, expected.arg(server.url()));
        QVERIFY(o.recording.session.events.empty());
        QCOMPARE(QString::fromStdString(o.recording.session.end->error), o.error);
    }

    void errorEventMidStream() {
        MisbehavingServer server;
        server.script(
            MisbehavingServer::okHead(),
            {{5, threeTokens()},
             {5,
              R"(data: {"error":{"code":502,"message":"Provider returned error"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]})"
              "\n\n"}});
        QTemporaryDir dir;
        const Outcome o =
            streamOnce(requestFor(server.url()), dir.filePath(QStringLiteral("s.jsonl")));
        QVERIFY(!o.complete);
        QCOMPARE(o.error, QStringLiteral("server error 502: Provider returned error"));
        QCOMPARE(o.recording.session.events.size(), std::size_t{3});
    }

    // Keep-alive comments are not progress: a stream of only comments stalls.
    void stallDespiteComments() {
        MisbehavingServer server;
        QList<MisbehavingServer::Step> steps = {{5, threeTokens()}};
        for (int i = 0; i < 40; ++i) {
            steps.append({100, ": OPENROUTER PROCESSING\n\n"});
        }
        server.script(MisbehavingServer::okHead(), steps, true);
        QTemporaryDir dir;
        QElapsedTimer clock;
        clock.start();
        const Outcome o =
            streamOnce(requestFor(server.url(), 1.0), dir.filePath(QStringLiteral("s.jsonl")));
        QVERIFY(!o.complete);
        QVERIFY2(o.error.startsWith(QStringLiteral("stalled: no data from")), qPrintable(o.error));
        QVERIFY(clock.elapsed() < 3500);  // gave up near the 1 s stall timeout, not at the end
        QCOMPARE(o.recording.session.events.size(), std::size_t{3});
    }

    void connectionRefused() {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 closedPort = probe.serverPort();
        probe.close();
        QTemporaryDir dir;
        const Outcome o =
            streamOnce(requestFor(QStringLiteral("http://127.0.0.1:%1/v1").arg(closedPort)),
                       dir.filePath(QStringLiteral("s.jsonl")));
        QVERIFY(!o.complete);
        QVERIFY2(o.error.contains(QStringLiteral("127.0.0.1")), qPrintable(o.error));
        QVERIFY(o.recording.session.end.has_value());
    }

    void cancelStopsAtOnce() {
        MisbehavingServer server;
        server.script(MisbehavingServer::okHead(),
                      MisbehavingServer::drip(completeBody().repeated(20), 40, 50), true);
        QTemporaryDir dir;
        LiveStream stream;
        QSignalSpy tokens(&stream, &LiveStream::tokenArrived);
        QSignalSpy finished(&stream, &LiveStream::finished);
        stream.start(requestFor(server.url()), "hello",
                     dir.filePath(QStringLiteral("s.jsonl")).toStdString());
        QVERIFY(tokens.wait(5000));
        QElapsedTimer clock;
        clock.start();
        stream.cancel();
        QVERIFY(finished.wait(3000));
        QVERIFY(clock.elapsed() < 1500);
        QCOMPARE(finished.at(0).at(1).toString(), QStringLiteral("cancelled"));
        QVERIFY(readSessionFile(dir.filePath(QStringLiteral("s.jsonl")).toStdString())
                    .session.end.has_value());
    }

    // The key goes to the server as a bearer token and nowhere else.
    void apiKeyIsSentButNeverRecorded() {
        const QByteArray key = "sk-test-7f3a9c1e-never-write-me";
        qputenv("OSSYNAPSE_API_KEY", key);
        MisbehavingServer server;
        server.script(MisbehavingServer::okHead(), {{5, completeBody()}});
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.jsonl"));
        const Outcome o = streamOnce(requestFor(server.url()), path);
        qunsetenv("OSSYNAPSE_API_KEY");
        QVERIFY(o.complete);
        QVERIFY(server.request().contains("Authorization: Bearer " + key));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains(key));
    }

    // A bundled recording served over loopback comes back as an equivalent session: same
    // channels, token counts and texts, times within 10 ms.
    void servedRecordingComesBackEquivalent() {
        const Session original = synthesizeSession(SyntheticKind::ShortAnswer, 1, "test");
        RecordingServer server(original, 1.0);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QSignalSpy served(&server, &RecordingServer::responseFinished);
        QTemporaryDir dir;
        const Outcome o =
            streamOnce(requestFor(QStringLiteral("http://127.0.0.1:%1/v1").arg(server.port())),
                       dir.filePath(QStringLiteral("back.jsonl")));
        QVERIFY2(o.complete, qPrintable(o.error));
        const Session& back = o.recording.session;
        QCOMPARE(back.events.size(), original.events.size());
        double worst = 0.0;
        for (std::size_t i = 0; i < back.events.size(); ++i) {
            QCOMPARE(back.events[i].channel, original.events[i].channel);
            QCOMPARE(back.events[i].tokens, original.events[i].tokens);
            QCOMPARE(back.events[i].text, original.events[i].text);
            worst = std::max(worst, std::abs(back.events[i].t - original.events[i].t));
        }
        QVERIFY2(worst < 0.010,
                 qPrintable(QStringLiteral("worst time difference %1 s").arg(worst)));
        QVERIFY(back.end->usage == original.end->usage);
        QVERIFY(served.count() == 1 || served.wait(2000));
    }

    // Multi-token events come back with their token counts (via running counts).
    void multiTokenEventsKeepTheirCounts() {
        const Session original = synthesizeSession(SyntheticKind::BurstHeavy, 3, "test");
        RecordingServer server(original, 8.0);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QTemporaryDir dir;
        const Outcome o =
            streamOnce(requestFor(QStringLiteral("http://127.0.0.1:%1/v1").arg(server.port())),
                       dir.filePath(QStringLiteral("back.jsonl")));
        QVERIFY2(o.complete, qPrintable(o.error));
        std::array<std::int64_t, 2> sent{}, received{};
        for (const TokenEvent& e : original.events) {
            sent[index(e.channel)] += e.tokens;
        }
        for (const TokenEvent& e : o.recording.session.events) {
            received[index(e.channel)] += e.tokens;
        }
        QCOMPARE(received, sent);
    }
};

QTEST_GUILESS_MAIN(TestLiveStream)
#include "tst_live_stream.moc"
