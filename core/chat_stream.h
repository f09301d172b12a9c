#pragma once

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/harmony_splitter.h"
#include "core/json_view.h"
#include "core/sse_parser.h"
#include "core/token_event.h"

namespace ossynapse {

// Text (or, for encrypted reasoning, activity without text) that one chunk added to a channel.
struct ChatDelta {
    Channel channel;
    std::string text;
    // Tokens this chunk stands for: 1, or the growth of the server's running token count
    // where the server reports one (llama.cpp timings, vLLM continuous usage).
    int tokens = 1;
    bool encrypted = false;
};

struct ChatError {
    std::string message;
    std::string code;  // the server's code, as text ("502", "rate_limit_exceeded"), or empty
};

struct MalformedPayload {
    std::size_t offset;  // byte offset of the event in the stream
    std::string message;
};

enum class ChatOutcome { Complete, Error, Truncated };

// What the stream said about itself, apart from the text.
struct ChatStreamSummary {
    std::size_t events = 0;                           // data events received (not comments)
    std::array<std::size_t, kChannelCount> chunks{};  // chunks that carried text, per channel
    std::string finishReason;                         // the last non-empty one
    nlohmann::json usage;                             // the last usage object, or null
    std::optional<ChatError> error;
    bool done = false;  // "data: [DONE]" (or the Responses API's response.completed) arrived
    std::optional<std::int64_t> serverRunningTokens;
    std::string model;
    std::string provider;
    std::vector<MalformedPayload> malformed;
    std::size_t comments = 0;
    bool overflowed = false;  // a line longer than the parser takes

    // Complete once a finish reason or [DONE] arrived; Error if the server reported one;
    // otherwise the stream was cut off.
    ChatOutcome outcome() const;
    std::optional<std::int64_t> usageCompletionTokens() const;
    std::optional<std::int64_t> usageReasoningTokens() const;
};

// Turns the bytes of an OpenAI-compatible chat-completions stream into channel deltas, as the
// seed classifies them: by non-empty strings, not key presence. `delta.content` is completion
// (split by harmony channel when raw harmony markers appear in it); otherwise
// `delta.reasoning`, else `delta.reasoning_content`, else the text of
// `delta.reasoning_details[]` is reasoning, and reasoning that arrives only encrypted still
// counts as reasoning activity. Usage and finish reasons are kept until the end (usage often
// follows the finish chunk). Malformed JSON is recorded with its position and skipped.
class ChatStreamDecoder {
  public:
    void feed(std::string_view bytes, std::vector<ChatDelta>& out);
    void finish(std::vector<ChatDelta>& out);
    const ChatStreamSummary& summary() const { return m_summary; }

  private:
    // The top-level members a chunk is read by, found in one pass.
    struct RootFields {
        std::uint32_t choices, model, provider, usage, timings, error, object, type;
    };
    void handleEvent(const SseEvent& event, std::vector<ChatDelta>& out);
    void handleChatChunk(const RootFields& fields, std::vector<ChatDelta>& out);
    void handleResponsesEvent(std::uint32_t root, std::vector<ChatDelta>& out);
    bool handleError(std::uint32_t root, const RootFields& fields);
    void keepUsage(std::uint32_t usage);
    void keepName(std::uint32_t value, std::string& kept) const;
    void addDelta(Channel channel, std::string text, bool encrypted, std::vector<ChatDelta>& out);
    int takeServerTokens(const RootFields& fields);
    std::optional<std::string> text(std::uint32_t object, std::string_view key) const;
    std::optional<std::string> nonEmptyString(std::uint32_t value) const;

    SseParser m_parser;
    JsonView m_json;
    HarmonySplitter m_harmony;
    ChatStreamSummary m_summary;
    std::vector<SseEvent> m_events;
    std::optional<std::int64_t> m_tokensAtLastDelta;
    int m_pendingTokens = 1;
};

std::string_view outcomeName(ChatOutcome outcome);

}  // namespace ossynapse
