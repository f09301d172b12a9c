#include <QDir>
#include <QFile>
#include <QTest>
#include <random>

#include "core/chat_stream.h"
#include "tests/core/chat_stream_cases.h"

using namespace ossynapse;

namespace {

struct Decoded {
    std::vector<ChatDelta> deltas;
    ChatStreamSummary summary;
};

// Feeds `text` cut into pieces of the given sizes (cycling); 0 means all at once.
Decoded decode(std::string_view text, const std::vector<std::size_t>& cuts = {}) {
    ChatStreamDecoder decoder;
    Decoded result;
    std::size_t at = 0;
    std::size_t cut = 0;
    while (at < text.size()) {
        const std::size_t size = cuts.empty() ? text.size() : cuts[cut++ % cuts.size()];
        decoder.feed(text.substr(at, size), result.deltas);
        at += size;
    }
    decoder.finish(result.deltas);
    result.summary = decoder.summary();
    return result;
}

// "R'Let' R' me' C'Hi'" plus "R*" for encrypted reasoning, "xN" for multi-token chunks.
QString describe(const std::vector<ChatDelta>& deltas) {
    QStringList parts;
    for (const ChatDelta& d : deltas) {
        QString part = d.channel == Channel::Reasoning ? QStringLiteral("R") : QStringLiteral("C");
        part += d.encrypted ? QStringLiteral("*")
                            : QStringLiteral("'%1'").arg(QString::fromStdString(d.text));
        if (d.tokens != 1) {
            part += QStringLiteral("x%1").arg(d.tokens);
        }
        parts << part;
    }
    return parts.join(QLatin1Char(' '));
}

QString outcome(const ChatStreamSummary& s) {
    QString text = QString::fromLatin1(outcomeName(s.outcome()).data());
    if (!s.finishReason.empty()) {
        text += QStringLiteral(" finish=") + QString::fromStdString(s.finishReason);
    }
    if (s.error) {
        text += QStringLiteral(" error=%1(%2)")
                    .arg(QString::fromStdString(s.error->message),
                         QString::fromStdString(s.error->code));
    }
    if (auto tokens = s.usageCompletionTokens()) {
        text += QStringLiteral(" usage=%1").arg(*tokens);
    }
    if (auto tokens = s.usageReasoningTokens()) {
        text += QStringLiteral("/%1").arg(*tokens);
    }
    return text;
}

QString sharedFixtures() {
    return QStringLiteral(OSSYNAPSE_SHARED_SSE_DIR);
}

QByteArray readFile(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

}  // namespace

class TestChatStream : public QObject {
    Q_OBJECT
  private slots:
    // One row per edge case a real server produces.
    void classification_data() {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<QString>("deltas");
        QTest::addColumn<QString>("outcome");
        addChatStreamCases();
    }
    void classification() {
        QFETCH(QByteArray, stream);
        QFETCH(QString, deltas);
        QFETCH(QString, outcome);
        const std::string_view text(stream.constData(), static_cast<std::size_t>(stream.size()));
        const Decoded whole = decode(text);
        QCOMPARE(describe(whole.deltas), deltas);
        QCOMPARE(::outcome(whole.summary), outcome);
        // Fed one byte at a time and in uneven pieces: the same.
        for (const std::vector<std::size_t>& cuts :
             {std::vector<std::size_t>{1}, std::vector<std::size_t>{3, 7, 2},
              std::vector<std::size_t>{13, 1}}) {
            const Decoded split = decode(text, cuts);
            QCOMPARE(describe(split.deltas), deltas);
            QCOMPARE(::outcome(split.summary), outcome);
        }
    }

    void malformedPayloadHasItsPosition() {
        const std::string text =
            "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\ndata: {oops\n\n";
        const Decoded decoded = decode(text);
        QCOMPARE(decoded.summary.malformed.size(), std::size_t{1});
        QCOMPARE(decoded.summary.malformed[0].offset, text.find("data: {oops"));
    }

    void commentsAreNotProgress() {
        const Decoded decoded = decode(": OPENROUTER PROCESSING\n\n: OPENROUTER PROCESSING\n\n");
        QVERIFY(decoded.deltas.empty());
        QCOMPARE(decoded.summary.comments, std::size_t{2});
        QCOMPARE(decoded.summary.outcome(), ChatOutcome::Truncated);
    }

    // The field cases beside the project (../shared/fixtures/field), with the outcomes their
    // README gives; the same kinds are rows of classification() above, so a clone without the
    // folder still tests them.
    void fieldTranscripts_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("reasoningChunks");
        QTest::addColumn<int>("completionChunks");
        QTest::addColumn<QString>("expectedOutcome");
        const QDir field(QStringLiteral(OSSYNAPSE_SHARED_FIXTURES_DIR "/field"));
        if (!field.exists()) {
            return;
        }
        const struct {
            const char* file;
            int reasoning;
            int completion;
            const char* outcome;
        } rows[] = {
            {"sse/S02-vllm-reasoning-and-content-one-delta.sse", 3, 2, "complete finish=stop"},
            {"sse/S03-llamacpp-error-field-then-done.sse", 0, 0,
             "error error=the request exceeds the available context size. try increasing the "
             "context size or enable context shift(400)"},
            {"sse/S06-ollama-native-ndjson.ndjson", 0, 0, "truncated"},
            {"sse/S08-consecutive-data-lines-no-blank-line.sse", 1, 1,
             "complete finish=tool_calls"},
            {"sse/S17-mistral-content-as-list-of-blocks.sse", 3, 3, "complete finish=stop"},
            {"hostile/chat_stream-usage-number-overflow.sse", 0, 0, "truncated"},
        };
        QStringList listed;
        for (const auto& row : rows) {
            QTest::newRow(row.file)
                << field.filePath(QString::fromLatin1(row.file)) << row.reasoning << row.completion
                << QString::fromLatin1(row.outcome);
            listed << QString::fromLatin1(row.file);
        }
        for (const QString& file :
             QDir(field.filePath(QStringLiteral("sse"))).entryList(QDir::Files)) {
            QVERIFY2(listed.contains(QStringLiteral("sse/") + file),
                     qPrintable(file + QStringLiteral(" has no expected outcome")));
        }
    }
    void fieldTranscripts() {
        if (!QDir(QStringLiteral(OSSYNAPSE_SHARED_FIXTURES_DIR "/field")).exists()) {
            // Without rows Qt Test still calls the function once, and QFETCH would abort.
            QSKIP("no ../shared/fixtures/field beside the project");
        }
        QFETCH(QString, file);
        QFETCH(int, reasoningChunks);
        QFETCH(int, completionChunks);
        QFETCH(QString, expectedOutcome);
        const QByteArray bytes = readFile(file);
        QVERIFY(!bytes.isEmpty());
        const std::string text(bytes.constData(), static_cast<std::size_t>(bytes.size()));
        for (const std::vector<std::size_t>& cuts :
             {std::vector<std::size_t>{}, std::vector<std::size_t>{1},
              std::vector<std::size_t>{5, 17}}) {
            const Decoded decoded = decode(text, cuts);
            QCOMPARE(static_cast<int>(decoded.summary.chunks[index(Channel::Reasoning)]),
                     reasoningChunks);
            QCOMPARE(static_cast<int>(decoded.summary.chunks[index(Channel::Completion)]),
                     completionChunks);
            QCOMPARE(outcome(decoded.summary), expectedOutcome);
            QVERIFY(decoded.summary.malformed.empty());
        }
    }

    // A server's number beyond a double's range (usage.completion_tokens of 1e400) is a
    // malformed event with its position, never an exception out of feed().
    void numberOutOfRangeIsMalformedNotFatal() {
        const std::string text =
            "data: {\"choices\":[{\"delta\":{\"content\":\"a\"},\"finish_reason\":\"stop\"}]}\n\n"
            "data: {\"choices\":[],\"usage\":{\"completion_tokens\":1e400}}\n\n";
        const Decoded decoded = decode(text);
        QCOMPARE(decoded.summary.malformed.size(), std::size_t{1});
        QCOMPARE(decoded.summary.malformed[0].offset, text.find("data: {\"choices\":[],"));
        QCOMPARE(decoded.summary.malformed[0].message,
                 std::string("payload is not valid JSON (number 1e400 is out of range)"));
        QVERIFY(decoded.summary.usage.is_null());
        QCOMPARE(decoded.summary.outcome(), ChatOutcome::Complete);
    }

    // Every transcript in the shared fixture folder, with the counts its README gives.
    void sharedTranscripts_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("reasoningChunks");
        QTest::addColumn<int>("completionChunks");
        QTest::addColumn<QString>("expectedOutcome");
        const QDir dir(sharedFixtures());
        if (!dir.exists()) {
            return;  // a user's clone without ../shared: the inline rows above still run
        }
        const struct {
            const char* file;
            int reasoning;
            int completion;
            const char* outcome;
        } rows[] = {
            {"ollama-gpt-oss-20b-reasoning.sse", 6, 7, "complete finish=stop"},
            {"openrouter-gpt-oss-20b-reasoning.sse", 16, 9, "complete finish=stop usage=27/17"},
            {"openrouter-midstream-error.sse", 3, 0,
             "error finish=error error=Provider returned error(502)"},
            {"tool-call-deltas.sse", 0, 0, "complete finish=tool_calls"},
            {"vllm-gpt-oss-120b-reasoning-content.sse", 7, 5, "complete finish=stop usage=13"},
            {"vllm-midstream-error.sse", 0, 2, "error error=CUDA out of memory(500)"},
            {"llamacpp-b7010-gpt-oss-20b-simple-fantasy.sse", 45, 2,
             "complete finish=stop usage=57"},
            {"openrouter-glm5turbo-reasoning-fantasy.sse", 21, 20, ""},
            {"openrouter-gpt5-encrypted-2025-09-fantasy.sse", 1, 2, ""},
            {"vllm-gpt-oss-20b-reasoning_content-pr25514.sse", 5, 0, "truncated"},
            {"llamacpp-b9554-timings-per-chunk-openai-php-issue780.sse", 2, 0, "truncated"},
            {"openrouter-kimik25-toolcall-fantasy.sse", 12, 0, ""},
            {"vllm-gpt-oss-responses-api-pr24938.sse", 5, 1, ""},
            {"openrouter-gpt-oss-20b-bedrock-ort.sse", 0, 1, ""},
            {"llamacpp-b6097-gpt-oss-harmony-in-content.sse", 16, 17, ""},
        };
        QStringList listed;
        for (const auto& row : rows) {
            QTest::newRow(row.file) << dir.filePath(QString::fromLatin1(row.file)) << row.reasoning
                                    << row.completion << QString::fromLatin1(row.outcome);
            listed << QString::fromLatin1(row.file);
        }
        // A transcript added to the folder must be added here too.
        for (const QString& file : dir.entryList({QStringLiteral("*.sse")}, QDir::Files)) {
            QVERIFY2(listed.contains(file),
                     qPrintable(file + QStringLiteral(" has no expected counts")));
        }
    }
    void sharedTranscripts() {
        if (!QDir(sharedFixtures()).exists()) {
            QSKIP("no ../shared/fixtures/sse beside the project");
        }
        QFETCH(QString, file);
        QFETCH(int, reasoningChunks);
        QFETCH(int, completionChunks);
        QFETCH(QString, expectedOutcome);
        const QByteArray bytes = readFile(file);
        QVERIFY(!bytes.isEmpty());
        const std::string text(bytes.constData(), static_cast<std::size_t>(bytes.size()));
        const Decoded whole = decode(text);
        QCOMPARE(static_cast<int>(whole.summary.chunks[index(Channel::Reasoning)]),
                 reasoningChunks);
        QCOMPARE(static_cast<int>(whole.summary.chunks[index(Channel::Completion)]),
                 completionChunks);
        QVERIFY(whole.summary.malformed.empty());
        if (!expectedOutcome.isEmpty()) {
            QCOMPARE(outcome(whole.summary), expectedOutcome);
        }
        for (const ChatDelta& delta : whole.deltas) {
            QVERIFY2(delta.text.find("<|") == std::string::npos, delta.text.c_str());
        }
        const QString expected = describe(whole.deltas);
        // Split at every byte: the same events.
        QCOMPARE(describe(decode(text, {1}).deltas), expected);
        // And with CRLF line ends, in random pieces.
        QByteArray crlf = bytes;
        crlf.replace("\n", "\r\n");
        std::mt19937 random(42);
        std::vector<std::size_t> cuts;
        for (int i = 0; i < 64; ++i) {
            cuts.push_back(1 + random() % 300);
        }
        const Decoded crlfDecoded =
            decode(std::string_view(crlf.constData(), static_cast<std::size_t>(crlf.size())), cuts);
        QCOMPARE(describe(crlfDecoded.deltas), expected);
        QCOMPARE(outcome(crlfDecoded.summary), outcome(whole.summary));
    }
};

QTEST_APPLESS_MAIN(TestChatStream)
#include "tst_chat_stream.moc"
