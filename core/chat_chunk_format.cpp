#include "core/chat_chunk_format.h"

namespace ossynapse {
namespace {

std::string sseData(const nlohmann::json& payload) {
    return "data: " + payload.dump() + "\n\n";
}

}  // namespace

std::string ChatChunkFormat::tokenEvent(const TokenEvent& event, std::int64_t runningTokens) const {
    nlohmann::json delta =
        event.channel == Channel::Reasoning
            ? nlohmann::json{{"role", "assistant"}, {"content", ""}, {"reasoning", event.text}}
            : nlohmann::json{{"role", "assistant"}, {"content", event.text}};
    return sseData(
        {{"id", id},
         {"object", "chat.completion.chunk"},
         {"model", model},
         {"choices", {{{"index", 0}, {"delta", std::move(delta)}, {"finish_reason", nullptr}}}},
         {"timings", {{"predicted_n", runningTokens}}}});
}

std::string ChatChunkFormat::endEvents(const SessionEnd& end) const {
    if (!end.error.empty()) {
        return sseData(
            {{"error", {{"message", end.error}}},
             {"choices",
              {{{"index", 0}, {"delta", {{"content", ""}}}, {"finish_reason", "error"}}}}});
    }
    std::string out =
        sseData({{"id", id},
                 {"object", "chat.completion.chunk"},
                 {"model", model},
                 {"choices",
                  {{{"index", 0},
                    {"delta", nlohmann::json::object()},
                    {"finish_reason", end.finishReason.empty() ? "stop" : end.finishReason}}}}});
    if (!end.usage.is_null()) {
        out += sseData({{"id", id},
                        {"object", "chat.completion.chunk"},
                        {"model", model},
                        {"choices", nlohmann::json::array()},
                        {"usage", end.usage}});
    }
    return out + "data: [DONE]\n\n";
}

}  // namespace ossynapse
