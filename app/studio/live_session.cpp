#include "app/studio/live_session.h"

#include <QDateTime>
#include <QDir>
#include <QStandardPaths>

#include "app/studio/engine_binding.h"
#include "app/studio/session_text.h"

namespace ossynapse {

LiveSession::LiveSession(QObject* parent) : QObject(parent) {
    connect(&m_keyStore, &ApiKeyStore::loaded, this, [this](const QString& key) {
        if (m_apiKey.isEmpty() && !key.isEmpty()) {
            m_apiKey = key;
            m_keyInKeychain = true;
            emit keyChanged();
        }
    });
    connect(&m_keyStore, &ApiKeyStore::stored, this, [this] {
        m_keyInKeychain = true;
        emit keyChanged();
    });
    connect(&m_keyStore, &ApiKeyStore::forgotten, this,
            [this] { setStatus(QStringLiteral("the API key is forgotten")); });
    connect(&m_keyStore, &ApiKeyStore::failed, this, [this](const QString& message) {
        // With no keychain a key still works; it just has to be entered again next run.
        setStatus(message + QStringLiteral("; a key set here is kept for this session only"));
    });
    m_keyStore.load();
}

void LiveSession::setEngine(StudioEngine* engine) {
    if (rebindEngine(this, m_engine, engine, [this](StudioEngine* bound) {
            // A tap's telemetry during an answer goes into its recording too.
            connect(bound, &StudioEngine::telemetryArrived, this,
                    [this](const TelemetryMessage& message) {
                        if (m_stream != nullptr && m_running) {
                            m_stream->recordTelemetry(message);
                        }
                    });
        })) {
        emit engineChanged();
    }
}

QStringList LiveSession::presets() const {
    QStringList names;
    for (const EndpointPreset& preset : endpointPresets()) {
        names << QString::fromLatin1(preset.name.data(),
                                     static_cast<qsizetype>(preset.name.size()));
    }
    return names;
}

void LiveSession::setEndpoint(const QString& endpoint) {
    if (endpoint != m_endpoint) {
        m_endpoint = endpoint.trimmed();
        emit settingsChanged();
    }
}

void LiveSession::setModel(const QString& model) {
    if (model != m_model) {
        m_model = model.trimmed();
        emit settingsChanged();
    }
}

void LiveSession::setEffort(const QString& effort) {
    if (effort != m_effort) {
        m_effort = effort;
        emit settingsChanged();
    }
}

void LiveSession::setRecord(bool record) {
    if (record != m_record) {
        m_record = record;
        emit settingsChanged();
    }
}

void LiveSession::setApiKey(const QString& key) {
    m_apiKey = key.trimmed();
    m_keyInKeychain = false;
    emit keyChanged();
    if (!m_apiKey.isEmpty()) {
        m_keyStore.store(m_apiKey);
    }
}

void LiveSession::forgetApiKey() {
    m_apiKey.clear();
    m_keyInKeychain = false;
    emit keyChanged();
    m_keyStore.forget();
}

QString LiveSession::keyHint() const {
    if (m_apiKey.isEmpty()) {
        return qEnvironmentVariableIsSet("OSSYNAPSE_API_KEY") ||
                       qEnvironmentVariableIsSet("OPENROUTER_API_KEY")
                   ? QStringLiteral("from the environment")
                   : QStringLiteral("none");
    }
    // Four characters tell keys apart; more would start to give one away.
    return QStringLiteral("…%1, %2").arg(m_apiKey.right(4), m_keyInKeychain
                                                                ? QStringLiteral("in the keychain")
                                                                : QStringLiteral("this session"));
}

void LiveSession::setStatus(const QString& status) {
    m_status = status;
    emit statusChanged();
}

bool LiveSession::send(const QString& prompt) {
    if (m_engine == nullptr || running()) {
        return false;
    }
    if (prompt.trimmed().isEmpty()) {
        setStatus(tr("Write a prompt first."));
        return false;
    }
    const auto effort = effortFromName(m_effort.toStdString()).value_or(ReasoningEffort::Default);
    ChatRequest request = buildChatRequest(m_endpoint.toStdString(), m_model.toStdString(),
                                           prompt.toStdString(), effort);
    if (!m_apiKey.isEmpty()) {
        request.apiKey = m_apiKey.toStdString();
    }
    QString recordPath;
    if (m_record) {
        const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
                               QStringLiteral("/recordings");
        QDir().mkpath(folder);
        recordPath = folder + QStringLiteral("/live-") +
                     QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")) +
                     QStringLiteral(".jsonl");
    }
    m_stream = std::make_unique<LiveStream>();
    // The recording remembers the setup the audience sees, and every change of it.
    m_stream->setRecordedSetup(m_engine->parameters(), m_engine->rig());
    connect(m_engine, &StudioEngine::parametersChanged, m_stream.get(), [this] {
        if (running()) {
            m_stream->recordParameters(m_engine->parameters());
        }
    });
    // Tokens go from the stream's worker straight to the engine thread; this thread only
    // follows them for the session's text.
    StudioEngine* engine = m_engine;
    m_stream->setTokenSink(
        [engine](const std::vector<TokenEvent>& events) { engine->pushLiveFromAnyThread(events); });
    connect(m_stream.get(), &LiveStream::tokenArrived, this, [this](const TokenEvent& event) {
        if (m_engine) {
            m_engine->sessionText()->appendLive(event);
        }
    });
    connect(m_stream.get(), &LiveStream::finished, this,
            [this](bool complete, const QString& error) {
                m_running = false;
                m_engine->endLive();
                setStatus(complete ? tr("Answer complete.") : error);
                if (!complete) {
                    m_engine->reportError(error);
                }
                emit runningChanged();
            });
    // One clock for the session: the engine is live on it before the first token can arrive.
    const LiveClock clock;
    m_engine->beginLive(QStringLiteral("live: ") + QString::fromStdString(request.model), prompt,
                        clock);
    try {
        m_stream->start(request, prompt.toStdString(), recordPath.toStdString(), clock);
    } catch (const std::exception& error) {
        setStatus(QString::fromUtf8(error.what()));
        m_stream.reset();
        m_engine->endLive();
        return false;
    }
    m_lastRecording = recordPath;
    m_engine->clearError();
    m_running = true;
    setStatus(tr("Streaming from %1…").arg(QString::fromStdString(redactedUrl(request.url))));
    emit runningChanged();
    return true;
}

void LiveSession::stop() {
    if (m_stream) {
        m_stream->cancel();
    }
}

}  // namespace ossynapse
