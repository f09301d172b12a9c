#include <QTemporaryDir>
#include <QTest>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/session_reader.h"
#include "core/session_writer.h"
#include "core/synthetic_session.h"

using namespace ossynapse;

namespace {

Session sampleSession() {
    Session session;
    session.header.created = "2026-11-24T10:00:00Z";
    session.header.prompt = "Why is the sky blue? \"quoted\"\nsecond line";
    session.header.source = {
        {"kind", "live"}, {"provider", "openrouter"}, {"model", "openai/gpt-oss-20b"}};
    session.events = {{0.1, Channel::Reasoning, 1, "We"},
                      {0.1234567891, Channel::Reasoning, 2, " need \u00e9"},
                      {0.5, Channel::Completion, 1, "Rayleigh"}};
    session.end = SessionEnd{0.6, "stop", {{"completion_tokens", 9}}, {}, nullptr};
    return session;
}

std::string fileText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

LoadedSession readText(const std::string& text) {
    std::istringstream in(text);
    return readSession(in, "mem.jsonl");
}

}  // namespace

class TestSession : public QObject {
    Q_OBJECT
  private slots:
    void writeThenReadRoundTrips() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("s.jsonl").toStdString();
        const Session written = sampleSession();
        writeSession(path, written);
        const LoadedSession loaded = readSessionFile(path);
        QVERIFY(loaded.report.clean());
        QCOMPARE(loaded.report.lines, std::size_t{5});
        QCOMPARE(loaded.session.header.prompt, written.header.prompt);
        QVERIFY(loaded.session.header.source == written.header.source);
        QCOMPARE(loaded.session.events.size(), written.events.size());
        // Times are kept to the microsecond.
        QCOMPARE(loaded.session.events[1].t, 0.123457);
        QCOMPARE(loaded.session.events[1].text, written.events[1].text);
        QCOMPARE(loaded.session.events[1].tokens, 2);
        QVERIFY(loaded.session.end.has_value());
        QCOMPARE(loaded.session.end->finishReason, std::string("stop"));
    }

    // Version 2: telemetry records between the tokens, in time order, read back the same.
    void telemetryRecordsRoundTrip() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("t.jsonl").toStdString();
        Session written = sampleSession();
        written.telemetry = {
            ModelMeta{0.0, "tiny", {{0, BlockKind::Attention, 64}, {1, BlockKind::Mlp, 256}}},
            SummaryBatch{0.25,
                         0,
                         1,
                         {{0, BlockKind::Attention, 0.5f, 2.0f, 11.25f, 1.75f},
                          {1, BlockKind::Mlp, -0.125f, 4.5f, 30.0f, 0.0f}}},
            SparseActivations{0.55, 1, {3, 17}, {0.75f, 1.5f}}};
        writeSession(path, written);
        const std::string text = fileText(path);
        QVERIFY(text.find("\"version\":3") != std::string::npos);
        // The sparse record at 0.55 s follows the token at 0.5 s.
        QVERIFY(text.find("\"type\":\"telemetry\",\"t\":0.55") > text.find("Rayleigh"));
        const LoadedSession loaded = readSessionFile(path);
        QVERIFY(loaded.report.clean());
        QCOMPARE(loaded.session.telemetry.size(), std::size_t{3});
        QVERIFY(loaded.session.telemetry == written.telemetry);
        QCOMPARE(loaded.session.events.size(), written.events.size());
    }

    // Version 3: the header remembers the parameters and rig; control changes are params
    // records in time order among the tokens; all read back equal.
    void setupAndParameterChangesRoundTrip() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("p.jsonl").toStdString();
        Session written = sampleSession();
        Parameters start;
        start.gamma = 2.8;
        start.idleGapFactor = 4.0;
        Rig rig = Rig::defaultSkull();
        rig.name = "recorded rig";
        rig.lobes.front().color = Rgb8{1, 2, 3};
        written.header.parameters = start;
        written.header.rig = rig;
        Parameters dimmer = start;
        dimmer.masterBrightness = 0.3;
        written.parameterChanges = {{0.2, dimmer}, {0.55, start}};
        writeSession(path, written);
        const std::string text = fileText(path);
        QVERIFY(text.find("\"version\":3") != std::string::npos);
        QVERIFY(text.find(R"({"type":"params","t":0.2,"parameters":{)") != std::string::npos);
        // In time order among the tokens: 0.2 after the token at 0.1234, before the one at 0.5.
        QVERIFY(text.find(R"("type":"params","t":0.2)") > text.find("need"));
        QVERIFY(text.find(R"("type":"params","t":0.2)") < text.find("Rayleigh"));
        const LoadedSession loaded = readSessionFile(path);
        QVERIFY(loaded.report.clean());
        QVERIFY(loaded.session.header.parameters == start);
        QVERIFY(loaded.session.header.rig == rig);
        QVERIFY(loaded.session.parameterChanges == written.parameterChanges);
        QCOMPARE(loaded.session.duration(), 0.6);
    }

    // Older recordings have no setup: the header's null parameters and absent rig read empty.
    void versionTwoHasNoSetup() {
        const LoadedSession loaded = readText(
            R"({"type":"header","format":"ossynapse-session","version":2,"created":"x","source":{},"prompt":"p","parameters":null})"
            "\n"
            R"({"type":"token","t":0.1,"channel":"completion","tokens":1,"text":"Hi"})"
            "\n");
        QCOMPARE(loaded.session.header.version, 2);
        QVERIFY(!loaded.session.header.parameters);
        QVERIFY(!loaded.session.header.rig);
        QVERIFY(loaded.session.parameterChanges.empty());
    }

    // Live, tokens and telemetry come from two sources: one may lead the other a little.
    void interleavedSourcesMayLeadEachOther() {
        const LoadedSession loaded = readText(
            R"({"type":"header","format":"ossynapse-session","version":2})"
            "\n"
            R"({"type":"telemetry","t":1.002,"message":{"type":"summary","step":0,"layers":[]}})"
            "\n"
            R"({"type":"token","t":1.001,"channel":"completion","tokens":1,"text":"a"})"
            "\n");
        QCOMPARE(loaded.session.events.size(), std::size_t{1});
        QCOMPARE(loaded.session.telemetry.size(), std::size_t{1});
    }

    // A version 1 file, as the first releases wrote it, still reads.
    void versionOneStillReads() {
        const LoadedSession loaded = readText(
            R"({"type":"header","format":"ossynapse-session","version":1,"created":"x","source":{},"prompt":"p","parameters":null})"
            "\n"
            R"({"type":"token","t":0.1,"channel":"completion","tokens":1,"text":"Hi"})"
            "\n"
            R"({"type":"end","t":0.2,"finish_reason":"stop","usage":null})"
            "\n");
        QCOMPARE(loaded.session.header.version, 1);
        QCOMPARE(loaded.session.events.size(), std::size_t{1});
        QVERIFY(loaded.session.telemetry.empty());
        QVERIFY(!loaded.session.header.parameters);
    }

    // Each line reaches the file as it is written: a reader sees it before the writer ends.
    void writerFlushesEveryLine() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("live.jsonl").toStdString();
        SessionWriter writer(path, sampleSession().header);
        writer.write({0.25, Channel::Completion, 1, "Hi"});
        const LoadedSession partial = readSessionFile(path);
        QCOMPARE(partial.session.events.size(), std::size_t{1});
        QVERIFY(partial.report.missingEnd);
        QCOMPARE(partial.report.describe(), std::string("truncated: no end record"));
    }

    // A live stream appends a network read's tokens and flushes once: nothing reaches the
    // file before the flush, everything after it.
    void appendedTokensReachTheFileAtFlush() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("live.jsonl").toStdString();
        SessionWriter writer(path, sampleSession().header);
        writer.append({0.25, Channel::Reasoning, 1, "a"});
        writer.append({0.25, Channel::Completion, 2, "b"});
        QCOMPARE(readSessionFile(path).session.events.size(), std::size_t{0});
        writer.flush();
        QCOMPARE(readSessionFile(path).session.events.size(), std::size_t{2});
        SessionEnd end;
        end.t = 0.5;
        end.outcome = SessionOutcome::Cancelled;
        writer.finish(end);
        const LoadedSession loaded = readSessionFile(path);
        QCOMPARE(loaded.session.events.size(), std::size_t{2});
        QCOMPARE(sessionOutcome(loaded.session), SessionOutcome::Cancelled);
    }

    // The token line built by hand is byte for byte the JSON tree's dump.
    void tokenLineMatchesTheJsonDump_data() {
        QTest::addColumn<double>("t");
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("plain") << 0.25 << QByteArray("Hello, world");
        QTest::newRow("empty") << 0.0 << QByteArray("");
        QTest::newRow("whole second") << 3.0 << QByteArray("x");
        QTest::newRow("microseconds") << 0.000001 << QByteArray("x");
        QTest::newRow("rounded to microseconds") << 12.3456789 << QByteArray("x");
        QTest::newRow("large t") << 99999.999999 << QByteArray("x");
        QTest::newRow("quotes and backslash") << 1.5 << QByteArray("say \"hi\" \\ ok");
        QTest::newRow("control characters") << 1.5 << QByteArray("a\nb\tc\x01\x7f");
        QTest::newRow("utf-8") << 1.5 << QByteArray("caf\xC3\xA9 \xF0\x9F\xA7\xA0");
        QTest::newRow("invalid utf-8 is replaced") << 1.5 << QByteArray("cut \xE2\x82 and \xFF");
    }
    void tokenLineMatchesTheJsonDump() {
        QFETCH(double, t);
        QFETCH(QByteArray, text);
        const TokenEvent event{t, Channel::Completion, 3, text.toStdString()};
        std::string line;
        appendTokenLine(line, event);
        QCOMPARE(line, eventToJson(event).dump(-1, ' ', false,
                                               nlohmann::ordered_json::error_handler_t::replace) +
                           "\n");
    }

    // Recordings without an "outcome" (older ones) get one from their end record.
    void outcomeOfOlderRecordings() {
        Session session = sampleSession();
        session.end = SessionEnd{};
        QCOMPARE(sessionOutcome(session), SessionOutcome::Finished);
        session.end->error = "HTTP 401: nope";
        QCOMPARE(sessionOutcome(session), SessionOutcome::Error);
        session.end->error = "cancelled";
        QCOMPARE(sessionOutcome(session), SessionOutcome::Cancelled);
        session.end.reset();
        QCOMPARE(sessionOutcome(session), SessionOutcome::Truncated);
    }

    // A process killed mid-line leaves a partial last line: cut the file at every byte of it
    // and the reader keeps everything before and says how much it dropped.
    void truncatedLastLineIsTolerated() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("s.jsonl").toStdString();
        writeSession(path, sampleSession());
        const std::string text = fileText(path);
        const std::size_t endLineStart = text.rfind('\n', text.size() - 2) + 1;
        const std::size_t lastEventStart = text.rfind('\n', endLineStart - 2) + 1;
        for (std::size_t cut = lastEventStart + 1; cut < endLineStart - 1; ++cut) {
            const LoadedSession loaded = readText(text.substr(0, cut));
            QCOMPARE(loaded.session.events.size(), std::size_t{2});
            QCOMPARE(loaded.report.droppedBytes, cut - lastEventStart);
            QVERIFY(loaded.report.missingEnd);
            QVERIFY(!loaded.session.end);
        }
        const LoadedSession cutAfterNewline = readText(text.substr(0, endLineStart));
        QCOMPARE(cutAfterNewline.session.events.size(), std::size_t{3});
        QCOMPARE(cutAfterNewline.report.droppedBytes, std::size_t{0});
        QVERIFY(cutAfterNewline.report.missingEnd);
    }

    // Damage anywhere but an unfinished last line is refused with its line number.
    void corruptionIsRefusedWithLineNumber_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        const QString header = R"({"type":"header","format":"ossynapse-session","version":1})";
        const QString token =
            R"({"type":"token","t":0.5,"channel":"completion","tokens":1,"text":"a"})";
        QTest::newRow("empty") << ""
                               << "mem.jsonl: empty file, not an OSSynapse recording";
        QTest::newRow("not a recording")
            << R"({"hello":1})"
               "\n"
            << R"(mem.jsonl:1: not an OSSynapse recording: the first line must be the header {"type":"header","format":"ossynapse-session",...})";
        QTest::newRow("bad JSON in the middle") << header + "\n{broken\n" + token + "\n"
                                                << "mem.jsonl:2: not a JSON object (bad JSON)";
        QTest::newRow("unknown channel")
            << header + "\n" + R"({"type":"token","t":1,"channel":"thinking","tokens":1})" + "\n"
            << R"(mem.jsonl:2: 'channel' must be "reasoning" or "completion")";
        QTest::newRow("unknown outcome")
            << header + "\n" + token + "\n" + R"({"type":"end","t":1,"outcome":"complete"})" + "\n"
            << R"(mem.jsonl:3: 'outcome' must be "finished", "error", "truncated" or "cancelled")";
        QTest::newRow("time runs backwards")
            << header + "\n" + token + "\n" +
                   R"({"type":"token","t":0.2,"channel":"reasoning","tokens":1})" + "\n"
            << "mem.jsonl:3: time 0.2 s is before the previous record's 0.5 s";
        QTest::newRow("zero tokens")
            << header + "\n" + R"({"type":"token","t":1,"channel":"reasoning","tokens":0})" + "\n"
            << "mem.jsonl:2: 'tokens' must be a whole number from 1";
        QTest::newRow("record after end")
            << header + "\n" + R"({"type":"end","t":1})" + "\n" + token + "\n"
            << "mem.jsonl:3: a record follows the end record";
        QTest::newRow("unknown type") << header + "\n" + R"({"type":"mystery","t":1})" + "\n"
                                      << "mem.jsonl:2: unknown record type \"mystery\"";
        QTest::newRow("future version")
            << R"({"type":"header","format":"ossynapse-session","version":9})"
               "\n"
            << "mem.jsonl:1: recording version 9 is not supported (this build reads versions 1 to "
               "3)";
        QTest::newRow("negative time")
            << header + "\n" + R"({"type":"token","t":-1,"channel":"reasoning","tokens":1})" + "\n"
            << "mem.jsonl:2: 't' must be a time in seconds from 0";
        // Found by abuse: t = 1e300 was accepted, and a token at 1e5 s rendered tens of GB.
        QTest::newRow("time beyond seven days")
            << header + "\n" + R"({"type":"token","t":1e300,"channel":"reasoning","tokens":1})" +
                   "\n"
            << "mem.jsonl:2: 't' = 1e+300 s is beyond the longest session a recording may hold "
               "(604800 s, seven days)";
        // Found by fuzzing: a version of 2^32 + 1 wrapped to 1 and read as a version-1 file.
        QTest::newRow("version beyond 32 bits")
            << R"({"type":"header","format":"ossynapse-session","version":4294967297})"
               "\n"
            << "mem.jsonl:1: recording version 4294967297 is not supported (this build reads "
               "versions 1 to 3)";
        // Found by abuse: a line nested 200,000 deep overflowed the stack of `inspect`.
        QTest::newRow("nested beyond the limit")
            << header + "\n" + QString(600, '[') + QString(600, ']') + "\n"
            << "mem.jsonl:2: nests arrays and objects more than 512 deep; no record of a "
               "recording does";
        // Found by abuse: layer 1500000000 made render allocate 5.9 GB, 4294967295 crashed it.
        QTest::newRow("layer index beyond the limit")
            << header + "\n" +
                   R"({"type":"telemetry","t":1,"message":{"type":"summary","step":0,"layers":[{"layer":4294967295,"kind":"residual","mean":0,"max":0,"l2":1,"entropy":null}]}})" +
                   "\n"
            << "mem.jsonl:2: layer index 4294967295 is not below the limit of 4096 layers";
        QTest::newRow("telemetry runs backwards")
            << header + "\n" +
                   R"({"type":"telemetry","t":1,"message":{"type":"summary","step":0,"layers":[]}})" +
                   "\n" +
                   R"({"type":"telemetry","t":0.5,"message":{"type":"summary","step":1,"layers":[]}})" +
                   "\n"
            << "mem.jsonl:3: time 0.5 s is before the previous telemetry record's 1 s";
        QTest::newRow("telemetry without a message")
            << header + "\n" + R"({"type":"telemetry","t":1})" + "\n"
            << "mem.jsonl:2: a telemetry record needs a 'message' object";
        QTest::newRow("telemetry of an unknown kind")
            << header + "\n" +
                   R"({"type":"telemetry","t":1,"message":{"type":"summary","step":0,"layers":[{"layer":0,"kind":"conv"}]}})" +
                   "\n"
            << R"(mem.jsonl:2: telemetry 'summary': 'kind' must be "attention", "mlp" or "residual")";
        QTest::newRow("params record without parameters")
            << header + "\n" + R"({"type":"params","t":1})" + "\n"
            << "mem.jsonl:2: a params record needs a 'parameters' object";
        QTest::newRow("params record out of range")
            << header + "\n" + R"({"type":"params","t":1,"parameters":{"gamma":9}})" + "\n"
            << "mem.jsonl:2: parameter 'gamma' = 9 is out of range [1, 4]";
        QTest::newRow("params records run backwards")
            << header + "\n" + R"({"type":"params","t":1,"parameters":{}})" + "\n" +
                   R"({"type":"params","t":0.5,"parameters":{}})" + "\n"
            << "mem.jsonl:3: time 0.5 s is before the previous params record's 1 s";
        QTest::newRow("header parameters unknown")
            << R"({"type":"header","format":"ossynapse-session","version":3,"parameters":{"glow":1}})"
               "\n"
            << "mem.jsonl:1: header 'parameters': unknown parameter 'glow'";
        QTest::newRow("header rig not a rig")
            << R"({"type":"header","format":"ossynapse-session","version":3,"rig":[1]})"
               "\n"
            << "mem.jsonl:1: header 'rig': rig must be a JSON object";
    }
    void corruptionIsRefusedWithLineNumber() {
        QFETCH(QString, text);
        QFETCH(QString, message);
        try {
            readText(text.toStdString());
            QFAIL("accepted a corrupt recording");
        } catch (const InputError& error) {
            QCOMPARE(QString::fromStdString(error.what()), message);
        }
    }

    void finishedWriterRefusesMore() {
        QTemporaryDir dir;
        SessionWriter writer(dir.filePath("s.jsonl").toStdString(), sampleSession().header);
        writer.finish({1.0, "stop", nullptr, {}, nullptr});
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 writer.write({1.0, Channel::Reasoning, 1, "x"}));
    }

    void missingFileSaysSo() {
        try {
            readSessionFile("/nonexistent/session.jsonl");
            QFAIL("opened a missing file");
        } catch (const InputError& error) {
            QCOMPARE(QString::fromStdString(error.what()),
                     QStringLiteral(
                         "/nonexistent/session.jsonl: cannot open (No such file or directory)"));
        }
    }
};

QTEST_APPLESS_MAIN(TestSession)
#include "tst_session.moc"
