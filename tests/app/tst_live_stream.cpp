#include <QDir>
#include <QFile>
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

// One chat-completions event with this delta.
QByteArray chunk(const QByteArray& delta, const QByteArray& finish = "null") {
    return MisbehavingServer::chatChunk(delta, finish);
}

QByteArray threeTokens() {
    return chunk(R"({"reasoning":"Let"})") + chunk(R"({"reasoning":" me"})") +
           chunk(R"({"content":"Hi"})");
}

QByteArray completeBody() {
    return threeTokens() + chunk("{}", "\"stop\"") +
           "data: {\"choices\":[],\"usage\":{\"completion_tokens\":3}}\n\n" + "data: [DONE]\n\n";
}

QByteArray apiKey() {
    return "sk-test-7f3a9c1e-quoted-back-by-the-server";
}

// Servers that quote the key back. (Plain strings: moc misreads braces in raw strings.)
QByteArray keyQuoting401Body() {
    return "{\"error\":{\"message\":\"Incorrect API key provided: " + apiKey() +
           "\",\"code\":\"invalid_api_key\"}}";
}

QByteArray keyNamingErrorEvent() {
    return "data: {\"error\":{\"message\":\"key " + apiKey() +
           " was revoked\",\"code\":\"revoked\",\"key\":\"" + apiKey() + "\"}}\n\n";
}

QByteArray keyNamingErrorField() {
    return "error: {\"message\":\"bad key " + apiKey() + "\"}\n\ndata: [DONE]\n\n";
}

QByteArray keyEchoingAnswer() {
    return chunk("{\"content\":\"your key is " + apiKey() + "\"}") + chunk("{}", "\"stop\"") +
           "data: {\"choices\":[],\"usage\":{\"note\":\"" + apiKey() +
           "\",\"completion_tokens\":1}}\n\ndata: [DONE]\n\n";
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
    QByteArray recordingBytes;
    std::size_t comments = 0;  // keep-alive comments the client read
};

QByteArray fixture(const QString& name) {
    QFile file(QStringLiteral(OSSYNAPSE_STREAM_FIXTURES "/") + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// "R'Let' C'Hi'": the channel and text of each event, in order.
QString describe(const QList<TokenEvent>& events) {
    QStringList parts;
    for (const TokenEvent& e : events) {
        parts << (e.channel == Channel::Reasoning ? QStringLiteral("R'") : QStringLiteral("C'")) +
                     QString::fromStdString(e.text) + QLatin1Char('\'');
    }
    return parts.join(QLatin1Char(' '));
}

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
    outcome.comments = stream.result().summary.comments;
    outcome.recording = readSessionFile(recordPath.toStdString());
    QFile file(recordPath);
    if (file.open(QIODevice::ReadOnly)) {
        outcome.recordingBytes = file.readAll();
    }
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
        const Outcome o =
            streamOnce(requestFor(server.url(), 1.0), dir.filePath(QStringLiteral("s.jsonl")));
        QVERIFY(!o.complete);
        QVERIFY2(o.error.startsWith(QStringLiteral("stalled: no data from")), qPrintable(o.error));
        // Gave up while the comments still came (near the 1 s stall timeout, not at the end).
        QVERIFY2(o.comments < 40, qPrintable(QString::number(o.comments)));
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
        stream.cancel();
        QVERIFY(finished.wait(3000));
        QCOMPARE(finished.at(0).at(1).toString(), QStringLiteral("cancelled"));
        QVERIFY2(tokens.count() < 60, qPrintable(QString::number(tokens.count())));  // not all
        const LoadedSession back =
            readSessionFile(dir.filePath(QStringLiteral("s.jsonl")).toStdString());
        QVERIFY(back.session.end.has_value());
        QCOMPARE(sessionOutcome(back.session), SessionOutcome::Cancelled);
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
    // channels, token counts and texts, in the same order. (Times depend on the machine's load:
    // they belong in benchmarks, not here.)
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
        for (std::size_t i = 0; i < back.events.size(); ++i) {
            QCOMPARE(back.events[i].channel, original.events[i].channel);
            QCOMPARE(back.events[i].tokens, original.events[i].tokens);
            QCOMPARE(back.events[i].text, original.events[i].text);
            QVERIFY(i == 0 || back.events[i].t >= back.events[i - 1].t);
        }
        QVERIFY(back.end->usage == original.end->usage);
        QVERIFY(served.count() == 1 || served.wait(2000));
    }

    // The shapes real servers send (../shared/fixtures/field/README.md), each kind from the
    // project's own fixture, through the real client over a loopback socket.
    void fieldKinds_data() {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("events");
        QTest::addColumn<bool>("complete");
        QTest::addColumn<QString>("error");  // a part of the error, or empty
        QTest::addColumn<QString>("outcome");
        const QByteArray sse = MisbehavingServer::okHead();
        QTest::newRow("reasoning and content in one delta (vLLM)")
            << sse << fixture(QStringLiteral("reasoning-and-content-in-one-delta.sse"))
            << "R'Thinking' R' done.' C'Answer' R' Also' C' here'" << true << ""
            << "finished";
        QTest::newRow("content as typed blocks (Mistral)")
            << sse << fixture(QStringLiteral("content-as-typed-blocks.sse"))
            << "R'Hmm' R', greet' C'Hi' C' you' C'!'" << true << ""
            << "finished";
        QTest::newRow("error field line then [DONE] (llama.cpp 2025)")
            << sse << fixture(QStringLiteral("error-field-then-done.sse")) << "" << false
            << "server error 400: the request exceeds the available context size"
            << "error";
        QTest::newRow("named error event without an error member")
            << sse << fixture(QStringLiteral("named-error-event.sse")) << "C'Par'" << false
            << "server error: Overloaded, try again"
            << "error";
        QTest::newRow("[DONE] before any token or finish reason")
            << sse << fixture(QStringLiteral("done-without-an-answer.sse")) << "" << false
            << "before any token or finish reason: no answer arrived"
            << "truncated";
        QTest::newRow("data lines without blank lines between events")
            << sse << fixture(QStringLiteral("data-lines-without-blank-lines.sse"))
            << "R'Need a file.' C'Reading.'" << true << ""
            << "finished";
        QTest::newRow("usage number out of range (1e400)")
            << sse << fixture(QStringLiteral("usage-number-overflow.sse")) << "C'ok'" << true << ""
            << "finished";
        QTest::newRow("gzip-compressed body")
            << MisbehavingServer::head("text/event-stream", "Content-Encoding: gzip\r\n")
            << fixture(QStringLiteral("compressed.sse.gz")) << "R'Zipped' C'Unzipped'" << true << ""
            << "finished";
        QTest::newRow("Ollama's native API")
            << MisbehavingServer::head("application/x-ndjson")
            << fixture(QStringLiteral("ollama-native-api.ndjson")) << "" << false
            << "answered with application/x-ndjson, not an event stream (text/event-stream): "
               "that is"
            << "error";
        QTest::newRow("one JSON reply instead of a stream")
            << MisbehavingServer::head("application/json")
            << QByteArray("{\"id\":\"x\",\"choices\":[{\"message\":{\"content\":\"Hi\"}}]}") << ""
            << false
            << "answered with application/json, not an event stream (text/event-stream): a "
               "single reply instead of a stream; check that"
            << "error";
        QTest::newRow("a proxy's HTML page")
            << MisbehavingServer::head("text/html; charset=utf-8")
            << QByteArray("<!doctype html><html><body>Welcome</body></html>") << "" << false
            << "answered with text/html, not an event stream (text/event-stream): a web page"
            << "error";
    }
    void fieldKinds() {
        QFETCH(QByteArray, head);
        QFETCH(QByteArray, body);
        QFETCH(QString, events);
        QFETCH(bool, complete);
        QFETCH(QString, error);
        QFETCH(QString, outcome);
        QVERIFY(!body.isEmpty());
        MisbehavingServer server;
        server.script(head, MisbehavingServer::drip(body, 61, 1));
        QTemporaryDir dir;
        const Outcome o =
            streamOnce(requestFor(server.url()), dir.filePath(QStringLiteral("s.jsonl")));
        QCOMPARE(describe(o.events), events);
        QCOMPARE(o.complete, complete);
        if (error.isEmpty()) {
            QCOMPARE(o.error, QString());
        } else {
            QVERIFY2(o.error.contains(error), qPrintable(o.error));
        }
        QVERIFY2(
            outcome == QLatin1String("truncated") || !o.error.contains(QStringLiteral("truncated")),
            qPrintable(o.error));
        QVERIFY(o.recording.session.end.has_value());
        QCOMPARE(QString::fromLatin1(outcomeWord(sessionOutcome(o.recording.session)).data()),
                 outcome);
        QCOMPARE(describe(QList<TokenEvent>(o.recording.session.events.begin(),
                                            o.recording.session.events.end())),
                 events);
    }

    // A body that is not an event stream gets a hint that fits the base URL: adding /v1 is
    // advised only where the base URL does not already end in it (a trial found the Ollama hint
    // given for .../v1 as well).
    void foreignBodyHintFitsTheBaseUrl_data() {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QString>("basePath");
        QTest::addColumn<QString>("hint");
        QTest::addColumn<QString>("notHint");
        const QString give = QStringLiteral("give the OpenAI-compatible base URL");
        const QString already = QStringLiteral("already ends in /v1");
        QTest::newRow("ndjson, base without /v1")
            << QByteArray("application/x-ndjson") << QString() << give << already;
        QTest::newRow("ndjson, base ending in /v1")
            << QByteArray("application/x-ndjson") << QStringLiteral("/v1") << already << give;
        QTest::newRow("html, base without /v1")
            << QByteArray("text/html") << QString()
            << QStringLiteral("check the base URL, which usually ends in /v1") << already;
        QTest::newRow("html, base ending in /v1")
            << QByteArray("text/html") << QStringLiteral("/v1/") << already
            << QStringLiteral("usually ends in /v1");
        QTest::newRow("one JSON reply, base ending in /v1")
            << QByteArray("application/json") << QStringLiteral("/v1")
            << QStringLiteral("streams chat completions")
            << QStringLiteral("check that the base URL ends in /v1");
    }
    void foreignBodyHintFitsTheBaseUrl() {
        QFETCH(QByteArray, contentType);
        QFETCH(QString, basePath);
        QFETCH(QString, hint);
        QFETCH(QString, notHint);
        MisbehavingServer server;
        server.script(MisbehavingServer::head(contentType),
                      {{0, QByteArray("{\"model\":\"m\",\"done\":false}\n")}});
        QTemporaryDir dir;
        // The server's own URL ends in /v1; its root is the base a user who left /v1 out gives.
        const QString root = server.url().chopped(3);
        const Outcome o =
            streamOnce(requestFor(root + basePath), dir.filePath(QStringLiteral("s.jsonl")));
        QVERIFY(!o.complete);
        QVERIFY2(o.error.contains(QStringLiteral("not an event stream")), qPrintable(o.error));
        QVERIFY2(o.error.contains(hint), qPrintable(o.error));
        QVERIFY2(!o.error.contains(notHint), qPrintable(o.error));
    }

    // Every field case beside the project (../shared/fixtures/field), served as its README
    // says, with its right outcome.
    void sharedFieldFixtures_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<int>("reasoning");
        QTest::addColumn<int>("completion");
        QTest::addColumn<QString>("outcome");
        QTest::addColumn<QString>("error");
        const QDir field(QStringLiteral(OSSYNAPSE_SHARED_FIXTURES_DIR "/field"));
        if (!field.exists()) {
            return;
        }
        const struct {
            const char* file;
            const char* contentType;
            int reasoning;
            int completion;
            const char* outcome;
            const char* error;
        } rows[] = {
            {"sse/S02-vllm-reasoning-and-content-one-delta.sse", "text/event-stream", 3, 2,
             "finished", ""},
            {"sse/S03-llamacpp-error-field-then-done.sse", "text/event-stream", 0, 0, "error",
             "server error 400: the request exceeds the available context size. try increasing "
             "the context size or enable context shift"},
            {"sse/S06-ollama-native-ndjson.ndjson", "application/x-ndjson", 0, 0, "error",
             "application/x-ndjson, not an event stream"},
            {"sse/S08-consecutive-data-lines-no-blank-line.sse", "text/event-stream", 1, 1,
             "finished", ""},
            {"sse/S17-mistral-content-as-list-of-blocks.sse", "text/event-stream", 3, 3, "finished",
             ""},
            {"hostile/chat_stream-usage-number-overflow.sse", "text/event-stream", 0, 0,
             "truncated", "the answer is truncated"},
        };
        QStringList listed;
        for (const auto& row : rows) {
            QTest::newRow(row.file)
                << field.filePath(QString::fromLatin1(row.file)) << QByteArray(row.contentType)
                << row.reasoning << row.completion << QString::fromLatin1(row.outcome)
                << QString::fromLatin1(row.error);
            listed << QString::fromLatin1(row.file);
        }
        for (const QString& file :
             QDir(field.filePath(QStringLiteral("sse"))).entryList(QDir::Files)) {
            QVERIFY2(listed.contains(QStringLiteral("sse/") + file),
                     qPrintable(file + QStringLiteral(" has no expected outcome")));
        }
    }
    void sharedFieldFixtures() {
        // A user's clone has no ../shared: no rows, and QFETCH would abort the whole binary.
        if (!QDir(QStringLiteral(OSSYNAPSE_SHARED_FIXTURES_DIR "/field")).exists()) {
            QSKIP("../shared/fixtures is not beside this clone");
        }
        QFETCH(QString, file);
        QFETCH(QByteArray, contentType);
        QFETCH(int, reasoning);
        QFETCH(int, completion);
        QFETCH(QString, outcome);
        QFETCH(QString, error);
        QFile input(file);
        QVERIFY(input.open(QIODevice::ReadOnly));
        MisbehavingServer server;
        server.script(MisbehavingServer::head(contentType), {{1, input.readAll()}});
        QTemporaryDir dir;
        const Outcome o =
            streamOnce(requestFor(server.url()), dir.filePath(QStringLiteral("s.jsonl")));
        const nlohmann::json& counted = o.recording.session.end->counted;
        QCOMPARE(counted.at("reasoning_chunks").get<int>(), reasoning);
        QCOMPARE(counted.at("completion_chunks").get<int>(), completion);
        QCOMPARE(QString::fromLatin1(outcomeWord(sessionOutcome(o.recording.session)).data()),
                 outcome);
        QVERIFY2(o.error.contains(error), qPrintable(o.error));
        QVERIFY(!counted.contains("malformed_events"));
    }

    // A server that quotes the key back: nothing shown or recorded holds it.
    void keyQuotedByTheServerIsRedacted_data() {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("error");
        QTest::newRow("401 that quotes the key")
            << MisbehavingServer::errorHead(401, "Unauthorized", keyQuoting401Body())
            << QByteArray()
            << "HTTP 401 from %1/chat/completions: Incorrect API key provided: [API key redacted]";
        QTest::newRow("mid-stream error naming the key")
            << MisbehavingServer::okHead() << threeTokens() + keyNamingErrorEvent()
            << "server error revoked: key [API key redacted] was revoked";
        QTest::newRow("an error field line naming the key")
            << MisbehavingServer::okHead() << keyNamingErrorField()
            << "server error: bad key [API key redacted]";
        QTest::newRow("tokens and usage that echo the key")
            << MisbehavingServer::okHead() << keyEchoingAnswer() << "";
    }
    void keyQuotedByTheServerIsRedacted() {
        QFETCH(QByteArray, head);
        QFETCH(QByteArray, body);
        QFETCH(QString, error);
        const QByteArray key = apiKey();
        qputenv("OSSYNAPSE_API_KEY", key);
        MisbehavingServer server;
        server.script(head, body.isEmpty() ? QList<MisbehavingServer::Step>{}
                                           : QList<MisbehavingServer::Step>{{5, body}});
        QTemporaryDir dir;
        const Outcome o =
            streamOnce(requestFor(server.url()), dir.filePath(QStringLiteral("s.jsonl")));
        qunsetenv("OSSYNAPSE_API_KEY");
        QVERIFY(server.request().contains("Authorization: Bearer " + key));  // it was sent
        QCOMPARE(o.error, error.contains(QLatin1String("%1")) ? error.arg(server.url()) : error);
        QVERIFY(!o.error.contains(QString::fromLatin1(key)));
        for (const TokenEvent& event : o.events) {
            QVERIFY(event.text.find(key.toStdString()) == std::string::npos);
        }
        QVERIFY(!o.recordingBytes.isEmpty());
        QVERIFY2(!o.recordingBytes.contains(key), o.recordingBytes.constData());
        QVERIFY(!o.recordingBytes.contains(key.left(key.size() / 2)));
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

    // A tap's telemetry during a live answer goes into its recording, except weight matrices:
    // megabytes a frame that light nothing (the defect: every frame was written, a training run
    // beside a chat grew the recording by the model's size each second).
    void telemetryIsRecordedWithoutWeights() {
        MisbehavingServer server;
        server.script(MisbehavingServer::okHead(), {{5, threeTokens()}, {300, completeBody()}});
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.jsonl"));
        LiveStream stream;
        bool recorded = false;
        QObject::connect(&stream, &LiveStream::tokenArrived, [&](const TokenEvent&) {
            if (recorded) {
                return;
            }
            recorded = true;
            WeightMatrix matrix;
            matrix.rows = 2;
            matrix.cols = 2;
            matrix.name = "blocks.0.weight";
            matrix.values = {0.5f, -0.5f, 0.25f, 0.0f};
            stream.recordTelemetry(matrix);
            TrainingStep step;
            step.step = 3;
            step.loss = 2.5f;
            stream.recordTelemetry(step);
        });
        QSignalSpy finished(&stream, &LiveStream::finished);
        stream.start(requestFor(server.url()), "hello", path.toStdString());
        QVERIFY(finished.wait(10000));
        QVERIFY(recorded);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY2(bytes.contains("\"type\":\"training\""), bytes.constData());
        QVERIFY2(!bytes.contains("\"type\":\"weights\""), bytes.constData());
        QVERIFY(!bytes.contains("blocks.0.weight"));
    }
};

QTEST_GUILESS_MAIN(TestLiveStream)
#include "tst_live_stream.moc"
