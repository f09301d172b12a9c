#include "app/stream/endpoint.h"

#include <array>
#include <cstdlib>
#include <nlohmann/json.hpp>

namespace ossynapse {
namespace {

constexpr std::array kPresets = {
    EndpointPreset{"openrouter", "https://openrouter.ai/api/v1", "openai/gpt-oss-20b",
                   "OPENROUTER_API_KEY"},
    EndpointPreset{"vllm", "http://localhost:8000/v1", "openai/gpt-oss-20b", ""},
    EndpointPreset{"llamacpp", "http://localhost:8080/v1", "gpt-oss-20b", ""},
    EndpointPreset{"ollama", "http://localhost:11434/v1", "gpt-oss:20b", ""},
    EndpointPreset{"lmstudio", "http://localhost:1234/v1", "openai/gpt-oss-20b", ""},
};

std::string_view effortName(ReasoningEffort effort) {
    switch (effort) {
        case ReasoningEffort::Low:
            return "low";
        case ReasoningEffort::Medium:
            return "medium";
        case ReasoningEffort::High:
            return "high";
        case ReasoningEffort::Default:
            break;
    }
    return "";
}

std::string environment(const char* name) {
    const char* value = name[0] != '\0' ? std::getenv(name) : nullptr;
    return value != nullptr ? std::string(value) : std::string();
}

}  // namespace

std::span<const EndpointPreset> endpointPresets() {
    return kPresets;
}

const EndpointPreset* findPreset(std::string_view name) {
    for (const EndpointPreset& preset : kPresets) {
        if (preset.name == name) {
            return &preset;
        }
    }
    return nullptr;
}

std::optional<ReasoningEffort> effortFromName(std::string_view name) {
    for (ReasoningEffort effort :
         {ReasoningEffort::Low, ReasoningEffort::Medium, ReasoningEffort::High}) {
        if (effortName(effort) == name) {
            return effort;
        }
    }
    return std::nullopt;
}

ChatRequest buildChatRequest(std::string_view endpoint,
                             std::string model,
                             const std::string& prompt,
                             ReasoningEffort effort) {
    ChatRequest request;
    const EndpointPreset* preset = findPreset(endpoint);
    std::string url = preset != nullptr ? std::string(preset->baseUrl) : std::string(endpoint);
    while (!url.empty() && url.back() == '/') {
        url.pop_back();
    }
    constexpr std::string_view kPath = "/chat/completions";
    if (url.size() < kPath.size() ||
        url.compare(url.size() - kPath.size(), kPath.size(), kPath) != 0) {
        url += kPath;
    }
    request.url = url;
    request.provider = preset != nullptr ? std::string(preset->name) : "custom";
    if (model.empty() && preset != nullptr) {
        model = std::string(preset->defaultModel);
    }
    request.model = model;

    const bool openRouter =
        request.provider == "openrouter" || url.find("openrouter.ai") != std::string::npos;
    request.apiKey = environment("OSSYNAPSE_API_KEY");
    if (openRouter && request.apiKey.empty()) {
        request.apiKey = environment("OPENROUTER_API_KEY");
    }

    nlohmann::json body = {
        {"model", model},
        {"messages", nlohmann::json::array({{{"role", "user"}, {"content", prompt}}})},
        {"stream", true},
        {"stream_options", {{"include_usage", true}}},
    };
    // Running token counts on every chunk, where the server offers them.
    if (request.provider == "vllm") {
        body["stream_options"]["continuous_usage_stats"] = true;
    }
    if (request.provider == "llamacpp") {
        body["timings_per_token"] = true;
    }
    if (effort != ReasoningEffort::Default) {
        if (openRouter) {
            body["reasoning"] = {{"effort", effortName(effort)}};
        } else {
            body["reasoning_effort"] = effortName(effort);
        }
    }
    request.body = body.dump();
    return request;
}

std::string redactedUrl(std::string_view url) {
    std::string text(url.substr(0, url.find_first_of("?#")));
    const std::size_t scheme = text.find("://");
    const std::size_t hostStart = scheme == std::string::npos ? 0 : scheme + 3;
    const std::size_t at = text.find('@', hostStart);
    const std::size_t slash = text.find('/', hostStart);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
        text.erase(hostStart, at + 1 - hostStart);
    }
    return text;
}

void redactKey(std::string& text, std::string_view key) {
    if (key.size() < kMinRedactedKeyLength) {
        return;
    }
    // Any run of the text that is a run of the key, kMinRedactedKeyLength characters or more:
    // servers quote the whole key, its first characters ("sk-proj-abc..."), or a middle part.
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t longest = 0;
        for (std::size_t from = 0; from < key.size(); ++from) {
            std::size_t length = 0;
            while (at + length < text.size() && from + length < key.size() &&
                   text[at + length] == key[from + length]) {
                ++length;
            }
            longest = std::max(longest, length);
        }
        if (longest >= kMinRedactedKeyLength) {
            text.replace(at, longest, kRedactedKey);
            at += kRedactedKey.size();
        } else {
            ++at;
        }
    }
}

void redactKey(nlohmann::json& value, std::string_view key) {
    if (key.size() < kMinRedactedKeyLength) {
        return;
    }
    if (value.is_string()) {
        redactKey(value.get_ref<std::string&>(), key);
    } else if (value.is_array()) {
        for (nlohmann::json& element : value) {
            redactKey(element, key);
        }
    } else if (value.is_object()) {
        nlohmann::json redacted = nlohmann::json::object();
        for (auto& [name, member] : value.items()) {
            std::string redactedName = name;
            redactKey(redactedName, key);
            redactKey(member, key);
            redacted[redactedName] = std::move(member);
        }
        value = std::move(redacted);
    }
}

}  // namespace ossynapse
