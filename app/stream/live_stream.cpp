#include "app/stream/live_stream.h"

#include <QDateTime>
#include <QMetaObject>
#include <algorithm>

#include "core/session_writer.h"

namespace ossynapse {

LiveStream::LiveStream(QObject* parent) : QObject(parent) {
    qRegisterMetaType<ossynapse::TokenEvent>();
}

LiveStream::~LiveStream() {
    cancel();
    if (m_worker) {
        m_worker->wait();
    }
}

void LiveStream::cancel() {
    m_cancel = true;
}

SessionEnd sessionEndFor(const ChatStreamResult& result,
                         const std::array<std::int64_t, kChannelCount>& tokens) {
    SessionEnd end;
    end.t = result.endT;
    end.finishReason = result.summary.finishReason;
    end.usage = result.summary.usage;
    end.error = result.error;
    end.outcome = result.cancelled                           ? SessionOutcome::Cancelled
                  : result.outcome == ChatOutcome::Complete  ? SessionOutcome::Finished
                  : result.outcome == ChatOutcome::Truncated ? SessionOutcome::Truncated
                                                             : SessionOutcome::Error;
    end.counted = {
        {"reasoning_chunks", result.summary.chunks[index(Channel::Reasoning)]},
        {"completion_chunks", result.summary.chunks[index(Channel::Completion)]},
        {"reasoning_tokens", tokens[index(Channel::Reasoning)]},
        {"completion_tokens", tokens[index(Channel::Completion)]},
    };
    if (!result.summary.malformed.empty()) {
        end.counted["malformed_events"] = result.summary.malformed.size();
    }
    return end;
}

double LiveStream::recordTelemetry(const TelemetryMessage& message) {
    const double t = m_clock.now();
    const std::lock_guard lock(m_writerMutex);
    // Weight matrices are megabytes a frame: a live recording keeps what lights and what is
    // read beside the tokens, not the weights (ossynapse telemetry --record-weights does).
    if (m_writer && !std::holds_alternative<WeightMatrix>(message)) {
        TelemetryMessage stamped = message;
        setMessageTime(stamped, t);
        try {
            m_writer->write(stamped);
        } catch (const std::exception&) {
            // The token side reports a failing recording when the stream ends.
        }
    }
    return t;
}

void LiveStream::setRecordedSetup(const Parameters& parameters, const Rig& rig) {
    m_recordedParameters = parameters;
    m_recordedRig = rig;
}

void LiveStream::recordParameters(double t, const Parameters& parameters) {
    const std::lock_guard lock(m_writerMutex);
    if (!m_writer) {
        return;
    }
    m_lastParametersT = std::max(m_lastParametersT, t);
    try {
        m_writer->write(ParameterChange{m_lastParametersT, parameters});
    } catch (const std::exception&) {
        // The token side reports a failing recording when the stream ends.
    }
}

double LiveStream::recordParameters(const Parameters& parameters) {
    const double t = m_clock.now();
    recordParameters(t, parameters);
    return t;
}

void LiveStream::start(const ChatRequest& request,
                       const std::string& prompt,
                       const std::string& recordPath,
                       const LiveClock& clock) {
    if (isRunning()) {
        throw std::runtime_error("a stream is already running");
    }
    std::shared_ptr<SessionWriter> writer;
    if (!recordPath.empty()) {
        SessionHeader header;
        header.created = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
        header.prompt = prompt;
        header.source = {{"kind", "live"},
                         {"provider", request.provider},
                         {"model", request.model},
                         {"endpoint", redactedUrl(request.url)}};
        header.parameters = m_recordedParameters;
        header.rig = m_recordedRig;
        writer = std::make_shared<SessionWriter>(recordPath, header);
    }
    if (m_worker) {
        m_worker->wait();
    }
    {
        const std::lock_guard lock(m_writerMutex);
        m_writer = writer;
        m_lastParametersT = 0.0;
    }
    m_clock = clock;
    m_cancel = false;
    m_tokens = {};
    m_result = {};
    m_worker.reset(QThread::create([this, request, writer, clock = m_clock, sink = m_tokenSink] {
        std::array<std::int64_t, kChannelCount> counted{};
        std::string writeError;
        // One network read's tokens: recorded with one write (flushed before anyone is told,
        // so whatever was shown is on disk), then handed to the owner's thread in one hop.
        const auto onDeltas = [&](const std::vector<ChatDelta>& deltas, double t) {
            std::vector<TokenEvent> events;
            events.reserve(deltas.size());
            for (const ChatDelta& delta : deltas) {
                events.push_back({t, delta.channel, delta.tokens, delta.text});
                counted[index(delta.channel)] += delta.tokens;
            }
            if (writer && writeError.empty()) {
                try {
                    const std::lock_guard lock(m_writerMutex);
                    for (const TokenEvent& event : events) {
                        writer->append(event);
                    }
                    writer->flush();
                } catch (const std::exception& error) {
                    writeError = error.what();  // keep streaming; report at the end
                }
            }
            if (sink) {
                sink(events);
            }
            QMetaObject::invokeMethod(
                this,
                [this, events = std::move(events)] {
                    for (const TokenEvent& event : events) {
                        m_tokens[index(event.channel)] += event.tokens;
                        emit tokenArrived(event);
                    }
                },
                Qt::QueuedConnection);
        };
        ChatStreamResult result = CurlChatStream::run(request, onDeltas, m_cancel, clock);
        if (writer) {
            try {
                const std::lock_guard lock(m_writerMutex);
                m_writer.reset();  // telemetry arriving from now on is not recorded
                writer->finish(sessionEndFor(result, counted));
            } catch (const std::exception& error) {
                writeError = error.what();
            }
        }
        if (!writeError.empty() && result.error.empty()) {
            result.error = "recording failed: " + writeError;
            result.outcome = ChatOutcome::Error;
        }
        QMetaObject::invokeMethod(
            this,
            [this, result = std::move(result)] {
                m_result = result;
                emit finished(result.outcome == ChatOutcome::Complete,
                              QString::fromStdString(result.error));
            },
            Qt::QueuedConnection);
    }));
    m_worker->start();
}

}  // namespace ossynapse
