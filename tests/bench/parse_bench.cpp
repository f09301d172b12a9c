// SSE parsing and chunk classification throughput on a large transcript: the bundled kinds of
// session rendered as OpenRouter-shaped chunks, repeated to about 16 MB, fed in 16 KiB reads.
#include <algorithm>
#include <chrono>
#include <cstdio>
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
    std::printf(
        "parse: %.1f MB, %zu chunks (%zu deltas), %d runs, median %.3f s: %.1f MB/s, %.0f "
        "chunks/s, "
        "%.2f us/chunk\n",
        static_cast<double>(transcript.size()) / 1e6, chunks, deltas, kRuns, median,
        static_cast<double>(transcript.size()) / 1e6 / median, static_cast<double>(chunks) / median,
        median / static_cast<double>(chunks) * 1e6);
    return deltas == chunks ? 0 : 1;
}
