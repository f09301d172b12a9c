#include <QTemporaryDir>
#include <QTest>
#include <fstream>
#include <sstream>

#include "core/session_reader.h"
#include "core/session_stats.h"
#include "core/session_writer.h"
#include "core/synthetic_session.h"
#include "core/synthetic_telemetry.h"

using namespace ossynapse;

Q_DECLARE_METATYPE(ossynapse::SyntheticKind)

namespace {

std::string fileText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

class TestSyntheticSession : public QObject {
    Q_OBJECT
  private slots:
    void sameSeedSameSession() {
        for (std::string_view name : syntheticKindNames()) {
            const SyntheticKind kind = *syntheticKindFromName(name);
            const Session a = synthesizeSession(kind, 5, "x");
            const Session b = synthesizeSession(kind, 5, "x");
            const Session c = synthesizeSession(kind, 6, "x");
            QVERIFY(a.events == b.events);
            QVERIFY(!(a.events == c.events));
        }
    }

    void headerSaysSynthetic() {
        const Session session =
            synthesizeSession(SyntheticKind::ShortAnswer, 1, "2026-01-01T00:00:00Z");
        QCOMPARE(session.header.source.at("kind").get<std::string>(), std::string("synthetic"));
        QCOMPARE(session.header.source.at("generator").get<std::string>(),
                 std::string("ossynapse synthesize short-answer --seed 1"));
        QCOMPARE(session.header.created, std::string("2026-01-01T00:00:00Z"));
    }

    // Each kind has the shape its name promises.
    void kindsHaveTheirShape() {
        const Parameters p;
        const Session shortAnswer = synthesizeSession(SyntheticKind::ShortAnswer, 1, "");
        QVERIFY(shortAnswer.duration() < 5.0);

        const Session longReasoning = synthesizeSession(SyntheticKind::ReasoningThenAnswer, 2, "");
        const SessionStats reasoningStats = computeStats(longReasoning, p);
        const ChannelStats& reasoning = reasoningStats.channels[index(Channel::Reasoning)];
        const ChannelStats& answer = reasoningStats.channels[index(Channel::Completion)];
        QVERIFY(reasoning.lastT - reasoning.firstT > 20.0);
        QVERIFY(answer.firstT > reasoning.lastT);
        QVERIFY(answer.tokens > 100);

        const Session bursts = synthesizeSession(SyntheticKind::BurstHeavy, 3, "");
        const SessionStats burstStats = computeStats(bursts, p);
        QVERIFY(burstStats.channels[index(Channel::Completion)].peakTps > 150.0);

        // Usage reconciles with what was streamed: reasoning tokens match exactly.
        QCOMPARE(longReasoning.end->usage.at("completion_tokens_details")
                     .at("reasoning_tokens")
                     .get<std::int64_t>(),
                 reasoning.tokens);
    }

    // The bundled recordings are exactly what the generator makes: they cannot drift apart.
    void bundledRecordingsMatchTheGenerator_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<SyntheticKind>("kind");
        QTest::addColumn<int>("seed");
        QTest::addColumn<int>("telemetryLayers");  // 0: none
        QTest::newRow("short answer")
            << "short-answer.jsonl" << SyntheticKind::ShortAnswer << 1 << 0;
        QTest::newRow("reasoning then answer")
            << "reasoning-then-answer.jsonl" << SyntheticKind::ReasoningThenAnswer << 2 << 0;
        QTest::newRow("burst heavy") << "burst-heavy.jsonl" << SyntheticKind::BurstHeavy << 3 << 0;
        QTest::newRow("with telemetry")
            << "telemetry-demo.jsonl" << SyntheticKind::BurstHeavy << 4 << 24;
    }
    void bundledRecordingsMatchTheGenerator() {
        QFETCH(QString, file);
        QFETCH(SyntheticKind, kind);
        QFETCH(int, seed);
        QFETCH(int, telemetryLayers);
        const std::string path = std::string(OSSYNAPSE_RECORDINGS_DIR) + "/" + file.toStdString();
        const std::string bundled = fileText(path);
        QVERIFY2(!bundled.empty(), path.c_str());
        QTemporaryDir dir;
        const std::string regenerated = dir.filePath(file).toStdString();
        Session session =
            synthesizeSession(kind, static_cast<std::uint64_t>(seed), OSSYNAPSE_BUNDLED_CREATED);
        if (telemetryLayers > 0) {
            // As `ossynapse synthesize --telemetry 24 --telemetry-hz 4 --telemetry-sparse-layer 12`
            // makes it.
            addSimulatedTelemetry(
                session,
                {static_cast<std::uint32_t>(telemetryLayers), 4.0, static_cast<std::uint64_t>(seed),
                 "simulated " + std::to_string(telemetryLayers) + "-layer transformer",
                 std::uint32_t{12}, 24});
        }
        writeSession(regenerated, session);
        const std::string made = fileText(regenerated);
        if (bundled != made) {
            // Name the first line that differs: on another architecture it shows which number
            // the generator computes differently.
            std::istringstream a(bundled), b(made);
            std::string lineA, lineB;
            int line = 1;
            while (std::getline(a, lineA) && std::getline(b, lineB) && lineA == lineB) {
                ++line;
            }
            qWarning("line %d differs:\n  bundled: %s\n  made:    %s", line,
                     lineA.substr(0, 300).c_str(), lineB.substr(0, 300).c_str());
        }
        QVERIFY2(bundled == made,
                 "bundled file differs from the generator: run 'cmake --build build --target "
                 "regenerate-recordings'");
        QVERIFY(readSessionFile(path).report.clean());
    }
};

QTEST_APPLESS_MAIN(TestSyntheticSession)
#include "tst_synthetic_session.moc"
