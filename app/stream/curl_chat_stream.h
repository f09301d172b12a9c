#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "app/common/live_clock.h"
#include "app/stream/endpoint.h"
#include "core/chat_stream.h"

namespace ossynapse {

struct ChatStreamResult {
    ChatStreamSummary summary;
    ChatOutcome outcome = ChatOutcome::Truncated;
    long httpStatus = 0;
    std::string contentType;  // of the response, as the server sent it
    // Empty on a complete answer; otherwise one line for people, with the server's own words
    // where it sent any ("HTTP 401: No auth credentials found").
    std::string error;
    bool cancelled = false;
    double endT = 0.0;  // seconds since the request was sent
};

// One streaming chat completion over libcurl. run() blocks, so callers put it on a worker
// thread; onDeltas is called on that thread once per network read that carried text, with that
// read's deltas and its time in seconds since the request was sent (a caller that records
// flushes once per call: a kill -9 then loses at most the last read). Set `cancel` from any
// thread to stop within a few milliseconds.
//
// Every text from the server (deltas, error messages, usage, names) has the request's API key
// redacted before it leaves run(): servers quote keys back in their errors.
// A body in any Content-Encoding libcurl supports is decoded (identity is asked for, since
// compressing proxies hold small events back). A 200 whose Content-Type is not
// text/event-stream that does not decode to an answer is an error saying what arrived and how
// to fix the URL, never "truncated".
class CurlChatStream {
  public:
    using DeltaHandler = std::function<void(const std::vector<ChatDelta>& deltas, double t)>;

    // Deltas are stamped in seconds on `clock` (the live session's), from its start.
    static ChatStreamResult run(const ChatRequest& request,
                                const DeltaHandler& onDeltas,
                                const std::atomic<bool>& cancel,
                                const LiveClock& clock = LiveClock());
};

}  // namespace ossynapse
