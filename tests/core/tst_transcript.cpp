#include <QTest>
#include <vector>

#include "core/transcript.h"

using namespace ossynapse;

using Events = std::vector<TokenEvent>;
using Spans = std::vector<ChannelSpan>;
Q_DECLARE_METATYPE(Events)
Q_DECLARE_METATYPE(Spans)

namespace {

constexpr Channel R = Channel::Reasoning;
constexpr Channel C = Channel::Completion;

TokenEvent token(double t, Channel channel, const char* text) {
    return {t, channel, 1, text};
}

// Reasoning from 0.5 s to 1.5 s, then the answer from 3 s to 4 s.
Events reasoningThenAnswer() {
    return {token(0.5, R, "We"),    token(1.0, R, " need"), token(1.5, R, " sums."),
            token(3.0, C, "Forty"), token(3.5, C, "-five"), token(4.0, C, ".")};
}

QByteArray bytes(std::string_view text) {
    return QByteArray(text.data(), static_cast<qsizetype>(text.size()));
}

}  // namespace

class TestTranscript : public QObject {
    Q_OBJECT
  private slots:
    void showsWhatHadStreamedByATime_data() {
        QTest::addColumn<Events>("events");
        QTest::addColumn<double>("t");
        QTest::addColumn<QByteArray>("reasoning");
        QTest::addColumn<QByteArray>("answer");

        QTest::newRow("empty session") << Events{} << 1.0 << QByteArray() << QByteArray();
        const Events reasoningOnly = {token(0.5, R, "We"), token(1.0, R, " need")};
        QTest::newRow("reasoning only, before its first token")
            << reasoningOnly << 0.2 << QByteArray() << QByteArray();
        QTest::newRow("reasoning only, between tokens")
            << reasoningOnly << 0.7 << QByteArray("We") << QByteArray();
        // A token counts from its own time on: the cursor standing on it shows it.
        QTest::newRow("reasoning only, at a token's time")
            << reasoningOnly << 1.0 << QByteArray("We need") << QByteArray();
        QTest::newRow("reasoning then answer, while reasoning")
            << reasoningThenAnswer() << 1.2 << QByteArray("We need") << QByteArray();
        QTest::newRow("reasoning then answer, in the pause between")
            << reasoningThenAnswer() << 2.0 << QByteArray("We need sums.") << QByteArray();
        QTest::newRow("reasoning then answer, while answering")
            << reasoningThenAnswer() << 3.7 << QByteArray("We need sums.")
            << QByteArray("Forty-five");
        QTest::newRow("reasoning then answer, past the end")
            << reasoningThenAnswer() << 60.0 << QByteArray("We need sums.")
            << QByteArray("Forty-five.");
        QTest::newRow("before the session starts")
            << reasoningThenAnswer() << -1.0 << QByteArray() << QByteArray();
        const Events interleaved = {token(0.1, R, "a"), token(0.2, C, "X"), token(0.3, R, "b"),
                                    token(0.4, C, "Y")};
        QTest::newRow("interleaved channels")
            << interleaved << 0.35 << QByteArray("ab") << QByteArray("X");
        QTest::newRow("no text fields")
            << Events{token(0.1, R, ""), token(0.2, C, "")} << 1.0 << QByteArray() << QByteArray();
        // Stamped before the token that came first in the stream: shown with it, never before.
        const Events outOfOrder = {token(1.0, R, "first"), token(0.5, R, " second")};
        QTest::newRow("out-of-order time, before the earlier token")
            << outOfOrder << 0.7 << QByteArray() << QByteArray();
        QTest::newRow("out-of-order time, at the earlier token")
            << outOfOrder << 1.0 << QByteArray("first second") << QByteArray();
        QTest::newRow("tokens at one time")
            << Events{token(0.5, C, "a"), token(0.5, C, "b"), token(0.6, C, "c")} << 0.5
            << QByteArray() << QByteArray("ab");
        // "café" with its é (C3 A9) split across two tokens, as a byte-level token can.
        const Events splitTwoBytes = {token(0.1, C, "caf\xC3"), token(0.2, C, "\xA9!")};
        QTest::newRow("UTF-8: a split 2-byte character waits for its end")
            << splitTwoBytes << 0.15 << QByteArray() << QByteArray("caf");
        QTest::newRow("UTF-8: a split 2-byte character, whole")
            << splitTwoBytes << 0.2 << QByteArray() << QByteArray("caf\xC3\xA9!");
        // 😀 (F0 9F 98 80) over three tokens.
        const Events splitFourBytes = {token(0.1, R, "hi \xF0\x9F"), token(0.2, R, "\x98"),
                                       token(0.3, R, "\x80 ok")};
        QTest::newRow("UTF-8: a split 4-byte character, half of it")
            << splitFourBytes << 0.2 << QByteArray("hi ") << QByteArray();
        QTest::newRow("UTF-8: a split 4-byte character, whole")
            << splitFourBytes << 0.3 << QByteArray("hi \xF0\x9F\x98\x80 ok") << QByteArray();
        QTest::newRow("UTF-8: whole characters in one token")
            << Events{token(0.1, C, "\xC3\xA9t\xC3\xA9 \xE2\x86\x92")} << 0.1 << QByteArray()
            << QByteArray("\xC3\xA9t\xC3\xA9 \xE2\x86\x92");
    }

    void showsWhatHadStreamedByATime() {
        QFETCH(Events, events);
        QFETCH(double, t);
        QFETCH(QByteArray, reasoning);
        QFETCH(QByteArray, answer);
        const Transcript transcript(events);
        QCOMPARE(bytes(transcript.streamedText(R, t)), reasoning);
        QCOMPARE(bytes(transcript.streamedText(C, t)), answer);
        QCOMPARE(transcript.streamedBytes(C, t), static_cast<std::size_t>(answer.size()));
    }

    // A player that seeks anywhere, in any order, sees what a fresh look at that time sees.
    void seekingAnywhereShowsThatTimesText_data() {
        QTest::addColumn<QList<double>>("positions");
        QTest::addColumn<QList<QByteArray>>("answers");
        QTest::newRow("forwards") << QList<double>{0.0, 3.0, 3.5, 4.0}
                                  << QList<QByteArray>{"", "Forty", "Forty-five", "Forty-five."};
        QTest::newRow("backwards") << QList<double>{4.0, 3.5, 3.0, 0.0}
                                   << QList<QByteArray>{"Forty-five.", "Forty-five", "Forty", ""};
        QTest::newRow("to the end, to the start, into the middle")
            << QList<double>{100.0, 0.0, 3.2, 1.0, 3.9}
            << QList<QByteArray>{"Forty-five.", "", "Forty", "", "Forty-five"};
    }

    void seekingAnywhereShowsThatTimesText() {
        QFETCH(QList<double>, positions);
        QFETCH(QList<QByteArray>, answers);
        const Transcript transcript(reasoningThenAnswer());
        for (qsizetype i = 0; i < positions.size(); ++i) {
            QCOMPARE(bytes(transcript.streamedText(C, positions[i])), answers[i]);
        }
    }

    void spansMergeTokensAcrossShortGaps_data() {
        QTest::addColumn<Events>("events");
        QTest::addColumn<double>("gap");
        QTest::addColumn<Spans>("spans");

        QTest::newRow("empty session") << Events{} << 1.0 << Spans{};
        QTest::newRow("reasoning only")
            << Events{token(0.1, R, "a"), token(0.3, R, "b"), token(0.5, R, "c")} << 1.0
            << Spans{{R, 0.1, 0.5}};
        QTest::newRow("reasoning then answer")
            << reasoningThenAnswer() << 1.0 << Spans{{R, 0.5, 1.5}, {C, 3.0, 4.0}};
        QTest::newRow("interleaved channels overlap")
            << Events{token(0.1, R, "a"), token(0.2, C, "X"), token(0.3, R, "b"),
                      token(0.4, C, "Y")}
            << 1.0 << Spans{{R, 0.1, 0.3}, {C, 0.2, 0.4}};
        QTest::newRow("a gap shorter than the gap merges")
            << Events{token(0.0, C, "a"), token(0.9, C, "b")} << 1.0 << Spans{{C, 0.0, 0.9}};
        QTest::newRow("a gap as long as the gap splits, into lone tokens")
            << Events{token(0.0, C, "a"), token(1.0, C, "b")} << 1.0
            << Spans{{C, 0.0, 0.0}, {C, 1.0, 1.0}};
        QTest::newRow("a shorter gap set") << Events{token(0.0, R, "a"), token(0.2, R, "b"),
                                                     token(0.6, R, "c"), token(0.7, R, "d")}
                                           << 0.25 << Spans{{R, 0.0, 0.2}, {R, 0.6, 0.7}};
        QTest::newRow("answer, pause, answer again")
            << Events{token(0.0, C, "a"), token(0.5, C, "b"), token(5.0, C, "c"),
                      token(5.5, C, "d")}
            << 1.0 << Spans{{C, 0.0, 0.5}, {C, 5.0, 5.5}};
        QTest::newRow("tokens without text still stream")
            << Events{token(0.1, R, ""), token(0.4, R, "")} << 1.0 << Spans{{R, 0.1, 0.4}};
        QTest::newRow("an out-of-order time does not reach back")
            << Events{token(1.0, R, "a"), token(0.5, R, "b"), token(1.2, R, "c")} << 1.0
            << Spans{{R, 1.0, 1.2}};
        QTest::newRow("equal starts: reasoning first")
            << Events{token(0.5, C, "X"), token(0.5, R, "a")} << 1.0
            << Spans{{R, 0.5, 0.5}, {C, 0.5, 0.5}};
    }

    void spansMergeTokensAcrossShortGaps() {
        QFETCH(Events, events);
        QFETCH(double, gap);
        QFETCH(Spans, spans);
        const Transcript transcript(events, gap);
        QCOMPARE(transcript.spanGap(), gap);
        const Spans got = transcript.spans();
        QCOMPARE(got.size(), spans.size());
        for (std::size_t i = 0; i < spans.size(); ++i) {
            QCOMPARE(got[i].channel, spans[i].channel);
            QCOMPARE(got[i].start, spans[i].start);
            QCOMPARE(got[i].end, spans[i].end);
        }
    }

    // A live session grows its transcript one event at a time: the same as reading it whole.
    void appendingEventsIsReadingThemWhole() {
        const Events events = reasoningThenAnswer();
        Transcript live;
        for (const TokenEvent& event : events) {
            live.append(event);
        }
        const Transcript whole(events);
        QCOMPARE(live.text(R), whole.text(R));
        QCOMPARE(live.text(C), whole.text(C));
        QVERIFY(live.spans() == whole.spans());
        for (double t = 0.0; t < 5.0; t += 0.25) {
            QCOMPARE(live.streamedBytes(C, t), whole.streamedBytes(C, t));
        }
    }
};

QTEST_APPLESS_MAIN(TestTranscript)
#include "tst_transcript.moc"
