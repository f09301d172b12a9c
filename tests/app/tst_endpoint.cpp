#include <QTest>
#include <nlohmann/json.hpp>

#include "app/stream/endpoint.h"

using namespace ossynapse;

class TestEndpoint : public QObject {
    Q_OBJECT
  private slots:
    void urlsAndPresets_data() {
        QTest::addColumn<QString>("endpoint");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("provider");
        QTest::newRow("openrouter preset") << "openrouter"
                                           << "https://openrouter.ai/api/v1/chat/completions"
                                           << "openrouter";
        QTest::newRow("vllm preset") << "vllm"
                                     << "http://localhost:8000/v1/chat/completions"
                                     << "vllm";
        QTest::newRow("llamacpp preset") << "llamacpp"
                                         << "http://localhost:8080/v1/chat/completions"
                                         << "llamacpp";
        QTest::newRow("ollama preset") << "ollama"
                                       << "http://localhost:11434/v1/chat/completions"
                                       << "ollama";
        QTest::newRow("lmstudio preset") << "lmstudio"
                                         << "http://localhost:1234/v1/chat/completions"
                                         << "lmstudio";
        QTest::newRow("base URL") << "http://gpu:9000/v1/"
                                  << "http://gpu:9000/v1/chat/completions"
                                  << "custom";
        QTest::newRow("full URL") << "http://gpu:9000/v1/chat/completions"
                                  << "http://gpu:9000/v1/chat/completions"
                                  << "custom";
    }
    void urlsAndPresets() {
        QFETCH(QString, endpoint);
        QFETCH(QString, url);
        QFETCH(QString, provider);
        const ChatRequest request =
            buildChatRequest(endpoint.toStdString(), "", "hi", ReasoningEffort::Default);
        QCOMPARE(QString::fromStdString(request.url), url);
        QCOMPARE(QString::fromStdString(request.provider), provider);
        const nlohmann::json body = nlohmann::json::parse(request.body);
        QCOMPARE(body.at("stream").get<bool>(), true);
        QCOMPARE(body.at("stream_options").at("include_usage").get<bool>(), true);
        QCOMPARE(body.at("messages").at(0).at("content").get<std::string>(), std::string("hi"));
        if (provider == QLatin1String("openrouter")) {
            QCOMPARE(body.at("model").get<std::string>(), std::string("openai/gpt-oss-20b"));
        }
    }

    void effortIsSentTheWayEachServerTakesIt() {
        const nlohmann::json openRouter = nlohmann::json::parse(
            buildChatRequest("openrouter", "openai/gpt-oss-120b", "q", ReasoningEffort::High).body);
        QCOMPARE(openRouter.at("reasoning").at("effort").get<std::string>(), std::string("high"));
        const nlohmann::json vllm =
            nlohmann::json::parse(buildChatRequest("vllm", "m", "q", ReasoningEffort::Low).body);
        QCOMPARE(vllm.at("reasoning_effort").get<std::string>(), std::string("low"));
        QCOMPARE(vllm.at("stream_options").at("continuous_usage_stats").get<bool>(), true);
        const nlohmann::json plain = nlohmann::json::parse(
            buildChatRequest("ollama", "m", "q", ReasoningEffort::Default).body);
        QVERIFY(!plain.contains("reasoning_effort"));
        QVERIFY(!plain.contains("reasoning"));
    }

    void keyComesFromTheEnvironment() {
        qputenv("OPENROUTER_API_KEY", "or-key");
        qunsetenv("OSSYNAPSE_API_KEY");
        QCOMPARE(buildChatRequest("openrouter", "", "q", ReasoningEffort::Default).apiKey,
                 std::string("or-key"));
        QCOMPARE(buildChatRequest("vllm", "", "q", ReasoningEffort::Default).apiKey, std::string());
        qputenv("OSSYNAPSE_API_KEY", "any-key");
        QCOMPARE(buildChatRequest("vllm", "", "q", ReasoningEffort::Default).apiKey,
                 std::string("any-key"));
        QCOMPARE(buildChatRequest("openrouter", "", "q", ReasoningEffort::Default).apiKey,
                 std::string("any-key"));
        qunsetenv("OSSYNAPSE_API_KEY");
        qunsetenv("OPENROUTER_API_KEY");
    }

    void redactKeyRemovesEveryPartOfTheKey_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("the whole key") << "bad key sk-live-0123456789abcdef!"
                                       << "bad key [API key redacted]!";
        QTest::newRow("twice") << "sk-live-0123456789abcdef sk-live-0123456789abcdef"
                               << "[API key redacted] [API key redacted]";
        // Found by a newcomer's trial: a quoted prefix was shown and recorded.
        QTest::newRow("its first 12 characters")
            << "Incorrect API key provided: sk-live-0123..."
            << "Incorrect API key provided: [API key redacted]...";
        QTest::newRow("a middle run") << "key ...0123456789ab... revoked"
                                      << "key ...[API key redacted]... revoked";
        QTest::newRow("fewer than 8 characters stay") << "prefix sk-live and 4 last: cdef"
                                                      << "prefix sk-live and 4 last: cdef";
        QTest::newRow("ordinary text stays") << "The quick brown fox"
                                             << "The quick brown fox";
    }
    void redactKeyRemovesEveryPartOfTheKey() {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        std::string redacted = text.toStdString();
        redactKey(redacted, "sk-live-0123456789abcdef");
        QCOMPARE(QString::fromStdString(redacted), expected);
    }

    void redactedUrlDropsCredentialsAndQuery() {
        QCOMPARE(redactedUrl("https://user:secret@host:8000/v1/chat/completions?key=abc"),
                 std::string("https://host:8000/v1/chat/completions"));
        QCOMPARE(redactedUrl("http://host/v1"), std::string("http://host/v1"));
    }
};

QTEST_APPLESS_MAIN(TestEndpoint)
#include "tst_endpoint.moc"
