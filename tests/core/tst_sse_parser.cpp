#include <QTest>

#include "core/sse_parser.h"

using namespace ossynapse;

namespace {

std::vector<SseEvent> parseWhole(std::string_view text) {
    SseParser parser;
    std::vector<SseEvent> events;
    parser.feed(text, events);
    parser.finish(events);
    return events;
}

std::vector<SseEvent> parseBytewise(std::string_view text) {
    SseParser parser;
    std::vector<SseEvent> events;
    for (char c : text) {
        parser.feed(std::string_view(&c, 1), events);
    }
    parser.finish(events);
    return events;
}

QString describe(const std::vector<SseEvent>& events) {
    QStringList parts;
    for (const SseEvent& e : events) {
        QString part = QStringLiteral("[%1|%2|%3")
                           .arg(QString::fromStdString(e.event), QString::fromStdString(e.data),
                                QString::fromStdString(e.id));
        if (!e.error.empty()) {
            part += QStringLiteral("|error=") + QString::fromStdString(e.error);
        }
        parts << part + QLatin1Char(']');
    }
    return parts.join(QLatin1Char(' '));
}

}  // namespace

class TestSseParser : public QObject {
    Q_OBJECT
  private slots:
    void framing_data() {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("LF") << QByteArray("data: a\n\ndata: b\n\n") << "[|a|] [|b|]";
        QTest::newRow("CRLF") << QByteArray("data: a\r\n\r\ndata: b\r\n\r\n") << "[|a|] [|b|]";
        QTest::newRow("CR") << QByteArray("data: a\r\rdata: b\r\r") << "[|a|] [|b|]";
        QTest::newRow("mixed LF CRLF CR")
            << QByteArray("data: a\n\r\ndata: b\r\rdata: c\n\n") << "[|a|] [|b|] [|c|]";
        QTest::newRow("data without space") << QByteArray("data:{\"x\":1}\n\n") << "[|{\"x\":1}|]";
        QTest::newRow("only one space dropped") << QByteArray("data:  two\n\n") << "[| two|]";
        QTest::newRow("multi-line data")
            << QByteArray("data: {\"a\":\ndata: 1}\n\n") << "[|{\"a\":\n1}|]";
        QTest::newRow("comments ignored")
            << QByteArray(": OPENROUTER PROCESSING\n\ndata: x\n: ping\n\n") << "[|x|]";
        QTest::newRow("event and id fields")
            << QByteArray("event: response.output_text.delta\nid: 7\ndata: {}\n\n")
            << "[response.output_text.delta|{}|7]";
        QTest::newRow("unknown fields and retry ignored")
            << QByteArray("retry: 10\nfoo: bar\ndata: z\n\n") << "[|z|]";
        QTest::newRow("error field alone dispatches (llama.cpp 2025)")
            << QByteArray("error: {\"code\":400}\n\ndata: [DONE]\n\n")
            << "[|||error={\"code\":400}] [|[DONE]|]";
        QTest::newRow("blank lines without data dispatch nothing")
            << QByteArray("\n\n\nevent: x\n\n") << "";
        QTest::newRow("empty data is an event") << QByteArray("data:\n\n") << "[||]";
        QTest::newRow("no final blank line") << QByteArray("data: last") << "[|last|]";
        QTest::newRow("byte order mark") << QByteArray(
                                                "\xEF\xBB\xBF"
                                                "data: a\n\n")
                                         << "[|a|]";
        QTest::newRow("field without colon") << QByteArray("data\n\n") << "[||]";
        QTest::newRow("utf-8 text") << QByteArray("data: caf\xC3\xA9 \xF0\x9F\xA7\xA0\n\n")
                                    << QString::fromUtf8("[|caf\xC3\xA9 \xF0\x9F\xA7\xA0|]");
    }
    // Whole, and fed one byte at a time (every possible cut, including inside CRLF and inside
    // a UTF-8 sequence), the result is the same.
    void framing() {
        QFETCH(QByteArray, input);
        QFETCH(QString, expected);
        const std::string_view text(input.constData(), static_cast<std::size_t>(input.size()));
        QCOMPARE(describe(parseWhole(text)), expected);
        QCOMPARE(describe(parseBytewise(text)), expected);
    }

    void commentsAreCounted() {
        SseParser parser;
        std::vector<SseEvent> events;
        parser.feed(": a\n: b\ndata: x\n\n:c\n", events);
        QCOMPARE(parser.comments(), std::size_t{3});
        QCOMPARE(events.size(), std::size_t{1});
    }

    void offsetsPointAtTheEvent() {
        const std::string text = ": hi\n\ndata: one\n\nevent: e\ndata: two\n\n";
        const std::vector<SseEvent> events = parseBytewise(text);
        QCOMPARE(events.size(), std::size_t{2});
        QCOMPARE(events[0].offset, text.find("data: one"));
        QCOMPARE(events[1].offset, text.find("event: e"));
    }

    // Lines of many megabytes go through; beyond the limit the parser stops cleanly.
    void longLines() {
        const std::string payload(8u << 20, 'x');
        const std::vector<SseEvent> events = parseWhole("data: " + payload + "\n\n");
        QCOMPARE(events.size(), std::size_t{1});
        QCOMPARE(events[0].data.size(), payload.size());

        SseParser small(1024);
        std::vector<SseEvent> out;
        QVERIFY(!small.feed("data: " + std::string(2000, 'y') + "\n\n", out));
        QVERIFY(small.overflowed());
        QVERIFY(out.empty());
    }
};

QTEST_APPLESS_MAIN(TestSseParser)
#include "tst_sse_parser.moc"
