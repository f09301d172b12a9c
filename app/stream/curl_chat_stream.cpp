#include "app/stream/curl_chat_stream.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>

#include "core/json_text.h"

namespace ossynapse {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxErrorBody = 64 * 1024;
// What is kept of a body that is not an event stream, to say what it was.
constexpr std::size_t kMaxForeignBody = 4 * 1024;

void initialiseCurlOnce() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string lowerCase(std::string_view text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) {
        return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    });
    return lower;
}

// "text/event-stream; charset=utf-8" is; a missing Content-Type is given the benefit of the
// doubt.
bool isEventStream(const std::string& contentType) {
    return contentType.empty() || lowerCase(contentType).rfind("text/event-stream", 0) == 0;
}

struct Transfer {
    CURL* curl = nullptr;
    const CurlChatStream::DeltaHandler* onDeltas = nullptr;
    const std::atomic<bool>* cancel = nullptr;
    std::string apiKey;
    ChatStreamDecoder decoder;
    std::vector<ChatDelta> deltas;
    Clock::time_point start;
    Clock::time_point lastProgress;
    double stallTimeoutS = 60.0;
    long status = 0;
    std::string contentType;
    std::string errorBody;
    std::string foreignBody;  // the start of a 200 body that is not an event stream
    bool stalled = false;

    double now() const { return std::chrono::duration<double>(Clock::now() - start).count(); }

    void deliver(double at) {
        if (deltas.empty()) {
            return;
        }
        for (ChatDelta& delta : deltas) {
            redactKey(delta.text, apiKey);
        }
        (*onDeltas)(deltas, at);
    }
};

std::size_t onBody(char* data, std::size_t size, std::size_t count, void* user) {
    auto& t = *static_cast<Transfer*>(user);
    const std::size_t bytes = size * count;
    if (t.status == 0) {
        curl_easy_getinfo(t.curl, CURLINFO_RESPONSE_CODE, &t.status);
        const char* type = nullptr;
        curl_easy_getinfo(t.curl, CURLINFO_CONTENT_TYPE, &type);
        t.contentType = type != nullptr ? type : "";
    }
    if (t.status >= 400) {
        t.errorBody.append(
            data, std::min(bytes, kMaxErrorBody - std::min(kMaxErrorBody, t.errorBody.size())));
        return bytes;
    }
    if (!isEventStream(t.contentType) && t.foreignBody.size() < kMaxForeignBody) {
        t.foreignBody.append(data, std::min(bytes, kMaxForeignBody - t.foreignBody.size()));
    }
    const std::size_t eventsBefore = t.decoder.summary().events;
    t.deltas.clear();
    t.decoder.feed(std::string_view(data, bytes), t.deltas);
    t.deliver(t.now());
    // Comments (keep-alives) are not progress: only events reset the stall timer.
    if (t.decoder.summary().events != eventsBefore) {
        t.lastProgress = Clock::now();
    }
    return bytes;
}

int onProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    auto& t = *static_cast<Transfer*>(user);
    if (t.cancel->load()) {
        return 1;
    }
    const double idle = std::chrono::duration<double>(Clock::now() - t.lastProgress).count();
    if (idle > t.stallTimeoutS) {
        t.stalled = true;
        return 1;
    }
    return 0;
}

std::string oneLine(std::string text, std::size_t limit) {
    if (text.size() > limit) {
        text.resize(limit);
        text += "...";
    }
    for (char& c : text) {
        if (c == '\n' || c == '\r' || c == '\t') {
            c = ' ';
        }
    }
    return text;
}

// The server's own words from an error body: {"error":{"message":...}} or {"message":...};
// otherwise the start of the body. Empty when the body is JSON without a message.
std::string serverMessage(const std::string& body, bool fallBackToBody = true) {
    const nlohmann::json json = parseJsonTextOrDiscarded(body);
    if (json.is_object()) {
        const nlohmann::json* error = &json;
        if (const auto e = json.find("error"); e != json.end()) {
            if (e->is_string()) {
                return oneLine(e->get<std::string>(), 1000);
            }
            error = &*e;
        }
        if (error->is_object()) {
            if (const auto m = error->find("message"); m != error->end() && m->is_string()) {
                return oneLine(m->get<std::string>(), 1000);
            }
        }
    }
    return fallBackToBody ? oneLine(body, 300) : std::string();
}

// Whether the base URL (the request URL without /chat/completions) already ends in /v1, so a
// hint to add /v1 would send the user in a circle.
bool baseEndsInV1(const std::string& where) {
    constexpr std::string_view kSuffix = "/v1/chat/completions";
    const std::string path = where.substr(0, where.find('?'));
    return path.size() >= kSuffix.size() &&
           path.compare(path.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0;
}

// What a 200 that is not an event stream was, and how to get a stream instead.
std::string foreignBodyError(const std::string& contentType,
                             const std::string& body,
                             const std::string& where) {
    const std::string type = lowerCase(contentType.substr(0, contentType.find(';')));
    std::string text = "the server at " + where + " answered with " + type +
                       ", not an event stream (text/event-stream)";
    const bool v1 = baseEndsInV1(where);
    if (type.find("ndjson") != std::string::npos) {
        return text + (v1 ? ": that is the shape of Ollama's native API, though the base URL "
                            "already ends in /v1; check that the server is Ollama 0.1.24 or later "
                            "and that no proxy rewrites the path"
                          : ": that is Ollama's native API; give the OpenAI-compatible base URL, "
                            "which ends in /v1 (for example http://localhost:11434/v1)");
    }
    const std::string checkBase =
        v1 ? "the base URL already ends in /v1; check that it names an OpenAI-compatible server"
           : "check the base URL, which usually ends in /v1";
    if (type.find("json") != std::string::npos) {
        const std::string words = serverMessage(body, false);
        return text + (words.empty() ? "" : " (the server says: " + words + ")") +
               ": a single reply instead of a stream; " +
               (v1 ? "check that the server streams chat completions (\"stream\": true)"
                   : "check that the base URL ends in /v1 and that the server streams chat "
                     "completions");
    }
    if (type.find("html") != std::string::npos) {
        return text + ": a web page (a web interface or a proxy's page), not the API; " + checkBase;
    }
    return text + " (it began: \"" + oneLine(body, 80) + "\"); " + checkBase;
}

std::string formatSeconds(double s) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", s);
    return buffer;
}

// Nothing a server sent may carry the key past this point.
void redactResult(ChatStreamResult& result, const std::string& key) {
    redactKey(result.error, key);
    ChatStreamSummary& s = result.summary;
    if (s.error) {
        redactKey(s.error->message, key);
        redactKey(s.error->code, key);
    }
    redactKey(s.finishReason, key);
    redactKey(s.model, key);
    redactKey(s.provider, key);
    redactKey(s.usage, key);
    for (MalformedPayload& bad : s.malformed) {
        redactKey(bad.message, key);
    }
}

}  // namespace

ChatStreamResult CurlChatStream::run(const ChatRequest& request,
                                     const DeltaHandler& onDeltas,
                                     const std::atomic<bool>& cancel,
                                     const LiveClock& clock) {
    initialiseCurlOnce();
    ChatStreamResult result;
    Transfer transfer;
    transfer.curl = curl_easy_init();
    if (transfer.curl == nullptr) {
        result.outcome = ChatOutcome::Error;
        result.error = "cannot start an HTTP transfer (libcurl failed to initialise)";
        return result;
    }
    transfer.onDeltas = &onDeltas;
    transfer.cancel = &cancel;
    transfer.apiKey = request.apiKey;
    transfer.stallTimeoutS = request.stallTimeoutS;

    curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Accept: text/event-stream");
    // Ask for no compression (a compressing proxy holds small events back until a block
    // fills), but decode whatever arrives: CURLOPT_ACCEPT_ENCODING "" below turns on every
    // decoder libcurl has, and this header replaces the list it would send.
    headers = curl_slist_append(headers, "Accept-Encoding: identity");
    headers = curl_slist_append(headers, "X-Title: OSSynapse Studio");
    const std::string authorization = "Authorization: Bearer " + request.apiKey;
    if (!request.apiKey.empty()) {
        headers = curl_slist_append(headers, authorization.c_str());
    }
    char errorBuffer[CURL_ERROR_SIZE] = {};
    CURL* curl = transfer.curl;
    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, onBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, onProgress);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errorBuffer);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(request.connectTimeoutS * 1000.0));
    curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "ossynapse/" OSSYNAPSE_VERSION);

    transfer.start = clock.start();
    transfer.lastProgress = Clock::now();
    const CURLcode code = curl_easy_perform(curl);
    if (transfer.status == 0) {
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &transfer.status);
    }
    if (transfer.status < 400) {
        transfer.deltas.clear();
        transfer.decoder.finish(transfer.deltas);
        transfer.deliver(transfer.now());
    }
    result.endT = transfer.now();
    result.httpStatus = transfer.status;
    result.contentType = transfer.contentType;
    result.summary = transfer.decoder.summary();
    result.outcome = result.summary.outcome();
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);

    // Redacted before anything is cut from them, so no part of a key survives a cut.
    redactKey(transfer.errorBody, request.apiKey);
    redactKey(transfer.foreignBody, request.apiKey);
    const std::string where = redactedUrl(request.url);
    const bool foreign = !isEventStream(transfer.contentType);
    if (cancel.load()) {
        result.cancelled = true;
        result.outcome = ChatOutcome::Error;
        result.error = "cancelled";
    } else if (transfer.stalled) {
        result.outcome = ChatOutcome::Error;
        result.error = "stalled: no data from " + where + " for " +
                       formatSeconds(request.stallTimeoutS) + " s";
    } else if (transfer.status >= 400) {
        result.outcome = ChatOutcome::Error;
        result.error = "HTTP " + std::to_string(transfer.status) + " from " + where + ": " +
                       serverMessage(transfer.errorBody);
    } else if (code != CURLE_OK && result.outcome != ChatOutcome::Complete) {
        result.outcome = ChatOutcome::Error;
        result.error =
            std::string(errorBuffer[0] != '\0' ? errorBuffer : curl_easy_strerror(code)) + " (" +
            where + ")";
    } else if (result.outcome == ChatOutcome::Error) {
        const ChatError& e = *result.summary.error;
        result.error =
            "server error" + (e.code.empty() ? std::string() : " " + e.code) + ": " + e.message;
    } else if (foreign && result.outcome != ChatOutcome::Complete) {
        result.outcome = ChatOutcome::Error;
        result.error = foreignBodyError(transfer.contentType, transfer.foreignBody, where);
    } else if (result.summary.doneWithoutAnswer()) {
        result.error = "the server at " + where +
                       " ended the stream ([DONE]) before any token or finish reason: no answer "
                       "arrived";
    } else if (result.outcome == ChatOutcome::Truncated) {
        result.error = "the stream from " + where +
                       " ended without a finish reason or [DONE]: the answer is truncated";
    }
    redactResult(result, request.apiKey);
    return result;
}

}  // namespace ossynapse
