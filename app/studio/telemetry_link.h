#pragma once

#include <QtQml/qqmlregistration.h>
#include <QObject>
#include <QPointer>

#include "app/studio/studio_engine.h"
#include "app/telemetry/telemetry_client.h"

namespace ossynapse {

// The studio's telemetry connection: a tap's (or the simulator's, or a Synapse probe's)
// ws:// URL in, its messages to the engine, its state in words for the panel.
class TelemetryLink : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(ossynapse::StudioEngine* engine READ engine WRITE setEngine NOTIFY engineChanged)
    Q_PROPERTY(bool active READ active NOTIFY stateChanged)
    Q_PROPERTY(QString state READ state NOTIFY stateChanged)
    Q_PROPERTY(QString counts READ counts NOTIFY countsChanged)
    // The URL last asked for (empty before the first).
    Q_PROPERTY(QString url READ url NOTIFY stateChanged)

  public:
    explicit TelemetryLink(QObject* parent = nullptr);

    StudioEngine* engine() const { return m_engine; }
    void setEngine(StudioEngine* engine);
    bool active() const { return m_active; }
    QString state() const { return m_client.state(); }
    // "1234 messages · 2 dropped (last: …)"
    QString counts() const;
    QString url() const { return m_url; }

    // Refuses a URL that is not ws:// in the engine's error text.
    Q_INVOKABLE void connectTo(const QString& url);
    Q_INVOKABLE void disconnect();

  signals:
    void engineChanged();
    void stateChanged();
    void countsChanged();

  private:
    QPointer<StudioEngine> m_engine;
    TelemetryClient m_client;
    bool m_active = false;
    QString m_url;
};

}  // namespace ossynapse
