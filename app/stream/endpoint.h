#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace ossynapse {

// How a request to one kind of OpenAI-compatible server is shaped.
struct EndpointPreset {
    std::string_view name;     // "openrouter", "vllm", ...
    std::string_view baseUrl;  // up to and including /v1
    std::string_view defaultModel;
    std::string_view keyVariable;  // environment variable with its API key, or empty
};

std::span<const EndpointPreset> endpointPresets();
const EndpointPreset* findPreset(std::string_view name);

enum class ReasoningEffort { Default, Low, Medium, High };
std::optional<ReasoningEffort> effortFromName(std::string_view name);

// A chat-completions request, ready to send.
struct ChatRequest {
    std::string url;     // .../chat/completions
    std::string apiKey;  // sent as a bearer token; never logged or recorded
    std::string body;    // JSON
    std::string provider;
    std::string model;
    double connectTimeoutS = 10.0;
    double stallTimeoutS = 60.0;
};

// `endpoint` is a preset name or a base URL ("http://host:8000/v1", or a full
// .../chat/completions URL). The key comes from the preset's variable or OSSYNAPSE_API_KEY.
ChatRequest buildChatRequest(std::string_view endpoint,
                             std::string model,
                             const std::string& prompt,
                             ReasoningEffort effort);

// The URL without user info or query, safe to print and record.
std::string redactedUrl(std::string_view url);

}  // namespace ossynapse
