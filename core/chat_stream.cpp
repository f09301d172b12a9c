#include "core/chat_stream.h"

#include <algorithm>

namespace ossynapse {
namespace {

// A non-empty string at `key`, or nothing.
std::optional<std::string> text(const nlohmann::json& object, const char* key) {
    if (!object.is_object()) {
        return std::nullopt;
    }
    const auto it = object.find(key);
    if (it == object.end()) {
        return std::nullopt;
    }
    if (it->is_string() && !it->get_ref<const std::string&>().empty()) {
        return it->get<std::string>();
    }
    // Some gateways wrap reasoning as {"text": "..."}.
    if (it->is_object()) {
        return text(*it, "text");
    }
    return std::nullopt;
}

std::optional<std::int64_t> integer(const nlohmann::json& object, const char* key) {
    if (!object.is_object()) {
        return std::nullopt;
    }
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number_integer()) {
        return std::nullopt;
    }
    return it->get<std::int64_t>();
}

std::string codeText(const nlohmann::json& code) {
    if (code.is_string()) {
        return code.get<std::string>();
    }
    if (code.is_number()) {
        return code.dump();
    }
    return {};
}

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

std::optional<std::int64_t> ChatStreamSummary::usageCompletionTokens() const {
    return integer(usage, "completion_tokens");
}

std::optional<std::int64_t> ChatStreamSummary::usageReasoningTokens() const {
    if (!usage.is_object()) {
        return std::nullopt;
    }
    const auto details = usage.find("completion_tokens_details");
    return details == usage.end() ? std::nullopt : integer(*details, "reasoning_tokens");
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
    nlohmann::json payload = nlohmann::json::parse(data, nullptr, false);
    if (payload.is_discarded() || !payload.is_object()) {
        m_summary.malformed.push_back({event.offset, payload.is_discarded()
                                                         ? "payload is not valid JSON"
                                                         : "payload is not a JSON object"});
        return;
    }
    if (handleError(payload)) {
        return;
    }
    const auto type = payload.find("type");
    if (type != payload.end() && type->is_string() &&
        type->get_ref<const std::string&>().rfind("response.", 0) == 0) {
        handleResponsesEvent(payload, out);
        return;
    }
    handleChatChunk(payload, out);
}

bool ChatStreamDecoder::handleError(const nlohmann::json& payload) {
    const auto error = payload.find("error");
    const bool nested = error != payload.end() && !error->is_null();
    const bool flat = payload.value("object", nlohmann::json()) == "error";
    if (!nested && !flat) {
        return false;
    }
    const nlohmann::json& body = nested ? *error : payload;
    ChatError result;
    if (body.is_string()) {
        result.message = body.get<std::string>();
    } else if (body.is_object()) {
        result.message = text(body, "message").value_or("unknown error");
        if (const auto code = body.find("code"); code != body.end()) {
            result.code = codeText(*code);
        }
    } else {
        result.message = body.dump();
    }
    m_summary.error = std::move(result);
    if (const auto choices = payload.find("choices");
        choices != payload.end() && choices->is_array() && !choices->empty()) {
        if (auto reason = text((*choices)[0], "finish_reason")) {
            m_summary.finishReason = *reason;
        }
    }
    return true;
}

int ChatStreamDecoder::takeServerTokens(const nlohmann::json& chunk) {
    std::optional<std::int64_t> running;
    if (const auto timings = chunk.find("timings"); timings != chunk.end()) {
        running = integer(*timings, "predicted_n");
    }
    if (!running) {
        if (const auto usage = chunk.find("usage"); usage != chunk.end()) {
            running = integer(*usage, "completion_tokens");
        }
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

void ChatStreamDecoder::handleChatChunk(const nlohmann::json& chunk, std::vector<ChatDelta>& out) {
    if (auto model = text(chunk, "model")) {
        m_summary.model = *model;
    }
    if (auto provider = text(chunk, "provider")) {
        m_summary.provider = *provider;
    }
    if (const auto usage = chunk.find("usage"); usage != chunk.end() && usage->is_object()) {
        m_summary.usage = *usage;
    }
    const auto choices = chunk.find("choices");
    if (choices == chunk.end() || !choices->is_array() || choices->empty()) {
        return;
    }
    const nlohmann::json& choice = (*choices)[0];
    if (auto reason = text(choice, "finish_reason")) {
        m_summary.finishReason = *reason;
    }
    const auto deltaIt = choice.is_object() ? choice.find("delta") : choice.end();
    if (!choice.is_object() || deltaIt == choice.end() || !deltaIt->is_object()) {
        return;
    }
    const nlohmann::json& delta = *deltaIt;
    const std::size_t before = out.size();
    m_pendingTokens = takeServerTokens(chunk);

    if (auto content = text(delta, "content")) {
        for (HarmonySplitter::Piece& piece : m_harmony.feed(*content)) {
            addDelta(piece.channel, std::move(piece.text), false, out);
        }
    } else if (auto reasoning = text(delta, "reasoning")) {
        addDelta(Channel::Reasoning, std::move(*reasoning), false, out);
    } else if (auto reasoningContent = text(delta, "reasoning_content")) {
        addDelta(Channel::Reasoning, std::move(*reasoningContent), false, out);
    } else if (const auto details = delta.find("reasoning_details");
               details != delta.end() && details->is_array()) {
        std::string joined;
        bool encrypted = false;
        for (const nlohmann::json& detail : *details) {
            if (auto t = text(detail, "text")) {
                joined += *t;
            } else if (auto summary = text(detail, "summary")) {
                joined += *summary;
            } else if (detail.is_object() &&
                       detail.value("type", nlohmann::json()) == "reasoning.encrypted") {
                encrypted = true;
            }
        }
        if (!joined.empty() || encrypted) {
            addDelta(Channel::Reasoning, std::move(joined), joined.empty(), out);
        }
    }
    if (out.size() == before) {
        m_pendingTokens = 1;
    }
}

void ChatStreamDecoder::handleResponsesEvent(const nlohmann::json& event,
                                             std::vector<ChatDelta>& out) {
    const std::string& type = event.at("type").get_ref<const std::string&>();
    m_pendingTokens = 1;
    if (type == "response.reasoning_text.delta" ||
        type == "response.reasoning_summary_text.delta") {
        if (auto delta = text(event, "delta")) {
            addDelta(Channel::Reasoning, std::move(*delta), false, out);
        }
    } else if (type == "response.output_text.delta") {
        if (auto delta = text(event, "delta")) {
            addDelta(Channel::Completion, std::move(*delta), false, out);
        }
    } else if (type == "response.completed" || type == "response.incomplete") {
        m_summary.done = type == "response.completed";
        if (const auto response = event.find("response");
            response != event.end() && response->is_object()) {
            if (const auto usage = response->find("usage"); usage != response->end()) {
                m_summary.usage = *usage;
            }
            m_summary.finishReason = type == "response.completed" ? "stop" : "length";
        }
    } else if (type == "response.failed") {
        const nlohmann::json* error = nullptr;
        if (const auto response = event.find("response");
            response != event.end() && response->is_object()) {
            if (const auto e = response->find("error"); e != response->end() && e->is_object()) {
                error = &*e;
            }
        }
        m_summary.error = ChatError{
            error ? text(*error, "message").value_or("response failed") : "response failed",
            error && error->contains("code") ? codeText(error->at("code")) : ""};
    }
}

}  // namespace ossynapse
