#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QThread>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

#include "app/common/core_metatypes.h"
#include "app/common/live_clock.h"
#include "app/stream/curl_chat_stream.h"
#include "core/session.h"
#include "core/session_writer.h"
#include "core/telemetry.h"
#include "core/token_event.h"

namespace ossynapse {

class SessionWriter;

// A live chat completion streamed on a worker thread (the caller's thread never blocks),
// turned into token events and, when asked, recorded as it goes (one write per network read,
// made before the read's tokens are signalled). Signals arrive on the thread that owns this
// object, the tokens of one network read in one go.
class LiveStream : public QObject {
    Q_OBJECT
  public:
    explicit LiveStream(QObject* parent = nullptr);
    ~LiveStream() override;  // cancels and waits for the worker

    // What the recording's header remembers as the engine parameters and rig in use when it
    // starts (so a replay shows the light as it was seen). Call before start(); unset, the
    // header says null for both.
    void setRecordedSetup(const Parameters& parameters, const Rig& rig);
    // Where the tokens go first, on the stream's worker thread, right after they are recorded
    // and before tokenArrived: straight to an engine thread, so a busy GUI never delays the
    // light. Must be thread-safe. Call before start().
    using TokenSink = std::function<void(const std::vector<TokenEvent>& events)>;
    void setTokenSink(TokenSink sink) { m_tokenSink = std::move(sink); }
    // The session's clock: tokens, telemetry and control changes are stamped on it.
    LiveClock clock() const { return m_clock; }
    // Throws std::runtime_error when the recording cannot be created; nothing starts then.
    // The header records provider, model and endpoint (never the key), the prompt and the
    // setup above.
    // `clock` is the session's (a new one by default): give the engine the same one.
    void start(const ChatRequest& request,
               const std::string& prompt,
               const std::string& recordPath = {},
               const LiveClock& clock = LiveClock());
    void cancel();
    // Telemetry from a tap during the stream, stamped on the stream's clock and written to its
    // recording beside the tokens. Returns the time it was stamped with. Thread-safe.
    double recordTelemetry(const TelemetryMessage& message);
    // A control change during the stream: from `t` (seconds on the session's clock, the one
    // that stamps its tokens) the engine runs with `parameters`. Written to the recording as a
    // params record (recordings/README.md); render, replay and the studio apply it there.
    // Thread-safe: call it from any thread, e.g. when a studio control changes. Records must
    // come in time order; one before the previous is stamped at the previous one's time.
    // Nothing is written when not recording or after the stream has ended.
    void recordParameters(double t, const Parameters& parameters);
    // The same, stamped now on the stream's own clock; returns the time used.
    double recordParameters(const Parameters& parameters);
    bool isRunning() const { return m_worker != nullptr && m_worker->isRunning(); }
    const ChatStreamResult& result() const { return m_result; }
    // Tokens counted per channel so far (chunks, or the server's running counts).
    std::int64_t tokens(Channel channel) const { return m_tokens[index(channel)]; }

  signals:
    void tokenArrived(const ossynapse::TokenEvent& event);
    // complete: the answer arrived whole. Otherwise `error` says why not, in words.
    void finished(bool complete, const QString& error);

  private:
    std::unique_ptr<QThread> m_worker;
    std::mutex m_writerMutex;  // the worker writes tokens, the owner's thread telemetry
    std::shared_ptr<SessionWriter> m_writer;
    std::optional<Parameters> m_recordedParameters;
    std::optional<Rig> m_recordedRig;
    double m_lastParametersT = 0.0;  // guarded by m_writerMutex
    LiveClock m_clock;
    TokenSink m_tokenSink;
    std::atomic<bool> m_cancel{false};
    ChatStreamResult m_result;
    std::array<std::int64_t, kChannelCount> m_tokens{};
};

// What a recording's end record says about a finished stream: finish reason, the server's
// usage, the error, and the client's own chunk and token counts.
SessionEnd sessionEndFor(const ChatStreamResult& result,
                         const std::array<std::int64_t, kChannelCount>& tokens);

}  // namespace ossynapse
