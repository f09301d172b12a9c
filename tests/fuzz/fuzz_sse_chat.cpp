// The bytes of a chat-completions stream, as any server (or anything between it and us) may
// send them: the SSE parser and the chat decoder must never fault, and must give the same
// events, deltas and outcome however the bytes are cut into network reads.
//
// Input: byte 0 seeds the cuts (0: one read), the rest is the stream.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/chat_stream.h"
#include "core/split_mix.h"
#include "core/sse_parser.h"
#include "tests/fuzz/fuzz_check.h"

using namespace ossynapse;

namespace {

// Cut lengths from 1 byte (inside a CRLF pair, a UTF-8 sequence, a field name) up to 64.
std::vector<std::string_view> cut(std::string_view stream, std::uint8_t seed) {
    std::vector<std::string_view> pieces;
    if (seed == 0) {
        pieces.push_back(stream);
        return pieces;
    }
    SplitMix random(seed);
    while (!stream.empty()) {
        const std::size_t length = std::min(stream.size(), 1 + random.below(seed % 2 ? 3 : 64));
        pieces.push_back(stream.substr(0, length));
        stream.remove_prefix(length);
    }
    return pieces;
}

std::vector<SseEvent> parseSse(const std::vector<std::string_view>& pieces) {
    SseParser parser(4096);  // small enough that the fuzzer reaches the overflow path
    std::vector<SseEvent> events;
    for (std::string_view piece : pieces) {
        parser.feed(piece, events);
    }
    parser.finish(events);
    return events;
}

struct Decoded {
    std::vector<ChatDelta> deltas;
    ChatStreamSummary summary;
};

Decoded decodeChat(const std::vector<std::string_view>& pieces) {
    ChatStreamDecoder decoder;
    Decoded decoded;
    for (std::string_view piece : pieces) {
        decoder.feed(piece, decoded.deltas);
    }
    decoder.finish(decoded.deltas);
    decoded.summary = decoder.summary();
    return decoded;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const std::string_view stream(reinterpret_cast<const char*>(data) + 1, size - 1);
    const std::vector<std::string_view> whole{stream};
    const std::vector<std::string_view> pieces = cut(stream, data[0]);

    FUZZ_CHECK(parseSse(whole) == parseSse(pieces));

    const Decoded a = decodeChat(whole);
    const Decoded b = decodeChat(pieces);
    FUZZ_CHECK(a.deltas.size() == b.deltas.size());
    for (std::size_t i = 0; i < a.deltas.size(); ++i) {
        FUZZ_CHECK(a.deltas[i].channel == b.deltas[i].channel);
        FUZZ_CHECK(a.deltas[i].text == b.deltas[i].text);
        FUZZ_CHECK(a.deltas[i].tokens == b.deltas[i].tokens);
        FUZZ_CHECK(a.deltas[i].encrypted == b.deltas[i].encrypted);
    }
    FUZZ_CHECK(a.summary.events == b.summary.events);
    FUZZ_CHECK(a.summary.chunks == b.summary.chunks);
    FUZZ_CHECK(a.summary.outcome() == b.summary.outcome());
    FUZZ_CHECK(a.summary.finishReason == b.summary.finishReason);
    FUZZ_CHECK(a.summary.malformed.size() == b.summary.malformed.size());
    FUZZ_CHECK(a.summary.usage == b.summary.usage);
    // Reading the summary the way the CLI and the studio do must not throw either.
    (void)a.summary.usageCompletionTokens();
    (void)a.summary.usageReasoningTokens();
    return 0;
}
