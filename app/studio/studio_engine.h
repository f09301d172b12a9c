#pragma once

#include <QColor>
#include <QObject>
#include <QQmlEngine>
#include <QString>
#include <QThread>
#include <QTimer>
#include <QUrl>
#include <QVariantList>
#include <QVector3D>
#include <deque>
#include <functional>

#include "app/playback/frame_producer.h"

Q_MOC_INCLUDE("app/control/control_registry.h")
Q_MOC_INCLUDE("app/studio/session_text.h")

namespace ossynapse {

class ControlRegistry;
class SessionText;

// One sample of the last 30 s shown in the plot.
struct PlotSample {
    double position;
    std::array<double, kChannelCount> rate;
    std::array<double, kChannelCount> level;
    std::array<Pattern, kChannelCount> pattern;
};

// The studio's view of the light engine: transport, parameters, the latest frame and what it
// means, for QML. The engine itself runs on a FrameProducer thread; this object sends it
// intents and reads back snapshots at the GUI's pace.
class StudioEngine : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON

    Q_PROPERTY(bool playing READ playing WRITE setPlaying NOTIFY transportChanged)
    Q_PROPERTY(bool live READ live NOTIFY transportChanged)
    Q_PROPERTY(double position READ position NOTIFY frameChanged)
    Q_PROPERTY(double duration READ duration NOTIFY transportChanged)
    Q_PROPERTY(double speed READ speed WRITE setSpeed NOTIFY speedChanged)
    Q_PROPERTY(bool loop READ loop WRITE setLoop NOTIFY loopChanged)
    // A recording plays as it was seen: with the parameters and rig it remembers and its
    // recorded parameter changes (the default). Off, the tuning and rig as they are now play
    // it, without its changes. Changing it reopens the open recording.
    Q_PROPERTY(bool playAsRecorded READ playAsRecorded WRITE setPlayAsRecorded NOTIFY
                   playAsRecordedChanged)
    Q_PROPERTY(QString sourceName READ sourceName NOTIFY sourceChanged)
    Q_PROPERTY(QString sourcePrompt READ sourcePrompt NOTIFY sourceChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY errorTextChanged)
    Q_PROPERTY(bool blackout READ blackout WRITE setBlackout NOTIFY outputModeChanged)
    Q_PROPERTY(bool frozen READ frozen WRITE setFrozen NOTIFY outputModeChanged)
    Q_PROPERTY(double engineFps READ engineFps NOTIFY statsChanged)
    Q_PROPERTY(double frameRate READ frameRate WRITE setFrameRate NOTIFY frameRateChanged)
    Q_PROPERTY(QVariantList channels READ channels NOTIFY frameChanged)
    Q_PROPERTY(double wireDutyA READ wireDutyA NOTIFY frameChanged)
    Q_PROPERTY(double wireDutyB READ wireDutyB NOTIFY frameChanged)
    Q_PROPERTY(double burstAccent READ burstAccent NOTIFY frameChanged)
    Q_PROPERTY(int ledCount READ ledCount NOTIFY rigChanged)
    Q_PROPERTY(QVariantList lobes READ lobes NOTIFY rigChanged)
    // Per lobe, the fraction of silent steps of a spiking lobe so far; -1 for the others.
    Q_PROPERTY(QVariantList lobeSparsity READ lobeSparsity NOTIFY frameChanged)
    // Every LED: {strip, lobe, x, y, z}, in wiring order.
    Q_PROPERTY(QVariantList leds READ leds NOTIFY rigChanged)
    Q_PROPERTY(QVariantList bundledRecordings READ bundledRecordings CONSTANT)
    Q_PROPERTY(QVariantList outputs READ outputs NOTIFY outputsChanged)
    // The kinds of target, {syntax, summary} each, and the options they take: what every
    // verb's --help writes, for the Outputs panel to lay out.
    Q_PROPERTY(QVariantList outputKinds READ outputKinds CONSTANT)
    Q_PROPERTY(QString outputOptionsHelp READ outputOptionsHelp CONSTANT)
    Q_PROPERTY(int identifiedLobe READ identifiedLobe NOTIFY identifiedLobeChanged)
    Q_PROPERTY(QStringList metricNames READ metricNames CONSTANT)
    Q_PROPERTY(QStringList effectNames READ effectNames CONSTANT)
    Q_PROPERTY(bool canUndoRig READ canUndoRig NOTIFY rigChanged)
    Q_PROPERTY(bool canRedoRig READ canRedoRig NOTIFY rigChanged)
    // Every control by key (app/control): what QML binds to.
    Q_PROPERTY(ossynapse::ControlRegistry* controls READ controls CONSTANT)
    // The open recording's or the live session's text, as far as it had streamed.
    Q_PROPERTY(ossynapse::SessionText* sessionText READ sessionText CONSTANT)

  public:
    // Not default-constructible on purpose: Qt 6.4 would then build a second instance for QML
    // instead of asking create() for the one main() made.
    explicit StudioEngine(QObject* parent);
    ~StudioEngine() override;

    // The instance QML gets: the one main() configured.
    static StudioEngine* create(QQmlEngine*, QJSEngine*);
    static void setInstance(StudioEngine* instance);

    bool playing() const { return m_snapshot.playing; }
    bool live() const { return m_snapshot.live; }
    double position() const { return m_snapshot.position; }
    double duration() const { return m_snapshot.duration; }
    double speed() const { return m_speed; }
    bool loop() const { return m_loop; }
    bool playAsRecorded() const { return m_playAsRecorded; }
    QString sourceName() const { return m_sourceName; }
    QString sourcePath() const { return m_sourcePath; }
    QString sourcePrompt() const { return m_sourcePrompt; }
    QString errorText() const { return m_errorText; }
    bool blackout() const { return m_blackout; }
    bool frozen() const { return m_frozen; }
    double engineFps() const { return m_engineFps; }
    double frameRate() const { return m_frameRate; }
    QVariantList channels() const;
    double wireDutyA() const { return m_snapshot.frame.wireDuty[0] / 65535.0; }
    double wireDutyB() const { return m_snapshot.frame.wireDuty[1] / 65535.0; }
    double burstAccent() const { return m_snapshot.frame.burstAccent; }
    int ledCount() const { return static_cast<int>(m_rig.ledCount()); }
    QVariantList lobes() const;
    QVariantList leds() const;
    QVariantList lobeSparsity() const;
    QVariantList bundledRecordings() const;
    QVariantList outputs() const;
    int identifiedLobe() const { return m_identifiedLobe; }
    QStringList metricNames() const;
    QStringList effectNames() const;
    bool canUndoRig() const { return m_rigIndex > 0; }
    bool canRedoRig() const { return m_rigIndex + 1 < m_rigHistory.size(); }
    ControlRegistry* controls() const { return m_controls; }
    SessionText* sessionText() const { return m_sessionText; }

    void setPlaying(bool playing);
    void setSpeed(double speed);
    void setLoop(bool loop);
    void setPlayAsRecorded(bool asRecorded);
    // Parameters or a rig chosen for this run (the studio's --params, --rig) win over what a
    // recording remembers, as `ossynapse render --params` does.
    void keepOwnSetup(bool parameters, bool rig);
    void setBlackout(bool blackout);
    void setFrozen(bool frozen);
    void setFrameRate(double fps);

    const Frame& frame() const { return m_snapshot.frame; }
    const Rig& rig() const { return m_rig; }
    const Parameters& parameters() const { return m_parameters; }
    const std::deque<PlotSample>& history() const { return m_history; }
    quint64 frameSequence() const { return m_snapshot.sequence; }
    FrameProducer* producer() const { return m_producer; }

    // Returns false and sets errorText when the file cannot be read.
    Q_INVOKABLE bool openRecording(const QUrl& url);
    Q_INVOKABLE void togglePlaying() { setPlaying(!playing()); }
    Q_INVOKABLE void seek(double position);
    // Throws nothing: an invalid set is refused and named in errorText.
    bool applyParameters(const Parameters& parameters);
    void applyRig(const Rig& rig);
    // A live session on `clock`, the one its stream stamps tokens with (telemetry is stamped on
    // it too, and the engine's live position is its time).
    void beginLive(const QString& name,
                   const QString& prompt,
                   const LiveClock& clock = LiveClock());
    void pushLive(const TokenEvent& event);
    // A stream's tokens from its worker thread, straight to the engine thread.
    void pushLiveFromAnyThread(const std::vector<TokenEvent>& events) {
        m_producer->pushLiveFromAnyThread(events);
    }
    void endLive();
    // Telemetry from a tap: stamped on the live clock (a live session starts if none is on),
    // lights lobes bound to layers and feeds the brainscan.
    void pushTelemetry(const TelemetryMessage& message);
    // Summary batches of the open recording, or of the live session so far, in time order.
    const std::vector<SummaryBatch>& summaries() const { return m_summaries; }
    // Sparse activations of the open recording or the live session so far, in time order.
    const std::vector<SparseActivations>& sparseActivations() const { return m_sparse; }
    // Reads the producer's latest frame now (the GUI also polls on its own).
    Q_INVOKABLE void poll();
    Q_INVOKABLE void clearError() { setErrorText({}); }
    // Targets by URI (outputKinds lists the kinds). A bad URI is refused in errorText.
    Q_INVOKABLE void addOutput(const QString& uri);
    QVariantList outputKinds() const;
    QString outputOptionsHelp() const;
    Q_INVOKABLE void removeOutput(int index);
    // The targets as added, for the settings; those with a token written in the URI left out.
    QStringList keptOutputUris() const;
    // Only this lobe lights, full white, on screen and on the network, until -1.
    Q_INVOKABLE void identifyLobe(int lobe);
    // Rig edits, each one step of undo history.
    Q_INVOKABLE void setLobeColor(int lobe, const QColor& color);
    Q_INVOKABLE void setLobeMetric(int lobe, const QString& metric);
    // A lobe's spatial effect (core/lobe_effect.h): kind none, chase, wave or sparkle; period
    // in seconds; along "strip" or "height". One step of undo.
    Q_INVOKABLE void setLobeEffect(int lobe,
                                   const QString& kind,
                                   double periodS,
                                   const QString& along);
    // Binds a lobe to the layers in [depthFrom, depthTo) of the model and a statistic (norm,
    // change, entropy, max); spikes "none" shows the level, else binary/ternary/bitwise spikes.
    Q_INVOKABLE void setLobeLayers(int lobe,
                                   double depthFrom,
                                   double depthTo,
                                   const QString& stat,
                                   const QString& spikes,
                                   double spikeThreshold);
    // LEDs are named by strip index; positions are skull-space millimetres.
    Q_INVOKABLE void setLobeLedCount(int lobe, int count);
    Q_INVOKABLE void addLed(int lobe, const QVector3D& position);
    Q_INVOKABLE void removeLed(int strip);
    Q_INVOKABLE void moveLed(int strip, const QVector3D& position);
    Q_INVOKABLE void assignLed(int strip, int lobe);
    Q_INVOKABLE void setLedStrip(int strip, int newStrip);
    // The skull lit from inside the model (lobes bound to layer depth), as one undoable step.
    Q_INVOKABLE void useTelemetryRig() { applyRig(Rig::telemetrySkull()); }
    // Back to the seed's skull, as one undoable step.
    Q_INVOKABLE void resetRig();
    Q_INVOKABLE void undoRig();
    Q_INVOKABLE void redoRig();
    Q_INVOKABLE bool saveRig(const QUrl& url);
    Q_INVOKABLE bool loadRig(const QUrl& url);
    Q_INVOKABLE void reportError(const QString& text) { setErrorText(text); }

  signals:
    // Telemetry that reached the engine, for a live stream to record beside its tokens.
    void telemetryArrived(const ossynapse::TelemetryMessage& message);
    void frameChanged();
    void transportChanged();
    void speedChanged();
    void loopChanged();
    void playAsRecordedChanged();
    void sourceChanged();
    void errorTextChanged();
    void outputModeChanged();
    void statsChanged();
    void frameRateChanged();
    void rigChanged();
    void parametersChanged();
    void outputsChanged();
    void identifiedLobeChanged();

  private:
    void setErrorText(const QString& text);
    // Applies one authoring edit as a step of undo history; a refused edit is named in
    // errorText and changes nothing.
    void editRig(const std::function<Rig(const Rig&)>& edit);
    // Applies what an opened recording remembers (see playAsRecorded); may drop its recorded
    // parameter changes.
    void useRecordedSetup(Session& session);
    // A source with telemetry gets the telemetry skull, one without the default skull, unless
    // the user has authored a rig of their own.
    // The built-in skull that fits the source (tokens, telemetry, or training telemetry), unless
    // the user changed the rig.
    void matchRigToSource(bool hasTelemetry, bool training = false);

    QThread m_thread;
    FrameProducer* m_producer = nullptr;
    ControlRegistry* m_controls = nullptr;
    SessionText* m_sessionText = nullptr;
    QTimer m_poll;
    EngineSnapshot m_snapshot;
    Parameters m_parameters;
    Rig m_rig = Rig::defaultSkull();
    std::vector<Rig> m_rigHistory{Rig::defaultSkull()};
    std::size_t m_rigIndex = 0;
    void useRig(const Rig& rig);
    double m_speed = 1.0;
    bool m_loop = true;
    bool m_playAsRecorded = true;
    bool m_keepOwnParameters = false;
    bool m_keepOwnRig = false;
    bool m_blackout = false;
    bool m_frozen = false;
    double m_frameRate = 100.0;
    double m_engineFps = 0.0;
    quint64 m_fpsSequence = 0;
    QElapsedTimer m_fpsClock;
    QString m_sourceName;
    QString m_sourcePath;
    QString m_sourcePrompt;
    QString m_errorText;
    std::deque<PlotSample> m_history;
    bool m_lastPlaying = false;
    int m_identifiedLobe = -1;
    QVariantList m_outputs;
    QStringList m_outputUris;  // as added, in the producer's order
    double m_lastDuration = -1.0;
    std::vector<SummaryBatch> m_summaries;
    std::vector<SparseActivations> m_sparse;
    LiveClock m_liveClock;
    bool m_liveRigMatched = false;  // the rig followed this live session's first lighting message
    bool m_liveOn = false;          // between beginLive and the next recording; the snapshot lags
};

}  // namespace ossynapse
