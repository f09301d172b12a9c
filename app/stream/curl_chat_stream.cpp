#include "app/stream/curl_chat_stream.h"

#include <curl/curl.h>

#include <chrono>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>

namespace ossynapse {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxErrorBody = 64 * 1024;

void initialiseCurlOnce() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer {
    CURL* curl = nullptr;
    const CurlChatStream::DeltaHandler* onDelta = nullptr;
    const std::atomic<bool>* cancel = nullptr;
    ChatStreamDecoder decoder;
    std::vector<ChatDelta> deltas;
    Clock::time_point start;
    Clock::time_point lastProgress;
    double stallTimeoutS = 60.0;
    long status = 0;
    std::string errorBody;
    bool stalled = false;

    double now() const { return std::chrono::duration<double>(Clock::now() - start).count(); }
};

std::size_t onBody(char* data, std::size_t size, std::size_t count, void* user) {
    auto& t = *static_cast<Transfer*>(user);
    const std::size_t bytes = size * count;
    if (t.status == 0) {
        curl_easy_getinfo(t.curl, CURLINFO_RESPONSE_CODE, &t.status);
    }
    if (t.status >= 400) {
        t.errorBody.append(
            data, std::min(bytes, kMaxErrorBody - std::min(kMaxErrorBody, t.errorBody.size())));
        return bytes;
    }
    const std::size_t eventsBefore = t.decoder.summary().events;
    t.deltas.clear();
    t.decoder.feed(std::string_view(data, bytes), t.deltas);
    const double at = t.now();
    for (const ChatDelta& delta : t.deltas) {
        (*t.onDelta)(delta, at);
    }
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

// The server's own words from an error body: {"error":{"message":...}} or {"message":...}.
std::string serverMessage(const std::string& body) {
    const nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
    if (json.is_object()) {
        const nlohmann::json* error = &json;
        if (const auto e = json.find("error"); e != json.end()) {
            if (e->is_string()) {
                return e->get<std::string>();
            }
            error = &*e;
        }
        if (error->is_object()) {
            if (const auto m = error->find("message"); m != error->end() && m->is_string()) {
                return m->get<std::string>();
            }
        }
    }
    std::string text = body.substr(0, 300);
    for (char& c : text) {
        if (c == '\n' || c == '\r') {
            c = ' ';
        }
    }
    return text;
}

std::string formatSeconds(double s) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", s);
    return buffer;
}

}  // namespace

ChatStreamResult CurlChatStream::run(const ChatRequest& request,
                                     const DeltaHandler& onDelta,
                                     const std::atomic<bool>& cancel) {
    initialiseCurlOnce();
    ChatStreamResult result;
    Transfer transfer;
    transfer.curl = curl_easy_init();
    if (transfer.curl == nullptr) {
        result.outcome = ChatOutcome::Error;
        result.error = "cannot start an HTTP transfer (libcurl failed to initialise)";
        return result;
    }
    transfer.onDelta = &onDelta;
    transfer.cancel = &cancel;
    transfer.stallTimeoutS = request.stallTimeoutS;

    curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Accept: text/event-stream");
    headers = curl_slist_append(headers, "X-Title: OSSynapse Studio");
    const std::string authorization = "Authorization: Bearer " + request.apiKey;
    if (!request.apiKey.empty()) {
        headers = curl_slist_append(headers, authorization.c_str());
    }
    char errorBuffer[CURL_ERROR_SIZE] = {};
    CURL* curl = transfer.curl;
    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
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

    transfer.start = Clock::now();
    transfer.lastProgress = transfer.start;
    const CURLcode code = curl_easy_perform(curl);
    if (transfer.status == 0) {
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &transfer.status);
    }
    std::vector<ChatDelta> tail;
    if (transfer.status < 400) {
        transfer.decoder.finish(tail);
        for (const ChatDelta& delta : tail) {
            onDelta(delta, transfer.now());
        }
    }
    result.endT = transfer.now();
    result.httpStatus = transfer.status;
    result.summary = transfer.decoder.summary();
    result.outcome = result.summary.outcome();
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);

    const std::string where = redactedUrl(request.url);
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
    } else if (result.outcome == ChatOutcome::Truncated) {
        result.error = "the stream from " + where +
                       " ended without a finish reason or [DONE]: the answer is truncated";
    }
    return result;
}

}  // namespace ossynapse
