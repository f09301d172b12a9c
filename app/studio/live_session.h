#pragma once

#include <QtQml/qqmlregistration.h>
#include <QObject>
#include <QPointer>
#include <QString>
#include <memory>

#include "app/stream/live_stream.h"
#include "app/studio/api_key_store.h"
#include "app/studio/studio_engine.h"

namespace ossynapse {

// The live panel's backend: sends a prompt to an endpoint and plays the answer's tokens
// through the engine as they arrive, recording the session when asked. Their text goes to the
// engine's sessionText, the one home of a session's text, live or replayed. The API key is entered
// once and kept in the system keychain (or read from the environment), and never shown again:
// only its last four characters.
class LiveSession : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(ossynapse::StudioEngine* engine READ engine WRITE setEngine NOTIFY engineChanged)
    Q_PROPERTY(QStringList presets READ presets CONSTANT)
    Q_PROPERTY(QString endpoint READ endpoint WRITE setEndpoint NOTIFY settingsChanged)
    Q_PROPERTY(QString model READ model WRITE setModel NOTIFY settingsChanged)
    Q_PROPERTY(QString effort READ effort WRITE setEffort NOTIFY settingsChanged)
    Q_PROPERTY(bool record READ record WRITE setRecord NOTIFY settingsChanged)
    Q_PROPERTY(QString keyHint READ keyHint NOTIFY keyChanged)
    Q_PROPERTY(bool running READ running NOTIFY runningChanged)
    Q_PROPERTY(QString status READ status NOTIFY statusChanged)
    Q_PROPERTY(QString lastRecording READ lastRecording NOTIFY statusChanged)

  public:
    explicit LiveSession(QObject* parent = nullptr);

    StudioEngine* engine() const { return m_engine; }
    void setEngine(StudioEngine* engine);
    QStringList presets() const;
    QString endpoint() const { return m_endpoint; }
    void setEndpoint(const QString& endpoint);
    QString model() const { return m_model; }
    void setModel(const QString& model);
    QString effort() const { return m_effort; }
    void setEffort(const QString& effort);
    bool record() const { return m_record; }
    void setRecord(bool record);
    QString keyHint() const;
    bool running() const { return m_stream != nullptr && m_running; }
    QString status() const { return m_status; }
    QString lastRecording() const { return m_lastRecording; }

    // Uses the key now and keeps it in the system keychain for the next run.
    Q_INVOKABLE void setApiKey(const QString& key);
    // Drops the key from this session and from the keychain.
    Q_INVOKABLE void forgetApiKey();
    Q_INVOKABLE bool send(const QString& prompt);
    Q_INVOKABLE void stop();

  signals:
    void engineChanged();
    void settingsChanged();
    void keyChanged();
    void runningChanged();
    void statusChanged();

  private:
    void setStatus(const QString& status);

    QPointer<StudioEngine> m_engine;
    QString m_endpoint = QStringLiteral("openrouter");
    QString m_model;
    QString m_effort;
    bool m_record = true;
    QString m_apiKey;
    bool m_keyInKeychain = false;
    ApiKeyStore m_keyStore;
    bool m_running = false;
    QString m_status;
    QString m_lastRecording;
    std::unique_ptr<LiveStream> m_stream;
};

}  // namespace ossynapse
