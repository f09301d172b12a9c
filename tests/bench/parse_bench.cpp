// SSE parsing and chunk classification throughput on a large transcript: the bundled kinds of
// session rendered as OpenRouter-shaped chunks, repeated to about 16 MB, fed in 16 KiB reads.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/chat_chunk_format.h"
#include "core/chat_stream.h"
#include "core/synthetic_session.h"

using namespace ossynapse;

int main() {
    constexpr int kRuns = 9;
    constexpr std::size_t kRead = 16 * 1024;
    ChatChunkFormat format;
    format.model = "openai/gpt-oss-120b";
    std::string transcript;
    std::size_t chunks = 0;
    for (int round = 0; transcript.size() < (16u << 20); ++round) {
        const Session session = synthesizeSession(static_cast<SyntheticKind>(round % 3),
                                                  static_cast<std::uint64_t>(round), "bench");
        std::int64_t running = 0;
        for (const TokenEvent& event : session.events) {
            running += event.tokens;
            transcript += format.tokenEvent(event, running);
            ++chunks;
        }
    }
    std::vector<double> seconds;
    std::size_t deltas = 0;
    for (int run = 0; run < kRuns; ++run) {
        ChatStreamDecoder decoder;
        std::vector<ChatDelta> out;
        out.reserve(1024);
        deltas = 0;
        const auto start = std::chrono::steady_clock::now();
        for (std::size_t at = 0; at < transcript.size(); at += kRead) {
            out.clear();
            decoder.feed(std::string_view(transcript).substr(at, kRead), out);
            deltas += out.size();
        }
        seconds.push_back(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(seconds.begin(), seconds.end());
    const double median = seconds[seconds.size() / 2];

    // The same payloads through nlohmann alone (no classification), for the choice of reader:
    // core/json_view.h says why the stream keeps its own.
    std::vector<std::string_view> payloads;
    for (std::size_t at = transcript.find("data: "); at != std::string::npos;
         at = transcript.find("data: ", at + 6)) {
        const std::size_t end = transcript.find('\n', at);
        payloads.push_back(std::string_view(transcript).substr(at + 6, end - at - 6));
    }
    std::vector<double> nlohmannSeconds;
    std::size_t parsed = 0;
    for (int run = 0; run < kRuns; ++run) {
        parsed = 0;
        const auto start = std::chrono::steady_clock::now();
        for (const std::string_view payload : payloads) {
            parsed += !nlohmann::json::parse(payload, nullptr, false).is_discarded();
        }
        nlohmannSeconds.push_back(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(nlohmannSeconds.begin(), nlohmannSeconds.end());
    const double nlohmannMedian = nlohmannSeconds[nlohmannSeconds.size() / 2];
    std::printf(
        "parse: %.1f MB, %zu chunks (%zu deltas), %d runs, median %.3f s: %.1f MB/s, %.0f "
        "chunks/s, "
        "%.2f us/chunk\n",
        static_cast<double>(transcript.size()) / 1e6, chunks, deltas, kRuns, median,
        static_cast<double>(transcript.size()) / 1e6 / median, static_cast<double>(chunks) / median,
        median / static_cast<double>(chunks) * 1e6);
    std::printf(
        "parse: nlohmann::json::parse of the same %zu payloads alone: median %.3f s, %.2f us/chunk "
        "(%.1fx the whole decoder)\n",
        payloads.size(), nlohmannMedian,
        nlohmannMedian / static_cast<double>(payloads.size()) * 1e6, nlohmannMedian / median);
    return deltas == chunks && parsed == payloads.size() ? 0 : 1;
}
