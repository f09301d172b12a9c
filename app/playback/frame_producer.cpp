#include "app/playback/frame_producer.h"

#include <QMutexLocker>
#include <algorithm>
#include <cmath>

#include "app/output/frame_sink_factory.h"
#include "core/offline_render.h"

#include "app/common/core_metatypes.h"

namespace ossynapse {

FrameProducer::FrameProducer(QObject* parent) : QObject(parent) {
    qRegisterMetaType<ossynapse::Session>();
    qRegisterMetaType<ossynapse::Parameters>();
    qRegisterMetaType<ossynapse::Rig>();
    qRegisterMetaType<ossynapse::Frame>();
    qRegisterMetaType<ossynapse::TokenEvent>();
}

FrameProducer::~FrameProducer() {
    closeOutputs();
}

EngineSnapshot FrameProducer::snapshot() const {
    QMutexLocker lock(&m_mutex);
    return m_snapshot;
}

void FrameProducer::start(double fps) {
    m_timer = new QTimer(this);
    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, &FrameProducer::tick);
    m_wall.start();
    setFrameRate(fps);
}

void FrameProducer::setFrameRate(double fps) {
    m_fps = std::clamp(fps, 1.0, 1000.0);
    m_cadenceStartNs = m_wall.nsecsElapsed();
    m_framesDue = 0;
    if (m_timer != nullptr) {
        m_timer->start(std::max(1, static_cast<int>(1000.0 / m_fps / 2.0)));
    }
}

void FrameProducer::tick() {
    const qint64 elapsedNs = m_wall.nsecsElapsed() - m_cadenceStartNs;
    const auto due = static_cast<qint64>(std::floor(static_cast<double>(elapsedNs) * 1e-9 * m_fps));
    // Catch up on every frame that is due, so no frame of the stream is dropped.
    const qint64 missing =
        std::min<qint64>(due - m_framesDue, static_cast<qint64>(m_fps));  // at most 1 s
    for (qint64 i = 0; i < missing; ++i) {
        produceFrame();
    }
    m_framesDue = due;
    if (missing > 0) {
        ++m_ticks;
        publish();
    }
}

void FrameProducer::produceFrame() {
    if (m_frozen) {
        // The look holds on the targets too (a receiver would otherwise time out to dark).
        if (!m_outputsFinished) {
            for (auto& sink : m_sinks) {
                sink->accept(m_frame);
            }
        }
        emit frameProduced(m_frame);
        return;
    }
    if (m_live) {
        // Never backwards: the engine's time only runs forward.
        m_position = std::max(m_position, m_liveClock.now());
        finishLiveOnceDark();
    } else if (m_playing) {
        m_position = m_basePosition + static_cast<double>(m_framesSinceBase) * m_speed / m_fps;
        ++m_framesSinceBase;
    }
    if (m_playing && !m_live) {
        const double end = lastLightPosition();
        if (m_position > end) {
            if (m_loop && end > 0.0) {
                restartAt(0.0);
                m_framesSinceBase = 1;
            } else {
                restartAt(end);
                m_playing = false;
                emit sessionEnded();
            }
        }
        while (m_nextEvent < m_session.events.size() &&
               m_session.events[m_nextEvent].t <= m_position) {
            feedChangesUntil(m_session.events[m_nextEvent].t);
            const TokenEvent& event = m_session.events[m_nextEvent++];
            m_engine.push(event);
            m_tokens[index(event.channel)] += event.tokens;
            emit tokensPlayed(event);
            for (auto& sink : m_sinks) {
                sink->acceptTokens(event);
            }
        }
        feedChangesUntil(m_position);
        feedTelemetryUntil(m_position);
    }
    m_engine.tick(m_position, m_frame);
    if (m_identifyLobe >= 0) {
        identifyInto(m_frame);
    } else if (m_blackout) {
        std::fill(m_frame.rgb.begin(), m_frame.rgb.end(), std::uint8_t{0});
        m_frame.wireDuty = {};
    }
    if (!m_outputsFinished) {
        for (auto& sink : m_sinks) {
            sink->accept(m_frame);
        }
    }
    emit frameProduced(m_frame);
}

void FrameProducer::identifyInto(Frame& frame) const {
    std::fill(frame.rgb.begin(), frame.rgb.end(), std::uint8_t{0});
    const auto& lobes = m_engine.rig().lobes;
    if (static_cast<std::size_t>(m_identifyLobe) < lobes.size()) {
        for (const Led& led : lobes[static_cast<std::size_t>(m_identifyLobe)].leds) {
            const std::size_t at = 3 * static_cast<std::size_t>(led.strip);
            if (at + 2 < frame.rgb.size()) {
                frame.rgb[at] = frame.rgb[at + 1] = frame.rgb[at + 2] = 255;
            }
        }
    }
}

void FrameProducer::addOutput(const QString& uri) {
    try {
        addSink(createSink(uri));
    } catch (const std::exception& error) {
        emit outputRefused(QString::fromUtf8(error.what()));
        publish();
    }
}

void FrameProducer::addSink(std::unique_ptr<FrameSink> sink) {
    m_sinks.push_back(std::move(sink));
    publish();
}

void FrameProducer::removeOutput(int index) {
    if (index < 0 || static_cast<std::size_t>(index) >= m_sinks.size()) {
        return;
    }
    // Destroying a sink darkens and releases its target at once.
    m_sinks.erase(m_sinks.begin() + index);
    publish();
}

int FrameProducer::finishOutputs() {
    m_outputsFinished = true;
    int latest = 0;
    for (auto& sink : m_sinks) {
        latest = std::max(latest, sink->finish());
    }
    publish();
    return latest;
}

void FrameProducer::closeOutputs() {
    m_sinks.clear();  // each sink darkens and releases its target as it goes
    m_outputsFinished = true;
}

void FrameProducer::identify(int lobe) {
    m_identifyLobe = lobe;
}

void FrameProducer::publish() {
    QMutexLocker lock(&m_mutex);
    m_snapshot.frame = m_frame;
    ++m_snapshot.sequence;
    m_snapshot.position = m_position;
    m_snapshot.duration = m_live ? m_position : m_session.duration();
    m_snapshot.playing = m_live || m_playing;
    m_snapshot.live = m_live;
    m_snapshot.tokens = m_tokens;
    m_snapshot.lobeSparsity.resize(m_engine.rig().lobes.size());
    for (std::size_t lobe = 0; lobe < m_snapshot.lobeSparsity.size(); ++lobe) {
        m_snapshot.lobeSparsity[lobe] = m_engine.lobeSparsity(lobe);
    }
    m_snapshot.ticks = m_ticks;
    m_snapshot.outputs.clear();
    for (const auto& sink : m_sinks) {
        m_snapshot.outputs.push_back(sink->status());
    }
}

double FrameProducer::lastLightPosition() const {
    // The same last frame as an offline render: until the lights are off after the session.
    // Cached: it walks the whole session, and is asked every frame.
    const auto key =
        std::make_tuple(m_session.events.size(), m_session.duration(), m_startParameters, m_fps);
    if (!m_lastLight || m_lastLight->first != key) {
        m_lastLight.emplace(
            key, static_cast<double>(offlineFrameCount(m_session, m_startParameters, m_fps) - 1) /
                     m_fps);
    }
    return m_lastLight->second;
}

void FrameProducer::restartAt(double position) {
    m_engine.reset();
    // The session's recorded parameter changes start over from the parameters it starts with.
    m_engine.setParameters(m_startParameters);
    m_tokens = {};
    m_nextEvent = 0;
    m_nextTelemetry = 0;
    m_nextChange = 0;
    m_position = std::max(0.0, position);
    m_basePosition = m_position;
    m_framesSinceBase = 0;
    while (m_nextEvent < m_session.events.size() && m_session.events[m_nextEvent].t <= m_position) {
        feedChangesUntil(m_session.events[m_nextEvent].t);
        const TokenEvent& event = m_session.events[m_nextEvent++];
        m_engine.push(event);
        m_tokens[index(event.channel)] += event.tokens;
    }
    feedChangesUntil(m_position);
    feedTelemetryUntil(m_position);
}

void FrameProducer::feedChangesUntil(double position) {
    const auto& changes = m_session.parameterChanges;
    while (m_nextChange < changes.size() && changes[m_nextChange].t <= position) {
        const ParameterChange& change = changes[m_nextChange++];
        m_engine.pushParameters(change.t, change.parameters);
    }
}

void FrameProducer::feedTelemetryUntil(double position) {
    while (m_nextTelemetry < m_session.telemetry.size() &&
           messageTime(m_session.telemetry[m_nextTelemetry]) <= position) {
        m_engine.push(m_session.telemetry[m_nextTelemetry++]);
    }
}

void FrameProducer::pushLiveTelemetry(const TelemetryMessage& message) {
    if (!m_live || std::holds_alternative<ControlMessage>(message)) {
        return;
    }
    m_session.telemetry.push_back(message);
    m_engine.push(message);
}

void FrameProducer::loadSession(const Session& session) {
    m_live = false;
    m_liveEnding = false;
    m_session = session;
    m_lastLight.reset();
    restartAt(0.0);
    m_engine.tick(m_position, m_frame);
    publish();
}

void FrameProducer::beginLive(const LiveClock& clock) {
    m_live = true;
    m_liveEnding = false;
    m_liveClock = clock;
    m_session = Session{};
    restartAt(0.0);
    publish();
}

void FrameProducer::pushLiveFromAnyThread(const std::vector<TokenEvent>& events) {
    QMetaObject::invokeMethod(
        this,
        [this, events] {
            for (const TokenEvent& event : events) {
                pushLive(event);
            }
        },
        Qt::QueuedConnection);
}

void FrameProducer::pushLive(const TokenEvent& event) {
    if (!m_live) {
        return;
    }
    for (auto& sink : m_sinks) {
        sink->acceptTokens(event);
    }
    m_session.events.push_back(event);
    m_engine.push(event);  // stamped by the stream's clock; late ones count from now
    m_tokens[index(event.channel)] += event.tokens;
}

// The session's light plays out on its clock until it is off, as the end of a replay does;
// produceFrame() then leaves live mode.
void FrameProducer::endLive() {
    if (!m_live) {
        return;
    }
    m_liveEnding = true;
    m_session.end = SessionEnd{std::max(m_position, m_liveClock.now()), {}, nullptr, {}, nullptr};
    publish();
}

void FrameProducer::finishLiveOnceDark() {
    if (!m_liveEnding || m_position < lastLightPosition()) {
        return;
    }
    m_live = false;
    m_liveEnding = false;
    m_playing = false;
    // Played as a recording from here on: everything it holds has been fed.
    m_nextEvent = m_session.events.size();
    m_nextTelemetry = m_session.telemetry.size();
    m_nextChange = m_session.parameterChanges.size();
    emit sessionEnded();
}

void FrameProducer::setPlaying(bool playing) {
    if (m_live || playing == m_playing) {
        return;
    }
    if (playing && m_position >= lastLightPosition()) {
        restartAt(0.0);
    } else {
        // Resume from here: the next frame is at the current position, so a replay from 0
        // starts with the frame at 0 as an offline render does.
        m_basePosition = m_position;
        m_framesSinceBase = 0;
    }
    m_playing = playing;
    m_outputsFinished = m_outputsFinished && !playing;
    publish();
}

void FrameProducer::seek(double position) {
    if (m_live) {
        return;
    }
    restartAt(std::min(position, m_session.duration()));
    m_engine.tick(m_position, m_frame);
    publish();
}

void FrameProducer::setSpeed(double speed) {
    m_speed = std::clamp(speed, 0.25, 8.0);
}

void FrameProducer::setLoop(bool loop) {
    m_loop = loop;
}

void FrameProducer::setParameters(const Parameters& parameters) {
    m_engine.setParameters(parameters);
    m_startParameters = parameters;
}

void FrameProducer::setRig(const Rig& rig) {
    m_engine.setRig(rig);
    m_engine.tick(m_position, m_frame);
    publish();
}

void FrameProducer::setBlackout(bool blackout) {
    m_blackout = blackout;
}

void FrameProducer::setFrozen(bool frozen) {
    m_frozen = frozen;
}

}  // namespace ossynapse
