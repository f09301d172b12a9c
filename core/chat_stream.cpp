#include "core/chat_stream.h"

#include <algorithm>

#include "core/json_text.h"

namespace ossynapse {
namespace {

using Node = std::uint32_t;
constexpr Node kNone = JsonView::kNone;

}  // namespace

std::string_view outcomeName(ChatOutcome outcome) {
    switch (outcome) {
        case ChatOutcome::Complete:
            return "complete";
        case ChatOutcome::Error:
            return "error";
        case ChatOutcome::Truncated:
            return "truncated";
    }
    return "truncated";
}

bool ChatStreamSummary::doneWithoutAnswer() const {
    return done && finishReason.empty() && chunks[0] + chunks[1] == 0;
}

ChatOutcome ChatStreamSummary::outcome() const {
    if (error) {
        return ChatOutcome::Error;
    }
    if (!finishReason.empty() || (done && !doneWithoutAnswer())) {
        return ChatOutcome::Complete;
    }
    return ChatOutcome::Truncated;
}

namespace {

std::optional<std::int64_t> jsonInteger(const nlohmann::json& object, const char* key) {
    if (!object.is_object()) {
        return std::nullopt;
    }
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number_integer()) {
        return std::nullopt;
    }
    return it->get<std::int64_t>();
}

}  // namespace

std::optional<std::int64_t> ChatStreamSummary::usageCompletionTokens() const {
    return jsonInteger(usage, "completion_tokens");
}

std::optional<std::int64_t> ChatStreamSummary::usageReasoningTokens() const {
    if (!usage.is_object()) {
        return std::nullopt;
    }
    const auto details = usage.find("completion_tokens_details");
    return details == usage.end() ? std::nullopt : jsonInteger(*details, "reasoning_tokens");
}

void ChatStreamDecoder::feed(std::string_view bytes, std::vector<ChatDelta>& out) {
    m_events.clear();
    try {
        if (!m_parser.feed(bytes, m_events)) {
            m_summary.overflowed = true;
        }
    } catch (const std::exception&) {
        m_summary.overflowed = true;  // no memory for a line: as if it were too long
    }
    handleEvents(out);
}

void ChatStreamDecoder::finish(std::vector<ChatDelta>& out) {
    m_events.clear();
    try {
        m_parser.finish(m_events);
    } catch (const std::exception&) {
        m_summary.overflowed = true;
    }
    handleEvents(out);
    for (HarmonySplitter::Piece& piece : m_harmony.flush()) {
        addDelta(piece.channel, std::move(piece.text), false, out);
    }
}

// Bytes from a server must never end the process: whatever an event does to the decoder (a
// number out of range, no memory), it is recorded as malformed and the stream goes on.
void ChatStreamDecoder::handleEvents(std::vector<ChatDelta>& out) {
    for (const SseEvent& event : m_events) {
        try {
            handleEvent(event, out);
        } catch (const std::exception& error) {
            m_summary.malformed.push_back(
                {event.offset, std::string("event could not be read: ") + error.what()});
        }
    }
    m_summary.comments = m_parser.comments();
}

// A non-empty string at `key` of `object`; also {"text": "..."}, as some gateways wrap
// reasoning.
std::optional<std::string> ChatStreamDecoder::text(Node object, std::string_view key) const {
    return nonEmptyString(m_json.member(object, key));
}

std::optional<std::string> ChatStreamDecoder::nonEmptyString(Node value) const {
    if (value != kNone && m_json.node(value).type == JsonView::Type::Object) {
        value = m_json.member(value, "text");
    }
    if (!m_json.isString(value) || m_json.raw(value).empty()) {
        return std::nullopt;
    }
    return m_json.string(value);
}

void ChatStreamDecoder::handleEvent(const SseEvent& event, std::vector<ChatDelta>& out) {
    if (!event.error.empty()) {
        ++m_summary.events;
        takeError(event.error);  // llama.cpp's "error: {...}" field line
    }
    std::string_view data = event.data;
    while (!data.empty() && (data.back() == ' ' || data.back() == '\n')) {
        data.remove_suffix(1);
    }
    if (event.event == "error") {
        // A named error event is an error whatever its data holds, with or without an
        // `error` member.
        if (data.empty()) {
            takeError("the server sent an error event without a message");
        } else {
            ++m_summary.events;
            takeError(data);
        }
        return;
    }
    if (data.empty()) {
        return;  // an empty data line is a keep-alive on some gateways
    }
    ++m_summary.events;
    if (handlePayload(data, event.offset, out)) {
        return;
    }
    // Consecutive data lines with no blank line between events arrive joined by "\n": when each
    // line is a payload of its own, take them one by one (the SSE library's maintainers leave
    // this recovery to the consumer).
    if (data.find('\n') != std::string_view::npos && eachLineIsPayload(data)) {
        std::size_t at = 0;
        while (at <= data.size()) {
            const std::size_t end = std::min(data.find('\n', at), data.size());
            const std::string_view line = data.substr(at, end - at);
            if (!line.empty()) {
                handlePayload(line, event.offset + at, out);
            }
            at = end + 1;
        }
        return;
    }
    // Rare, so the slow reader may say why: "number 1e400 is out of range" sends a user to the
    // server's numbers, "bad JSON" to its framing.
    m_summary.malformed.push_back(
        {event.offset, "payload is not valid JSON (" + readJsonText(data).fault + ")"});
}

bool ChatStreamDecoder::eachLineIsPayload(std::string_view data) {
    std::size_t at = 0;
    while (at <= data.size()) {
        const std::size_t end = std::min(data.find('\n', at), data.size());
        const std::string_view line = data.substr(at, end - at);
        if (!line.empty() && line != "[DONE]" && !m_json.parse(line)) {
            return false;
        }
        at = end + 1;
    }
    return true;
}

bool ChatStreamDecoder::handlePayload(std::string_view data,
                                      std::size_t offset,
                                      std::vector<ChatDelta>& out) {
    if (data == "[DONE]") {
        m_summary.done = true;
        return true;
    }
    if (!m_json.parse(data)) {
        return false;
    }
    const Node root = m_json.root();
    if (m_json.node(root).type != JsonView::Type::Object) {
        m_summary.malformed.push_back({offset, "payload is not a JSON object"});
        return true;
    }
    RootFields fields;
    m_json.members(root, {{"choices", &fields.choices},
                          {"model", &fields.model},
                          {"provider", &fields.provider},
                          {"usage", &fields.usage},
                          {"timings", &fields.timings},
                          {"error", &fields.error},
                          {"object", &fields.object},
                          {"type", &fields.type}});
    if (handleError(root, fields)) {
        return true;
    }
    if (m_json.isString(fields.type) && m_json.raw(fields.type).substr(0, 9) == "response.") {
        handleResponsesEvent(root, out);
        return true;
    }
    handleChatChunk(fields, out);
    return true;
}

// {"message": ..., "code": ...}, a bare string, or anything else as its raw text.
ChatError ChatStreamDecoder::errorFrom(Node body) const {
    ChatError result;
    if (m_json.isString(body)) {
        result.message = m_json.string(body);
    } else if (body != kNone && m_json.node(body).type == JsonView::Type::Object) {
        result.message = text(body, "message").value_or("unknown error");
        const Node code = m_json.member(body, "code");
        if (m_json.isString(code)) {
            result.code = m_json.string(code);
        } else if (code != kNone && m_json.node(code).type == JsonView::Type::Number) {
            result.code = std::string(m_json.raw(code));
        }
    } else if (body != kNone) {
        result.message = std::string(m_json.raw(body));
    }
    if (result.message.empty()) {
        result.message = "unknown error";
    }
    return result;
}

// The first error a stream reports is the one that ended it.
void ChatStreamDecoder::takeError(std::string_view errorText) {
    if (m_summary.error) {
        return;
    }
    constexpr std::size_t kMaxMessage = 2000;
    if (m_json.parse(errorText)) {
        const Node root = m_json.root();
        const Node nested = m_json.member(root, "error");
        m_summary.error = errorFrom(
            nested != kNone && m_json.node(nested).type != JsonView::Type::Null ? nested : root);
    } else {
        m_summary.error = ChatError{std::string(errorText.substr(0, kMaxMessage)), {}};
    }
}

bool ChatStreamDecoder::handleError(Node root, const RootFields& fields) {
    const Node error = fields.error;
    const bool nested = error != kNone && m_json.node(error).type != JsonView::Type::Null;
    const bool flat = m_json.isString(fields.object) && m_json.raw(fields.object) == "error";
    if (!nested && !flat) {
        return false;
    }
    if (!m_summary.error) {
        m_summary.error = errorFrom(nested ? error : root);
    }
    if (auto reason = text(m_json.element(fields.choices, 0), "finish_reason")) {
        m_summary.finishReason = *reason;
    }
    return true;
}

int ChatStreamDecoder::takeServerTokens(const RootFields& fields) {
    std::optional<std::int64_t> running =
        m_json.integer(m_json.member(fields.timings, "predicted_n"));
    if (!running) {
        running = m_json.integer(m_json.member(fields.usage, "completion_tokens"));
    }
    if (!running) {
        return 1;
    }
    m_summary.serverRunningTokens = running;
    const std::int64_t before = m_tokensAtLastDelta.value_or(0);
    m_tokensAtLastDelta = running;
    return static_cast<int>(std::clamp<std::int64_t>(*running - before, 1, 1'000'000));
}

void ChatStreamDecoder::addDelta(Channel channel,
                                 std::string deltaText,
                                 bool encrypted,
                                 std::vector<ChatDelta>& out) {
    ++m_summary.chunks[index(channel)];
    out.push_back({channel, std::move(deltaText), m_pendingTokens, encrypted});
    m_pendingTokens = 1;  // a second piece from the same chunk counts one more
}

// Every chunk repeats the model and provider: copy only when they change.
void ChatStreamDecoder::keepName(Node value, std::string& kept) const {
    if (m_json.isString(value) && !m_json.raw(value).empty() && m_json.raw(value) != kept) {
        kept = m_json.string(value);
    }
}

void ChatStreamDecoder::keepUsage(Node usage) {
    if (usage != kNone && m_json.node(usage).type == JsonView::Type::Object) {
        // Kept whole for the recording; rare (the last chunk, or vLLM's running usage). The
        // view accepts exactly what nlohmann accepts, so this cannot fail; if it ever did, the
        // usage is dropped rather than the process.
        nlohmann::json parsed = nlohmann::json::parse(m_json.raw(usage), nullptr, false);
        m_summary.usage = parsed.is_discarded() ? nlohmann::json() : std::move(parsed);
    }
}

void ChatStreamDecoder::handleChatChunk(const RootFields& fields, std::vector<ChatDelta>& out) {
    keepName(fields.model, m_summary.model);
    keepName(fields.provider, m_summary.provider);
    keepUsage(fields.usage);
    const Node choice = m_json.element(fields.choices, 0);
    Node finishReason = kNone;
    Node delta = kNone;
    m_json.members(choice, {{"delta", &delta}, {"finish_reason", &finishReason}});
    if (auto reason = nonEmptyString(finishReason)) {
        m_summary.finishReason = std::move(*reason);
    }
    if (delta == kNone || m_json.node(delta).type != JsonView::Type::Object) {
        return;
    }
    const std::size_t before = out.size();
    m_pendingTokens = takeServerTokens(fields);

    Node contentNode = kNone;
    Node reasoningNode = kNone;
    Node reasoningContentNode = kNone;
    Node detailsNode = kNone;
    m_json.members(delta, {{"content", &contentNode},
                           {"reasoning", &reasoningNode},
                           {"reasoning_content", &reasoningContentNode},
                           {"reasoning_details", &detailsNode}});
    // Reasoning first: when one delta carries both, the thinking ended inside this chunk.
    if (auto reasoning = nonEmptyString(reasoningNode)) {
        addDelta(Channel::Reasoning, std::move(*reasoning), false, out);
    } else if (auto reasoningContent = nonEmptyString(reasoningContentNode)) {
        addDelta(Channel::Reasoning, std::move(*reasoningContent), false, out);
    } else if (const Node details = detailsNode;
               details != kNone && m_json.node(details).type == JsonView::Type::Array) {
        std::string joined;
        bool encrypted = false;
        for (Node detail = m_json.node(details).firstChild; detail != kNone;
             detail = m_json.node(detail).nextSibling) {
            if (auto t = text(detail, "text")) {
                joined += *t;
            } else if (auto summary = text(detail, "summary")) {
                joined += *summary;
            } else if (text(detail, "type") == std::optional<std::string>("reasoning.encrypted")) {
                encrypted = true;
            }
        }
        if (!joined.empty() || encrypted) {
            const bool onlyEncrypted = joined.empty();
            addDelta(Channel::Reasoning, std::move(joined), onlyEncrypted, out);
        }
    }
    handleContent(contentNode, out);
    if (out.size() == before) {
        m_pendingTokens = 1;
    }
}

void ChatStreamDecoder::handleContent(Node content, std::vector<ChatDelta>& out) {
    if (content != kNone && m_json.node(content).type == JsonView::Type::Array) {
        handleContentBlocks(content, out);
        return;
    }
    if (auto text = nonEmptyString(content)) {
        if (const auto channel = m_harmony.plainChannel(*text)) {
            addDelta(*channel, std::move(*text), false, out);
        } else {
            for (HarmonySplitter::Piece& piece : m_harmony.feed(*text)) {
                addDelta(piece.channel, std::move(piece.text), false, out);
            }
        }
    }
}

// Typed blocks, flattened by type: {"type":"thinking","thinking":[{"type":"text","text":..}]}
// (or "thinking": "...") is reasoning; {"type":"text","text":...} and bare strings are
// completion; other blocks (images, references) carry no text. Neighbouring blocks of one
// channel make one delta.
void ChatStreamDecoder::handleContentBlocks(Node blocks, std::vector<ChatDelta>& out) {
    Channel channel = Channel::Completion;
    std::string pending;
    const auto take = [&](Channel blockChannel, std::string piece) {
        if (piece.empty()) {
            return;
        }
        if (!pending.empty() && blockChannel != channel) {
            addDelta(channel, std::move(pending), false, out);
            pending.clear();
        }
        channel = blockChannel;
        pending += piece;
    };
    for (Node block = m_json.node(blocks).firstChild; block != kNone;
         block = m_json.node(block).nextSibling) {
        if (m_json.isString(block)) {
            take(Channel::Completion, m_json.string(block));
            continue;
        }
        if (m_json.node(block).type != JsonView::Type::Object) {
            continue;
        }
        const std::string type = text(block, "type").value_or("");
        if (type == "text") {
            take(Channel::Completion, text(block, "text").value_or(""));
        } else if (type == "thinking" || type == "reasoning") {
            const Node thinking = m_json.member(block, type);
            if (thinking != kNone && m_json.node(thinking).type == JsonView::Type::Array) {
                for (Node part = m_json.node(thinking).firstChild; part != kNone;
                     part = m_json.node(part).nextSibling) {
                    take(Channel::Reasoning, nonEmptyString(part).value_or(""));
                }
            } else {
                take(Channel::Reasoning,
                     nonEmptyString(thinking).value_or(text(block, "text").value_or("")));
            }
        }
    }
    if (!pending.empty()) {
        addDelta(channel, std::move(pending), false, out);
    }
}

void ChatStreamDecoder::handleResponsesEvent(Node root, std::vector<ChatDelta>& out) {
    const std::string type = m_json.string(m_json.member(root, "type"));
    m_pendingTokens = 1;
    if (type == "response.reasoning_text.delta" ||
        type == "response.reasoning_summary_text.delta") {
        if (auto delta = text(root, "delta")) {
            addDelta(Channel::Reasoning, std::move(*delta), false, out);
        }
    } else if (type == "response.output_text.delta") {
        if (auto delta = text(root, "delta")) {
            addDelta(Channel::Completion, std::move(*delta), false, out);
        }
    } else if (type == "response.completed" || type == "response.incomplete") {
        m_summary.done = type == "response.completed";
        const Node response = m_json.member(root, "response");
        if (response != kNone && m_json.node(response).type == JsonView::Type::Object) {
            keepUsage(m_json.member(response, "usage"));
            m_summary.finishReason = type == "response.completed" ? "stop" : "length";
        }
    } else if (type == "response.failed") {
        const Node error = m_json.member(m_json.member(root, "response"), "error");
        ChatError failure = errorFrom(error);
        if (error == kNone) {
            failure.message = "response failed";
        }
        if (!m_summary.error) {
            m_summary.error = std::move(failure);
        }
    }
}

}  // namespace ossynapse
