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
    // The server closed with [DONE] (or response.completed) before any text or finish reason:
    // not an answer.
    bool doneWithoutAnswer() const;
    std::optional<std::int64_t> serverRunningTokens;
    std::string model;
    std::string provider;
    std::vector<MalformedPayload> malformed;
    std::size_t comments = 0;
    bool overflowed = false;  // a line longer than the parser takes

    // Error if the server reported one (in any shape: an `error` member, an `error:` field, a
    // named `event: error`); Complete once a finish reason arrived, or [DONE] after at least
    // one chunk of text; otherwise the stream was cut off (Truncated): a session that received
    // no finish reason and no token is never complete.
    ChatOutcome outcome() const;
    std::optional<std::int64_t> usageCompletionTokens() const;
    std::optional<std::int64_t> usageReasoningTokens() const;
};

// Turns the bytes of an OpenAI-compatible chat-completions stream into channel deltas, as the
// seed classifies them: by non-empty strings, not key presence. Every field of a delta goes to
// its own channel, reasoning before content when one delta carries both (vLLM's reasoning
// parser does this when the end-of-thinking tag falls inside a chunk):
// - reasoning: `delta.reasoning`, else `delta.reasoning_content`, else the text of
//   `delta.reasoning_details[]` (the same text again on OpenRouter); reasoning that arrives
//   only encrypted still counts as reasoning activity;
// - `delta.content` as a string is completion (split by harmony channel when raw harmony
//   markers appear in it); as a list of typed blocks (Mistral's reasoning models) `thinking`
//   blocks are reasoning and `text` blocks completion.
// Usage and finish reasons are kept until the end (usage often follows the finish chunk).
// Consecutive `data:` lines without the blank line between events are taken line by line when
// the joined payload is not JSON but each line is. Malformed JSON is recorded with its position
// and skipped. No input makes feed() or finish() throw.
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
    void handleEvents(std::vector<ChatDelta>& out);
    void handleEvent(const SseEvent& event, std::vector<ChatDelta>& out);
    // Returns false when `data` is not JSON (the caller decides what that means).
    bool handlePayload(std::string_view data, std::size_t offset, std::vector<ChatDelta>& out);
    bool eachLineIsPayload(std::string_view data);
    void handleChatChunk(const RootFields& fields, std::vector<ChatDelta>& out);
    void handleContent(std::uint32_t content, std::vector<ChatDelta>& out);
    void handleContentBlocks(std::uint32_t blocks, std::vector<ChatDelta>& out);
    void handleResponsesEvent(std::uint32_t root, std::vector<ChatDelta>& out);
    bool handleError(std::uint32_t root, const RootFields& fields);
    void takeError(std::string_view text);
    ChatError errorFrom(std::uint32_t body) const;
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
