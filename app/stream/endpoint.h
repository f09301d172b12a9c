#pragma once

#include <nlohmann/json.hpp>
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

// What stands in for an API key that a server quoted back.
inline constexpr std::string_view kRedactedKey = "[API key redacted]";
// Keys shorter than this are placeholders that local servers accept ("ollama", "none"), not
// secrets; redacting them would mangle ordinary words.
inline constexpr std::size_t kMinRedactedKeyLength = 8;

// Replaces every part of `text` that is a part of `key` at least kMinRedactedKeyLength
// characters long (the whole key, its first characters, a middle run) with kRedactedKey.
// Servers quote the key back, whole or cut (OpenAI's 401 "Incorrect API key provided: sk-...",
// proxies' mid-stream errors), so every text from a server passes through this before it is
// shown, logged or recorded.
void redactKey(std::string& text, std::string_view key);
// The same for every string (and member name) inside a JSON value.
void redactKey(nlohmann::json& value, std::string_view key);

}  // namespace ossynapse
