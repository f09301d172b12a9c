#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/session.h"

namespace ossynapse {

// Server-Sent Events in the OpenRouter chat-completions shape, for serving recordings and
// for benchmarks: the inverse of ChatStreamDecoder.
struct ChatChunkFormat {
    std::string id = "chatcmpl-ossynapse-replay";
    std::string model = "replay";

    // One token event as a chunk; `runningTokens` (tokens sent so far, this event included)
    // goes out as timings.predicted_n, so events worth several tokens survive the trip.
    std::string tokenEvent(const TokenEvent& event, std::int64_t runningTokens) const;
    // The end of the stream: an error event, or the finish chunk, the usage chunk and [DONE].
    std::string endEvents(const SessionEnd& end) const;
};

}  // namespace ossynapse
