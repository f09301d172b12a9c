#pragma once

#include <atomic>
#include <functional>
#include <string>

#include "app/stream/endpoint.h"
#include "core/chat_stream.h"

namespace ossynapse {

struct ChatStreamResult {
    ChatStreamSummary summary;
    ChatOutcome outcome = ChatOutcome::Truncated;
    long httpStatus = 0;
    // Empty on a complete answer; otherwise one line for people, with the server's own words
    // where it sent any ("HTTP 401: No auth credentials found").
    std::string error;
    bool cancelled = false;
    double endT = 0.0;  // seconds since the request was sent
};

// One streaming chat completion over libcurl. run() blocks, so callers put it on a worker
// thread; onDelta is called on that thread with each delta and its time in seconds since the
// request was sent. Set `cancel` from any thread to stop within a few milliseconds.
class CurlChatStream {
  public:
    using DeltaHandler = std::function<void(const ChatDelta& delta, double t)>;

    static ChatStreamResult run(const ChatRequest& request,
                                const DeltaHandler& onDelta,
                                const std::atomic<bool>& cancel);
};

}  // namespace ossynapse
