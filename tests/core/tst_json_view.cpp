#include <QDir>
#include <QFile>
#include <QTest>
#include <nlohmann/json.hpp>
#include <random>

#include "core/error.h"
#include "core/json_text.h"
#include "core/json_view.h"

using namespace ossynapse;

namespace {

// The reference: the whole-document reader every file, line and body goes through (nlohmann,
// with RFC 8259's rule that a raw NUL byte is never JSON), so the two readers must agree.
bool nlohmannAccepts(std::string_view text) {
    return !parseJsonTextOrDiscarded(text).is_discarded();
}

// Payloads in the shapes servers send, to mutate.
const std::vector<std::string> kSeeds = {
    R"({"id":"gen-1","model":"openai/gpt-oss-20b","choices":[{"index":0,"delta":{"role":"assistant","content":"","reasoning":" the","reasoning_details":[{"type":"reasoning.text","text":" the"}]},"finish_reason":null}]})",
    R"({"choices":[{"delta":{"content":"caf\u00e9 \ud83e\udde0 \"q\" \\ \/ \n\t"}}],"timings":{"predicted_n":12,"predicted_per_second":41.5e0}})",
    R"({"choices":[],"usage":{"completion_tokens":27,"completion_tokens_details":{"reasoning_tokens":17}}})",
    R"({"object":"error","message":"CUDA out of memory","type":"InternalServerError","param":null,"code":500})",
    R"([1,-2.5e-3,0,true,false,null,"x",{},[],{"a":{"b":[0.5]}}])",
    "{\"text\":\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\xA7\xA0\"}",
};

}  // namespace

class TestJsonView : public QObject {
    Q_OBJECT
  private slots:
    void acceptsWhatNlohmannAccepts_data() {
        QTest::addColumn<QByteArray>("text");
        for (std::size_t i = 0; i < kSeeds.size(); ++i) {
            QTest::addRow("seed %zu", i) << QByteArray::fromStdString(kSeeds[i]);
        }
        const std::vector<std::pair<const char*, const char*>> rows = {
            {"empty", ""},
            {"space only", "  "},
            {"two values", "{} {}"},
            {"trailing comma", "[1,]"},
            {"leading zero", "01"},
            {"bare dot", "1."},
            {"dot first", ".5"},
            {"minus alone", "-"},
            {"exponent alone", "1e"},
            {"exponent sign", "1e+5"},
            {"negative zero", "-0"},
            {"big number", "123456789012345678901234567890"},
            {"true prefix", "tru"},
            {"nul", "nul"},
            {"single quotes", "'a'"},
            {"unquoted key", "{a:1}"},
            {"missing colon", "{\"a\" 1}"},
            {"control char", "\"a\x01b\""},
            {"tab in string", "\"a\tb\""},
            {"bad escape", "\"\\x\""},
            {"short unicode", "\"\\u12\""},
            {"lone high surrogate", "\"\\ud83e\""},
            {"lone low surrogate", "\"\\udde0\""},
            {"good pair", "\"\\ud83e\\udde0\""},
            {"overlong utf-8", "\"\xC0\xAF\""},
            {"encoded surrogate", "\"\xED\xA0\x80\""},
            {"above U+10FFFF", "\"\xF4\x90\x80\x80\""},
            {"cut utf-8", "\"\xE2\x82\""},
            {"stray continuation", "\"\x80\""},
            {"nested", "[[[[[[[[[[]]]]]]]]]]"},
            {"unclosed", "{\"a\":[1,2"},
            {"whitespace everywhere", " { \"a\" : [ 1 , 2 ] } \r\n"},
            {"nul in string", "\"a\\u0000b\""},
            // Found by fuzzing (../shared/fixtures/field/hostile/json_view-number-overflow.json).
            {"number overflows a double", "[1e400]"},
            {"negative overflow", "-1.5E+309"},
            {"huge exponent", "1e99999999999999999999999"},
            {"underflow reads as zero", "[1e-400]"},
            {"tiny mantissa, big exponent", "0.0000001e310"},
            {"zero with big exponent", "0e999999"},
            {"just below the largest double", "1.7976931348623157e308"},
            {"usage with an overflowing count", R"({"usage":{"completion_tokens":1e400}})"},
        };
        for (const auto& [name, text] : rows) {
            QTest::newRow(name) << QByteArray(text);
        }
        // A document followed by a NUL byte and more
        // (../shared/fixtures/field/hostile/json_view-nul-terminates-nlohmann.json): refused.
        QTest::newRow("document, NUL, garbage") << QByteArray("{\"a\":1}\0garbage", 16);
        QTest::newRow("document, NUL") << QByteArray("{\"a\":1}\0", 8);
    }
    void acceptsWhatNlohmannAccepts() {
        QFETCH(QByteArray, text);
        const std::string_view view(text.constData(), static_cast<std::size_t>(text.size()));
        JsonView json;
        QCOMPARE(json.parse(view), nlohmannAccepts(view));
    }

    // Random damage to real payload shapes: both readers always agree on what is JSON.
    void agreesUnderRandomDamage() {
        std::mt19937 random(20261124);
        JsonView json;
        int accepted = 0;
        for (int round = 0; round < 20000; ++round) {
            std::string text = kSeeds[random() % kSeeds.size()];
            const int edits = 1 + static_cast<int>(random() % 3);
            for (int e = 0; e < edits && !text.empty(); ++e) {
                const std::size_t at = random() % text.size();
                switch (random() % 4) {
                    case 0:
                        text.erase(at, 1);
                        break;
                    case 1:
                        text.insert(at, 1, static_cast<char>(random() % 256));
                        break;
                    case 2:
                        text[at] = static_cast<char>(random() % 256);
                        break;
                    default:
                        text.resize(at);
                        break;
                }
            }
            const bool ours = json.parse(text);
            if (ours != nlohmannAccepts(text)) {
                QFAIL(qPrintable(QStringLiteral("disagree on: ") +
                                 QString::fromLatin1(QByteArray::fromStdString(text).toHex())));
            }
            accepted += ours;
        }
        QVERIFY(accepted > 100);  // some damage leaves valid JSON: both sides were exercised
    }

    void stringsUnescapeLikeNlohmann() {
        JsonView json;
        QVERIFY(json.parse(kSeeds[1]));
        const auto reference = nlohmann::json::parse(kSeeds[1]);
        const std::uint32_t choice = json.element(json.member(json.root(), "choices"), 0);
        const std::uint32_t content = json.member(json.member(choice, "delta"), "content");
        QCOMPARE(json.string(content),
                 reference["choices"][0]["delta"]["content"].get<std::string>());
        QCOMPARE(json.integer(json.member(json.member(json.root(), "timings"), "predicted_n")),
                 std::optional<std::int64_t>(12));
        QVERIFY(!json.integer(
            json.member(json.member(json.root(), "timings"), "predicted_per_second")));
    }

    // nlohmann alone reads up to a NUL byte and ignores the rest; both project readers refuse
    // the document, and the throwing one says where the NUL is.
    void nulByteIsRefusedByBothReaders_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("nulAt");
        // ../shared/fixtures/field/hostile/json_view-nul-terminates-nlohmann.json
        QTest::newRow("document, NUL, garbage") << QByteArray("{\"a\":1}\0garbage", 16) << 7;
        QTest::newRow("document, NUL") << QByteArray("{\"a\":1}\0", 8) << 7;
        QTest::newRow("NUL first") << QByteArray("\0{}", 3) << 0;
        QTest::newRow("raw NUL inside a string") << QByteArray("[\"a\0b\"]", 7) << 3;
    }
    void nulByteIsRefusedByBothReaders() {
        QFETCH(QByteArray, text);
        QFETCH(int, nulAt);
        const std::string_view view(text.constData(), static_cast<std::size_t>(text.size()));
        QVERIFY(parseJsonTextOrDiscarded(view).is_discarded());
        JsonView json;
        QVERIFY(!json.parse(view));
        QCOMPARE(findNulByte(view), std::optional<std::size_t>(static_cast<std::size_t>(nulAt)));
        try {
            parseJsonText(view);
            QFAIL("a text with a NUL byte was taken for JSON");
        } catch (const InputError& error) {
            QCOMPARE(QString::fromUtf8(error.what()),
                     QStringLiteral("a NUL byte at byte %1: JSON allows none").arg(nulAt));
        }
    }
    void escapedNulIsJson() {
        const std::string text = R"({"a":"x\u0000y"})";
        QCOMPARE(parseJsonText(text)["a"].get<std::string>(), std::string("x\0y", 3));
    }

    // The inputs found by fuzzing, where they sit beside the project.
    void hostileFixtures() {
        const QDir dir(QStringLiteral(OSSYNAPSE_SHARED_FIXTURES_DIR "/field/hostile"));
        const QStringList files = dir.entryList({QStringLiteral("json_view-*.json")}, QDir::Files);
        if (files.isEmpty()) {
            QSKIP("no ../shared/fixtures/field/hostile beside the project");
        }
        for (const QString& name : files) {
            QFile file(dir.filePath(name));
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray bytes = file.readAll();
            const std::string_view text(bytes.constData(), static_cast<std::size_t>(bytes.size()));
            JsonView json;
            QVERIFY2(json.parse(text) == nlohmannAccepts(text), qPrintable(name));
            QVERIFY2(!json.parse(text), qPrintable(name));
        }
    }

    void lastDuplicateKeyWins() {
        JsonView json;
        QVERIFY(json.parse(R"({"a":1,"a":2})"));
        QCOMPARE(json.integer(json.member(json.root(), "a")), std::optional<std::int64_t>(2));
        std::uint32_t a = JsonView::kNone;
        std::uint32_t missing = 0;
        json.members(json.root(), {{"a", &a}, {"b", &missing}});
        QCOMPARE(json.integer(a), std::optional<std::int64_t>(2));
        QCOMPARE(missing, JsonView::kNone);
    }
};

QTEST_APPLESS_MAIN(TestJsonView)
#include "tst_json_view.moc"
