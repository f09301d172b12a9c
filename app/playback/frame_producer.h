#pragma once

#include <QElapsedTimer>
#include <QMutex>
#include <QObject>
#include <QTimer>
#include <array>
#include <memory>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "app/common/core_metatypes.h"
#include "app/common/live_clock.h"
#include "app/output/frame_sink.h"
#include "core/engine.h"
#include "core/session.h"

namespace ossynapse {

// What the GUI reads of the engine: the latest frame and the transport state around it.
// One target as the GUI shows it.
using OutputStatus = SinkStatus;

struct EngineSnapshot {
    Frame frame;
    quint64 sequence = 0;   // snapshots published so far
    quint64 ticks = 0;      // engine ticks that produced at least one frame
    double position = 0.0;  // session time of the frame, seconds
    double duration = 0.0;
    bool playing = false;
    bool live = false;
    std::array<qint64, kChannelCount> tokens{};  // tokens played so far, per channel
    std::vector<OutputStatus> outputs;
    // Per lobe: the fraction of silent steps of a spiking lobe, -1 for the others.
    std::vector<double> lobeSparsity;
};

// Runs the light engine on its own thread at a steady cadence, independent of rendering: a
// hidden or slow window neither slows nor drops frames. Each tick produces every frame that
// is due by the wall clock (k / fps), so the engine's state is the same whatever the stalls;
// every frame is offered to the sinks, and live network sinks send only the newest of a tick
// (never a burst after a stall). The GUI reads only the latest one through snapshot().
//
// Replay maps session time straight to engine time, so a frame after seek(t) is the frame an
// offline render gives at t. Speed changes how fast session time runs on the wall clock.
class FrameProducer : public QObject {
    Q_OBJECT
  public:
    explicit FrameProducer(QObject* parent = nullptr);
    // Outputs still open are darkened and released (a studio that quits, a replay interrupted).
    ~FrameProducer() override;

    // Thread-safe.
    EngineSnapshot snapshot() const;
    // A target made by the caller (the CLI checks every URI before anything plays); call on
    // the producer's thread.
    void addSink(std::unique_ptr<FrameSink> sink);

  public slots:
    void start(double fps);
    void setFrameRate(double fps);
    void loadSession(const ossynapse::Session& session);
    // A live session on `clock` (the one its stream stamps tokens with): the live position is
    // that clock's time, so a token stamped t applies at t.
    void beginLive(const ossynapse::LiveClock& clock = ossynapse::LiveClock());
    void pushLive(const ossynapse::TokenEvent& event);
    // The same for a network read's tokens at once; callable from any thread (a stream's
    // worker): they are handed to the producer's thread without passing through the caller's.
    void pushLiveFromAnyThread(const std::vector<ossynapse::TokenEvent>& events);
    // Telemetry from a tap during a live session, stamped on the same clock as its tokens.
    void pushLiveTelemetry(const ossynapse::TelemetryMessage& message);
    void endLive();
    void setPlaying(bool playing);
    void seek(double position);
    void setSpeed(double speed);
    void setLoop(bool loop);
    // The parameters a session starts with (a replay's recorded changes then play from them);
    // applied at once.
    void setParameters(const ossynapse::Parameters& parameters);
    // The parameters the engine runs with now (after the recorded changes played so far); call
    // on the producer's thread.
    const Parameters& parameters() const { return m_engine.parameters(); }
    void setRig(const ossynapse::Rig& rig);
    void setBlackout(bool blackout);
    void setFrozen(bool frozen);
    // Targets fed from this thread at the engine's cadence, made by the sink factory from
    // their URIs (frame_sink_factory.h); a bad URI is refused through outputRefused.
    void addOutput(const QString& uri);
    // The target is darkened and released, then dropped.
    void removeOutput(int index);
    // The stream is over: every target is darkened (a black frame where it was lit) and
    // released (E1.31 stream-terminated); pending /update batches go out. Returns the
    // milliseconds the last delayed data still needs.
    int finishOutputs();
    // Darkens and drops every target now, without waiting for latency offsets (shutdown).
    void closeOutputs();
    // Light only lobe `lobe` (full white) until identify(-1), to find it on the real skull.
    void identify(int lobe);

  signals:
    // Every frame, in order, on the engine thread (for network and recording sinks).
    void frameProduced(const ossynapse::Frame& frame);
    void sessionEnded();
    void outputRefused(const QString& why);
    // Each token event as the replay plays it (for the seed's token-rate protocol).
    void tokensPlayed(const ossynapse::TokenEvent& event);

  private:
    void tick();
    void produceFrame();
    void restartAt(double position);
    void feedTelemetryUntil(double position);
    // The session's recorded parameter changes up to `position`.
    void feedChangesUntil(double position);
    void identifyInto(Frame& frame) const;
    double lastLightPosition() const;
    void publish();

    Engine m_engine;
    Session m_session;
    std::size_t m_nextEvent = 0;
    std::size_t m_nextTelemetry = 0;
    std::size_t m_nextChange = 0;
    // What setParameters() set: a replay (re)starts with these, then its recorded changes play.
    Parameters m_startParameters;
    // lastLightPosition() for (events, duration, start parameters, fps).
    mutable std::optional<std::pair<std::tuple<std::size_t, double, Parameters, double>, double>>
        m_lastLight;
    std::array<qint64, kChannelCount> m_tokens{};
    double m_position = 0.0;
    // Positions are computed, not accumulated: base + frames * speed / fps, so a replay at 1x
    // from 0 ticks at k / fps exactly as an offline render does.
    double m_basePosition = 0.0;
    qint64 m_framesSinceBase = 0;
    double m_speed = 1.0;
    double m_fps = 100.0;
    bool m_playing = false;
    bool m_loop = true;
    bool m_live = false;
    bool m_blackout = false;
    bool m_frozen = false;
    QElapsedTimer m_wall;
    qint64 m_framesDue = 0;  // frames produced since the cadence last (re)started
    qint64 m_cadenceStartNs = 0;
    double m_liveStartPosition = 0.0;
    LiveClock m_liveClock;
    bool m_liveEnding = false;  // endLive() came; live until the light is off
    void finishLiveOnceDark();
    QTimer* m_timer = nullptr;
    Frame m_frame;
    int m_identifyLobe = -1;
    bool m_outputsFinished = false;  // after finishOutputs(), until playing again
    std::vector<std::unique_ptr<FrameSink>> m_sinks;
    quint64 m_ticks = 0;

    mutable QMutex m_mutex;
    EngineSnapshot m_snapshot;
};

}  // namespace ossynapse
