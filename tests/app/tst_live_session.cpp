#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include "app/studio/api_key_store.h"
#include "app/studio/live_session.h"
#include "app/studio/session_text.h"
#include "app/studio/studio_engine.h"
#include "misbehaving_server.h"

using namespace ossynapse;

namespace {

// One chat-completions event with this delta.
QByteArray chunk(const QByteArray& delta, const QByteArray& finish = "null") {
    return MisbehavingServer::chatChunk(delta, finish);
}

const QString kKey = QStringLiteral("sk-test-0000-wxyz");

// CTest runs this suite twice: on a private D-Bus session with an unlocked GNOME keyring
// (OSSYNAPSE_TEST_KEYRING=present) and with no session bus at all (=absent).
bool keyringPresent() {
    return qgetenv("OSSYNAPSE_TEST_KEYRING") == "present";
}

}  // namespace

// The live panel's backend against a real HTTP server and the real system keychain.
class TestLiveSession : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        qunsetenv("OSSYNAPSE_API_KEY");
        qunsetenv("OPENROUTER_API_KEY");
    }

    void keyRoundTripsThroughTheKeychain() {
        if (!keyringPresent()) {
            QSKIP("needs the keyring run");
        }
        ApiKeyStore store;
        QSignalSpy stored(&store, &ApiKeyStore::stored);
        QSignalSpy loaded(&store, &ApiKeyStore::loaded);
        QSignalSpy forgotten(&store, &ApiKeyStore::forgotten);
        QSignalSpy failed(&store, &ApiKeyStore::failed);
        store.store(kKey);
        QTRY_COMPARE_WITH_TIMEOUT(stored.count() + failed.count(), 1, 10000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed[0][0].toString()));

        // A second store, as the next run of the studio has, finds it.
        ApiKeyStore nextRun;
        QSignalSpy nextLoaded(&nextRun, &ApiKeyStore::loaded);
        nextRun.load();
        QTRY_COMPARE_WITH_TIMEOUT(nextLoaded.count(), 1, 10000);
        QCOMPARE(nextLoaded[0][0].toString(), kKey);

        store.forget();
        QTRY_COMPARE_WITH_TIMEOUT(forgotten.count(), 1, 10000);
        store.load();
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);
        QCOMPARE(loaded[0][0].toString(), QString());
    }

    // The panel picks up the kept key at start and shows only its last four characters.
    void sessionTakesTheKeptKey() {
        if (!keyringPresent()) {
            QSKIP("needs the keyring run");
        }
        {
            LiveSession first;
            first.setApiKey(kKey);
            QTRY_COMPARE_WITH_TIMEOUT(first.keyHint(), QStringLiteral("…wxyz, in the keychain"),
                                      10000);
        }
        LiveSession next;
        QTRY_COMPARE_WITH_TIMEOUT(next.keyHint(), QStringLiteral("…wxyz, in the keychain"), 10000);
        next.forgetApiKey();
        QCOMPARE(next.keyHint(), QStringLiteral("none"));
        QTRY_COMPARE_WITH_TIMEOUT(next.status(), QStringLiteral("the API key is forgotten"), 10000);
    }

    // No keychain service: said in words; the key still works for this session.
    void missingKeychainIsReportedInWords() {
        if (keyringPresent()) {
            QSKIP("needs the run without a keyring");
        }
        ApiKeyStore store;
        QSignalSpy failed(&store, &ApiKeyStore::failed);
        store.store(kKey);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
        QVERIFY2(failed[0][0].toString().startsWith(
                     QStringLiteral("the system keychain cannot be used (")),
                 qPrintable(failed[0][0].toString()));

        LiveSession session;
        session.setApiKey(kKey);
        QTRY_VERIFY_WITH_TIMEOUT(session.status().endsWith(QStringLiteral(
                                     "; a key set here is kept for this session only")),
                                 10000);
        QCOMPARE(session.keyHint(), QStringLiteral("…wxyz, this session"));
    }

    // A prompt goes to the endpoint with the key; the answer's tokens reach the engine and the
    // recording, which holds no trace of the key.
    void promptStreamsThroughTheEngine() {
        MisbehavingServer server;
        server.script(
            MisbehavingServer::okHead(),
            {{0, chunk(R"({"reasoning":"Think"})") + chunk(R"({"content":"Hel"})")},
             {30, chunk(R"({"content":"lo"})") + chunk("{}", "\"stop\"") + "data: [DONE]\n\n"}});
        StudioEngine engine(nullptr);
        LiveSession session;
        session.setEngine(&engine);
        session.setEndpoint(server.url());
        session.setModel(QStringLiteral("test-model"));
        session.setRecord(true);
        session.setApiKey(kKey);
        QSignalSpy running(&session, &LiveSession::runningChanged);
        QVERIFY(session.send(QStringLiteral("Say hello")));
        QTRY_VERIFY_WITH_TIMEOUT(!session.running() && running.count() >= 2, 10000);
        QCOMPARE(session.status(), QStringLiteral("Answer complete."));
        // The text went to the session's one home, both channels of it.
        QCOMPARE(engine.sessionText()->answer(), QStringLiteral("Hello"));
        QCOMPARE(engine.sessionText()->reasoning(), QStringLiteral("Think"));
        QVERIFY(server.request().contains("Authorization: Bearer " + kKey.toUtf8()));
        // The engine counted the tokens as they came: one reasoning, two answer tokens.
        QCOMPARE(engine.sourcePrompt(), QStringLiteral("Say hello"));
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                engine.poll();
                const QVariantList channels = engine.channels();
                return channels[0].toMap().value(QStringLiteral("tokens")).toInt() == 1 &&
                       channels[1].toMap().value(QStringLiteral("tokens")).toInt() == 2;
            }(),
            5000);

        QFile recording(session.lastRecording());
        QVERIFY2(recording.open(QIODevice::ReadOnly), qPrintable(session.lastRecording()));
        const QByteArray text = recording.readAll();
        QVERIFY(text.contains("Say hello"));
        QVERIFY(text.contains("Hel"));
        QVERIFY(!text.contains(kKey.toUtf8()));
        QVERIFY(!text.contains("wxyz"));
        QFile::remove(session.lastRecording());
        session.forgetApiKey();
    }

    void emptyPromptIsRefusedInWords() {
        StudioEngine engine(nullptr);
        LiveSession session;
        session.setEngine(&engine);
        QVERIFY(!session.send(QStringLiteral("   ")));
        QCOMPARE(session.status(), QStringLiteral("Write a prompt first."));
    }
};

QTEST_GUILESS_MAIN(TestLiveSession)
#include "tst_live_session.moc"
