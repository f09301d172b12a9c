#include "app/studio/studio_engine.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QMetaObject>
#include <QRegularExpression>
#include <algorithm>

#include "app/common/engine_files.h"
#include "app/common/json_file.h"
#include "app/control/control_registry.h"
#include "app/output/frame_sink_factory.h"
#include "app/studio/session_text.h"
#include "core/error.h"
#include "core/session_feed.h"
#include "core/session_reader.h"

namespace ossynapse {
namespace {

StudioEngine* g_instance = nullptr;
constexpr double kHistorySeconds = 30.0;

template <typename Method, typename... Args>
void post(FrameProducer* producer, Method method, Args... args) {
    QMetaObject::invokeMethod(
        producer, [=] { (producer->*method)(args...); }, Qt::QueuedConnection);
}

}  // namespace

StudioEngine::StudioEngine(QObject* parent) : QObject(parent) {
    m_producer = new FrameProducer;
    m_producer->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_producer, &QObject::deleteLater);
    m_thread.setObjectName(QStringLiteral("engine"));
    m_thread.start(QThread::TimeCriticalPriority);
    post(m_producer, &FrameProducer::start, m_frameRate);
    m_poll.setTimerType(Qt::PreciseTimer);
    connect(&m_poll, &QTimer::timeout, this, &StudioEngine::poll);
    m_poll.start(16);
    m_fpsClock.start();
    m_controls = new ControlRegistry(this);
    m_sessionText = new SessionText(this);
    connect(this, &StudioEngine::frameChanged, m_sessionText,
            [this] { m_sessionText->setPosition(position()); });
}

StudioEngine::~StudioEngine() {
    // Quitting darkens the real skull: every target gets its black frame (and E1.31 its
    // stream-terminated) from the engine thread, before that thread ends.
    QMetaObject::invokeMethod(m_producer, &FrameProducer::closeOutputs,
                              Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    if (g_instance == this) {
        g_instance = nullptr;
    }
}

StudioEngine* StudioEngine::create(QQmlEngine*, QJSEngine*) {
    if (g_instance == nullptr) {
        g_instance = new StudioEngine(nullptr);
    }
    QJSEngine::setObjectOwnership(g_instance, QJSEngine::CppOwnership);
    return g_instance;
}

void StudioEngine::setInstance(StudioEngine* instance) {
    g_instance = instance;
}

// What the window shows of a snapshot: when none of it moved (paused, frozen, dark and idle),
// nothing is redrawn, so a still studio costs no rendering.
static bool showsTheSame(const EngineSnapshot& a, const EngineSnapshot& b) {
    const auto sameReading = [](const ChannelReading& x, const ChannelReading& y) {
        return x.rate == y.rate && x.smoothedRate == y.smoothedRate && x.level == y.level &&
               x.pattern == y.pattern && x.duty == y.duty;
    };
    return a.position == b.position && a.frame.rgb == b.frame.rgb &&
           a.frame.wireDuty == b.frame.wireDuty && a.frame.burstAccent == b.frame.burstAccent &&
           sameReading(a.frame.channels[0], b.frame.channels[0]) &&
           sameReading(a.frame.channels[1], b.frame.channels[1]) && a.tokens == b.tokens &&
           a.lobeSparsity == b.lobeSparsity && a.playing == b.playing && a.duration == b.duration &&
           a.live == b.live;
}

void StudioEngine::poll() {
    EngineSnapshot next = m_producer->snapshot();
    if (next.sequence == m_snapshot.sequence) {
        return;
    }
    const bool unchanged = showsTheSame(next, m_snapshot);
    m_snapshot = std::move(next);
    if (m_fpsClock.elapsed() >= 1000) {
        m_engineFps = static_cast<double>(m_snapshot.sequence - m_fpsSequence) * 1000.0 /
                      static_cast<double>(m_fpsClock.restart());
        m_fpsSequence = m_snapshot.sequence;
        emit statsChanged();
    }
    QVariantList outputs;
    for (const OutputStatus& output : m_snapshot.outputs) {
        outputs.append(QVariantMap{{QStringLiteral("uri"), output.uri},
                                   {QStringLiteral("state"), output.state},
                                   {QStringLiteral("sent"), output.sent}});
    }
    if (outputs != m_outputs) {
        m_outputs = outputs;
        emit outputsChanged();
    }
    if (unchanged) {
        return;
    }
    PlotSample sample{m_snapshot.position, {}, {}, {}};
    for (Channel c : kChannels) {
        sample.rate[index(c)] = m_snapshot.frame.channel(c).rate;
        sample.level[index(c)] = m_snapshot.frame.channel(c).level;
        sample.pattern[index(c)] = m_snapshot.frame.channel(c).pattern;
    }
    // A seek or a loop (time jumps back, or forward by more than a second): the plot starts again.
    if (!m_history.empty() && (sample.position < m_history.back().position ||
                               sample.position > m_history.back().position + 1.0)) {
        m_history.clear();
    }
    m_history.push_back(sample);
    while (!m_history.empty() && m_history.front().position < sample.position - kHistorySeconds) {
        m_history.pop_front();
    }
    if (m_snapshot.playing != m_lastPlaying || m_snapshot.duration != m_lastDuration) {
        m_lastPlaying = m_snapshot.playing;
        m_lastDuration = m_snapshot.duration;
        emit transportChanged();
    }
    emit frameChanged();
}

QVariantList StudioEngine::channels() const {
    QVariantList list;
    for (Channel c : kChannels) {
        const ChannelReading& r = m_snapshot.frame.channel(c);
        list.append(QVariantMap{
            {QStringLiteral("name"), QString::fromLatin1(channelName(c).data())},
            {QStringLiteral("rate"), r.rate},
            {QStringLiteral("smoothed"), r.smoothedRate},
            {QStringLiteral("level"), r.level},
            {QStringLiteral("duty"), r.duty},
            {QStringLiteral("pattern"), QString::fromLatin1(patternName(r.pattern).data())},
            {QStringLiteral("tokens"), m_snapshot.tokens[index(c)]}});
    }
    return list;
}

QVariantList StudioEngine::bundledRecordings() const {
    // Installed in the data folder, found relative to the binary (so a relocated prefix works),
    // or in the source tree when run from a build.
    const QString appDir = QCoreApplication::applicationDirPath();
    const QStringList candidates = {appDir + QStringLiteral("/" OSSYNAPSE_RECORDINGS_FROM_BINDIR),
                                    QStringLiteral(OSSYNAPSE_SOURCE_RECORDINGS)};
    for (const QString& folder : candidates) {
        const QDir dir(folder);
        const QStringList files =
            dir.entryList({QStringLiteral("*.jsonl")}, QDir::Files, QDir::Name);
        if (!files.isEmpty()) {
            QVariantList list;
            for (const QString& file : files) {
                list.append(QVariantMap{
                    {QStringLiteral("name"), QFileInfo(file).completeBaseName()},
                    {QStringLiteral("url"), QUrl::fromLocalFile(dir.absoluteFilePath(file))}});
            }
            return list;
        }
    }
    return {};
}

bool StudioEngine::openRecording(const QUrl& url) {
    const QString path = url.isLocalFile() ? url.toLocalFile() : url.toString();
    try {
        LoadedSession loaded = readSessionFile(path.toStdString());
        m_sourceName = QFileInfo(path).completeBaseName();
        m_sourcePath = QFileInfo(path).absoluteFilePath();
        m_sourcePrompt = QString::fromStdString(loaded.session.header.prompt);
        setErrorText(loaded.report.clean() ? QString()
                                           : QFileInfo(path).fileName() + QStringLiteral(": ") +
                                                 QString::fromStdString(loaded.report.describe()));
        m_liveOn = false;
        m_summaries.clear();
        m_sparse.clear();
        for (const TelemetryMessage& message : loaded.session.telemetry) {
            if (const auto* batch = std::get_if<SummaryBatch>(&message)) {
                m_summaries.push_back(*batch);
            } else if (const auto* sparse = std::get_if<SparseActivations>(&message)) {
                m_sparse.push_back(*sparse);
            }
        }
        useRecordedSetup(loaded.session);
        m_sessionText->load(loaded.session.events, 0.0);
        post(m_producer, &FrameProducer::loadSession, loaded.session);
        post(m_producer, &FrameProducer::setPlaying, true);
        emit sourceChanged();
        return true;
    } catch (const std::exception& error) {
        setErrorText(QString::fromUtf8(error.what()));
        return false;
    }
}

void StudioEngine::useRecordedSetup(Session& session) {
    // One rule with render and replay (playbackSetup): the studio's own setup counts as
    // explicit when it was chosen for this run, when it is asked to, or when the recording
    // remembers none (older recordings keep the studio's tuning, as before).
    const SessionHeader& header = session.header;
    std::optional<Parameters> own;
    if (!m_playAsRecorded || m_keepOwnParameters || !header.parameters) {
        own = m_parameters;
    }
    std::optional<Rig> ownRig;
    if (!m_playAsRecorded || m_keepOwnRig || !header.rig) {
        ownRig = m_rig;
    }
    const PlaybackSetup setup = playbackSetup(session, own, ownRig, !m_playAsRecorded);
    if (!(setup.parameters == m_parameters)) {
        applyParameters(setup.parameters);
    }
    if (ownRig) {
        const auto is = [&](auto kind) {
            return std::any_of(session.telemetry.begin(), session.telemetry.end(),
                               [&](const TelemetryMessage& m) {
                                   return std::holds_alternative<decltype(kind)>(m);
                               });
        };
        // A recorded training run (training steps, no summaries) plays on the learning skull.
        matchRigToSource(!session.telemetry.empty(), is(TrainingStep{}) && !is(SummaryBatch{}));
    } else if (!(setup.rig == m_rig)) {
        applyRig(setup.rig);  // one step of rig undo: the studio's own rig is one Ctrl+Z away
    }
}

void StudioEngine::setPlayAsRecorded(bool asRecorded) {
    if (asRecorded == m_playAsRecorded) {
        return;
    }
    m_playAsRecorded = asRecorded;
    emit playAsRecordedChanged();
    if (!m_liveOn && !m_sourcePath.isEmpty()) {
        openRecording(QUrl::fromLocalFile(m_sourcePath));
    }
}

void StudioEngine::keepOwnSetup(bool parameters, bool rig) {
    m_keepOwnParameters = parameters;
    m_keepOwnRig = rig;
}

void StudioEngine::setPlaying(bool playing) {
    post(m_producer, &FrameProducer::setPlaying, playing);
}

void StudioEngine::seek(double position) {
    post(m_producer, &FrameProducer::seek, position);
}

void StudioEngine::setSpeed(double speed) {
    speed = std::clamp(speed, 0.25, 8.0);
    if (speed != m_speed) {
        m_speed = speed;
        post(m_producer, &FrameProducer::setSpeed, speed);
        emit speedChanged();
    }
}

void StudioEngine::setLoop(bool loop) {
    if (loop != m_loop) {
        m_loop = loop;
        post(m_producer, &FrameProducer::setLoop, loop);
        emit loopChanged();
    }
}

void StudioEngine::setBlackout(bool blackout) {
    if (blackout != m_blackout) {
        m_blackout = blackout;
        post(m_producer, &FrameProducer::setBlackout, blackout);
        emit outputModeChanged();
    }
}

void StudioEngine::setFrozen(bool frozen) {
    if (frozen != m_frozen) {
        m_frozen = frozen;
        post(m_producer, &FrameProducer::setFrozen, frozen);
        emit outputModeChanged();
    }
}

void StudioEngine::setFrameRate(double fps) {
    fps = std::clamp(fps, 10.0, 400.0);
    if (fps != m_frameRate) {
        m_frameRate = fps;
        post(m_producer, &FrameProducer::setFrameRate, fps);
        emit frameRateChanged();
    }
}

bool StudioEngine::applyParameters(const Parameters& parameters) {
    try {
        parameters.validate();
    } catch (const InputError& error) {
        setErrorText(QString::fromUtf8(error.what()));
        return false;
    }
    m_parameters = parameters;
    post(m_producer, &FrameProducer::setParameters, parameters);
    emit parametersChanged();
    return true;
}

void StudioEngine::useRig(const Rig& rig) {
    m_rig = rig;
    post(m_producer, &FrameProducer::setRig, rig);
    emit rigChanged();
}

void StudioEngine::beginLive(const QString& name, const QString& prompt, const LiveClock& clock) {
    m_liveOn = true;
    m_liveRigMatched = false;
    m_liveClock = clock;
    m_summaries.clear();
    m_sparse.clear();
    m_sourceName = name;
    m_sourcePath.clear();
    m_sourcePrompt = prompt;
    m_sessionText->beginLive();
    post(m_producer, &FrameProducer::beginLive, clock);
    emit sourceChanged();
}

void StudioEngine::pushLive(const TokenEvent& event) {
    post(m_producer, &FrameProducer::pushLive, event);
}

void StudioEngine::pushTelemetry(const TelemetryMessage& received) {
    if (std::holds_alternative<ControlMessage>(received)) {
        return;
    }
    if (!m_liveOn) {
        beginLive(QStringLiteral("telemetry"), QString());
    }
    // The rig follows the first message that lights anything, once a session: summaries the
    // telemetry skull, training steps the learning skull (a training tap sends no summaries,
    // and on the telemetry skull the model learned in the dark: found by a newcomer's trial).
    // One change only: two in a row, while the panels rebuild, crashed Qt 6.4's GridLayout.
    const bool training = std::holds_alternative<TrainingStep>(received);
    if (!m_liveRigMatched && (training || std::holds_alternative<SummaryBatch>(received) ||
                              std::holds_alternative<SparseActivations>(received))) {
        m_liveRigMatched = true;
        matchRigToSource(true, training);
    }
    // A weight matrix can be megabytes and lights nothing: it stays off the engine thread, and
    // is not copied on the way to the weights view.
    if (std::holds_alternative<WeightMatrix>(received)) {
        emit telemetryArrived(received);
        return;
    }
    TelemetryMessage message = received;
    setMessageTime(message, m_liveClock.now());
    if (const auto* batch = std::get_if<SummaryBatch>(&message)) {
        m_summaries.push_back(*batch);
    } else if (const auto* sparse = std::get_if<SparseActivations>(&message)) {
        m_sparse.push_back(*sparse);
    }
    post(m_producer, &FrameProducer::pushLiveTelemetry, message);
    emit telemetryArrived(received);
}

void StudioEngine::endLive() {
    m_liveOn = false;
    post(m_producer, &FrameProducer::endLive);
}

QVariantList StudioEngine::outputs() const {
    return m_outputs;
}

void StudioEngine::addOutput(const QString& uri) {
    try {
        createSink(uri.trimmed());  // refuse a bad URI here, in words, at once (no I/O yet)
    } catch (const std::exception& error) {
        setErrorText(QString::fromUtf8(error.what()));
        return;
    }
    post(m_producer, &FrameProducer::addOutput, uri.trimmed());
    m_outputUris << uri.trimmed();
}

QVariantList StudioEngine::outputKinds() const {
    QVariantList kinds;
    for (const SinkKind& kind : sinkKinds()) {
        if (kind.create != nullptr) {
            kinds.append(QVariantMap{{QStringLiteral("syntax"), kind.syntax},
                                     {QStringLiteral("summary"), kind.summary}});
        }
    }
    return kinds;
}

QString StudioEngine::outputOptionsHelp() const {
    return sinkOptionsHelp();
}

void StudioEngine::removeOutput(int index) {
    post(m_producer, &FrameProducer::removeOutput, index);
    if (index >= 0 && index < m_outputUris.size()) {
        m_outputUris.removeAt(index);
    }
}

QStringList StudioEngine::keptOutputUris() const {
    // A bearer token written in the URI is a secret: such a target is not kept in the
    // settings file (token_file= and the environment are).
    static const QRegularExpression inlineToken(QStringLiteral("[?&]token="));
    QStringList kept;
    for (const QString& uri : m_outputUris) {
        if (!uri.contains(inlineToken)) {
            kept << uri;
        }
    }
    return kept;
}

void StudioEngine::identifyLobe(int lobe) {
    if (lobe != m_identifiedLobe) {
        m_identifiedLobe = lobe;
        post(m_producer, &FrameProducer::identify, lobe);
        emit identifiedLobeChanged();
    }
}

void StudioEngine::setErrorText(const QString& text) {
    if (text != m_errorText) {
        m_errorText = text;
        emit errorTextChanged();
    }
}

}  // namespace ossynapse
