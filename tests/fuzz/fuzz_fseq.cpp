// An FSEQ file from anywhere (a show folder, a download): read, or refused with InputError,
// never a fault or a read past the file. What it reads writes back, uncompressed and zstd, to
// files that read back to the same frames.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/error.h"
#include "core/fseq.h"
#include "tests/fuzz/fuzz_check.h"

using namespace ossynapse;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fseq::Sequence sequence;
    try {
        // 1 MiB of frames at most: a few bytes of zstd may legitimately claim far more.
        sequence = fseq::read(std::span<const std::uint8_t>(data, size), 1u << 20);
    } catch (const InputError&) {
        return 0;
    }
    const fseq::Header& header = sequence.header;
    FUZZ_CHECK(sequence.frames.size() == header.frameCount);
    for (const std::vector<std::uint8_t>& frame : sequence.frames) {
        FUZZ_CHECK(frame.size() == header.channelCount);
    }
    FUZZ_CHECK(header.channelDataOffset <= size);
    if (header.channelCount == 0 || header.stepTimeMs == 0 || header.frameCount > 4096) {
        return 0;  // readable, but not a file our writer makes (or too slow to write twice)
    }
    for (const fseq::Compression compression : {fseq::Compression::None, fseq::Compression::Zstd}) {
        fseq::WriterOptions options;
        options.channelCount = header.channelCount;
        options.stepTimeMs = header.stepTimeMs;
        options.compression = compression;
        options.mediaFile = header.text("mf");
        try {
            const fseq::Sequence again = fseq::read(fseq::encode(options, sequence.frames));
            FUZZ_CHECK(again.frames == sequence.frames);
            FUZZ_CHECK(again.header.text("mf") == options.mediaFile);
        } catch (const InputError&) {
            // Only a media name too long for a header is refused.
            FUZZ_CHECK(options.mediaFile.size() > 60000);
        }
    }
    return 0;
}
