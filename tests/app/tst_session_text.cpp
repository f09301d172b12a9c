#include <QSignalSpy>
#include <QTest>
#include <QVariantMap>

#include "app/studio/session_text.h"

using namespace ossynapse;

namespace {

constexpr Channel R = Channel::Reasoning;
constexpr Channel C = Channel::Completion;

// Reasoning from 0.5 s to 1.5 s, then the answer from 3 s to 4 s.
std::vector<TokenEvent> reasoningThenAnswer() {
    return {{0.5, R, 1, "We"},    {1.0, R, 1, " need"}, {1.5, R, 1, " sums."},
            {3.0, C, 1, "Forty"}, {3.5, C, 1, "-five"}, {4.0, C, 1, ".\u00e9"}};
}

}  // namespace

class TestSessionText : public QObject {
    Q_OBJECT
  private slots:
    // The window hears of a change only when the shown text changes: a position between the same
    // two tokens changes nothing.
    void emitsOnlyWhenTheShownTextChanges_data() {
        QTest::addColumn<QList<double>>("positions");
        QTest::addColumn<QString>("reasoning");
        QTest::addColumn<QString>("answer");
        QTest::addColumn<int>("reasoningSignals");
        QTest::addColumn<int>("answerSignals");
        QTest::newRow("before any token")
            << QList<double>{0.1, 0.2, 0.4} << QString() << QString() << 0 << 0;
        QTest::newRow("one token, many frames")
            << QList<double>{0.5, 0.6, 0.7, 0.9} << u"We"_qs << QString() << 1 << 0;
        QTest::newRow("through the reasoning")
            << QList<double>{0.5, 1.0, 1.2, 1.5, 2.0} << u"We need sums."_qs << QString() << 3 << 0;
        QTest::newRow("into the answer") << QList<double>{3.0, 3.2, 4.0} << u"We need sums."_qs
                                         << u"Forty-five.\u00e9"_qs << 1 << 2;
        QTest::newRow("seek back")
            << QList<double>{4.0, 3.1} << u"We need sums."_qs << u"Forty"_qs << 1 << 2;
        QTest::newRow("back to the start")
            << QList<double>{4.0, 0.0} << QString() << QString() << 2 << 2;
    }

    void emitsOnlyWhenTheShownTextChanges() {
        QFETCH(QList<double>, positions);
        QFETCH(QString, reasoning);
        QFETCH(QString, answer);
        QFETCH(int, reasoningSignals);
        QFETCH(int, answerSignals);
        SessionText text;
        text.load(reasoningThenAnswer(), 0.0);
        QSignalSpy reasoningSpy(&text, &SessionText::reasoningChanged);
        QSignalSpy answerSpy(&text, &SessionText::answerChanged);
        for (double position : positions) {
            text.setPosition(position);
        }
        QCOMPARE(text.reasoning(), reasoning);
        QCOMPARE(text.answer(), answer);
        QCOMPARE(reasoningSpy.count(), reasoningSignals);
        QCOMPARE(answerSpy.count(), answerSignals);
    }

    void loadsTheSpansAndSaysWhetherThereIsText_data() {
        QTest::addColumn<bool>("withText");
        QTest::addColumn<bool>("hasText");
        QTest::newRow("a recording with text") << true << true;
        QTest::newRow("a recording of token counts only") << false << false;
    }

    void loadsTheSpansAndSaysWhetherThereIsText() {
        QFETCH(bool, withText);
        QFETCH(bool, hasText);
        std::vector<TokenEvent> events = reasoningThenAnswer();
        if (!withText) {
            for (TokenEvent& event : events) {
                event.text.clear();
            }
        }
        SessionText text;
        QSignalSpy sessionSpy(&text, &SessionText::sessionChanged);
        text.load(events, 0.0);
        QCOMPARE(sessionSpy.count(), 1);
        QCOMPARE(text.hasText(), hasText);
        const QVariantList spans = text.spans();
        QCOMPARE(spans.size(), 2);
        const QVariantMap reasoning = spans[0].toMap();
        QCOMPARE(reasoning.value(u"channel"_qs).toString(), u"reasoning"_qs);
        QCOMPARE(reasoning.value(u"start"_qs).toDouble(), 0.5);
        QCOMPARE(reasoning.value(u"end"_qs).toDouble(), 1.5);
        const QVariantMap answer = spans[1].toMap();
        QCOMPARE(answer.value(u"channel"_qs).toString(), u"completion"_qs);
        QCOMPARE(answer.value(u"start"_qs).toDouble(), 3.0);
        QCOMPARE(answer.value(u"end"_qs).toDouble(), 4.0);
    }

    // Live, every token shows as it arrives, whatever the position says; a recording opened
    // after it starts from its own beginning.
    void liveTextFollowsEveryToken() {
        SessionText text;
        text.load(reasoningThenAnswer(), 0.0);
        text.setPosition(10.0);
        QSignalSpy answerSpy(&text, &SessionText::answerChanged);
        text.beginLive();
        QCOMPARE(text.answer(), QString());
        QVERIFY(text.spans().isEmpty());
        QVERIFY(!text.hasText());
        answerSpy.clear();
        text.appendLive({0.2, C, 1, "Hel"});
        text.setPosition(0.0);
        text.appendLive({0.3, C, 1, "lo"});
        QCOMPARE(text.answer(), u"Hello"_qs);
        QCOMPARE(answerSpy.count(), 2);
        QVERIFY(text.hasText());
        text.appendLive({0.4, R, 1, "hmm"});
        QCOMPARE(text.reasoning(), u"hmm"_qs);

        text.load(reasoningThenAnswer(), 0.0);
        QCOMPARE(text.answer(), QString());
        text.appendLive({0.5, C, 1, "ignored"});
        QCOMPARE(text.answer(), QString());
        text.setPosition(3.0);
        QCOMPARE(text.answer(), u"Forty"_qs);
    }
};

QTEST_APPLESS_MAIN(TestSessionText)
#include "tst_session_text.moc"
