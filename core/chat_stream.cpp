#include "core/chat_stream.h"

#include <algorithm>

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

ChatOutcome ChatStreamSummary::outcome() const {
    if (error) {
        return ChatOutcome::Error;
    }
    if (done || !finishReason.empty()) {
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
    if (!m_parser.feed(bytes, m_events)) {
        m_summary.overflowed = true;
    }
    for (const SseEvent& event : m_events) {
        handleEvent(event, out);
    }
    m_summary.comments = m_parser.comments();
}

void ChatStreamDecoder::finish(std::vector<ChatDelta>& out) {
    m_events.clear();
    m_parser.finish(m_events);
    for (const SseEvent& event : m_events) {
        handleEvent(event, out);
    }
    for (HarmonySplitter::Piece& piece : m_harmony.flush()) {
        addDelta(piece.channel, std::move(piece.text), false, out);
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
    std::string_view data = event.data;
    while (!data.empty() && (data.back() == ' ' || data.back() == '\n')) {
        data.remove_suffix(1);
    }
    if (data.empty()) {
        return;  // an empty data line is a keep-alive on some gateways
    }
    ++m_summary.events;
    if (data == "[DONE]") {
        m_summary.done = true;
        return;
    }
    if (!m_json.parse(data)) {
        m_summary.malformed.push_back({event.offset, "payload is not valid JSON"});
        return;
    }
    const Node root = m_json.root();
    if (m_json.node(root).type != JsonView::Type::Object) {
        m_summary.malformed.push_back({event.offset, "payload is not a JSON object"});
        return;
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
        return;
    }
    if (m_json.isString(fields.type) && m_json.raw(fields.type).substr(0, 9) == "response.") {
        handleResponsesEvent(root, out);
        return;
    }
    handleChatChunk(fields, out);
}

bool ChatStreamDecoder::handleError(Node root, const RootFields& fields) {
    const Node error = fields.error;
    const bool nested = error != kNone && m_json.node(error).type != JsonView::Type::Null;
    const bool flat = m_json.isString(fields.object) && m_json.raw(fields.object) == "error";
    if (!nested && !flat) {
        return false;
    }
    const Node body = nested ? error : root;
    ChatError result;
    if (m_json.isString(body)) {
        result.message = m_json.string(body);
    } else if (m_json.node(body).type == JsonView::Type::Object) {
        result.message = text(body, "message").value_or("unknown error");
        const Node code = m_json.member(body, "code");
        if (m_json.isString(code)) {
            result.code = m_json.string(code);
        } else if (code != kNone && m_json.node(code).type == JsonView::Type::Number) {
            result.code = std::string(m_json.raw(code));
        }
    } else {
        result.message = std::string(m_json.raw(body));
    }
    m_summary.error = std::move(result);
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
        // Kept whole for the recording; rare (the last chunk, or vLLM's running usage).
        m_summary.usage = nlohmann::json::parse(m_json.raw(usage));
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
    if (auto content = nonEmptyString(contentNode)) {
        if (const auto channel = m_harmony.plainChannel(*content)) {
            addDelta(*channel, std::move(*content), false, out);
        } else {
            for (HarmonySplitter::Piece& piece : m_harmony.feed(*content)) {
                addDelta(piece.channel, std::move(piece.text), false, out);
            }
        }
    } else if (auto reasoning = nonEmptyString(reasoningNode)) {
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
    if (out.size() == before) {
        m_pendingTokens = 1;
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
        ChatError failure{text(error, "message").value_or("response failed"), {}};
        const Node code = m_json.member(error, "code");
        if (m_json.isString(code)) {
            failure.code = m_json.string(code);
        } else if (code != kNone && m_json.node(code).type == JsonView::Type::Number) {
            failure.code = std::string(m_json.raw(code));
        }
        m_summary.error = std::move(failure);
    }
}

}  // namespace ossynapse
