#include "core/fseq.h"

#include <zstd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <utility>

#include "core/byte_io.h"
#include "core/error.h"

namespace ossynapse::fseq {

namespace {

[[noreturn]] void fail(const std::string& what) {
    throw InputError("FSEQ: " + what);
}

std::size_t roundUpTo4(std::size_t n) {
    return (n + 3) & ~std::size_t{3};
}

std::size_t variableHeaderSize(const std::string& text) {
    return text.empty() ? 0 : 4 + text.size() + 1;  // length, code, text, NUL
}

constexpr std::uint64_t kFnvOffset = 0xcbf29ce484222325ull;
constexpr std::uint64_t kFnvPrime = 0x100000001b3ull;

std::uint64_t fnv1a(std::uint64_t hash, std::span<const std::uint8_t> bytes) {
    for (const std::uint8_t b : bytes) {
        hash = (hash ^ b) * kFnvPrime;
    }
    return hash;
}

std::uint64_t ceilDiv(std::uint64_t a, std::uint64_t b) {
    return (a + b - 1) / b;
}

}  // namespace

std::optional<std::uint8_t> stepTimeMs(double fps) {
    if (!(fps > 0.0) || !std::isfinite(fps)) {
        return std::nullopt;
    }
    const double ms = 1000.0 / fps;
    const double whole = std::round(ms);
    if (std::fabs(ms - whole) > 1e-9 * whole || whole < 1.0 || whole > 255.0) {
        return std::nullopt;
    }
    return static_cast<std::uint8_t>(whole);
}

// The zstd stream of the open block.
struct Writer::Zstd {
    ZSTD_CCtx* context = ZSTD_createCCtx();
    std::vector<std::uint8_t> chunk = std::vector<std::uint8_t>(ZSTD_CStreamOutSize());
    ~Zstd() { ZSTD_freeCCtx(context); }
};

namespace {

void check(std::size_t code, const char* what) {
    if (ZSTD_isError(code)) {
        throw std::runtime_error(std::string("FSEQ: zstd ") + what + ": " +
                                 ZSTD_getErrorName(code));
    }
}

// Runs the stream over `input` (all of it) with `mode`, appending what comes out to `out`.
void compress(ZSTD_CCtx* context,
              std::vector<std::uint8_t>& chunk,
              std::span<const std::uint8_t> input,
              ZSTD_EndDirective mode,
              std::vector<std::uint8_t>& out) {
    ZSTD_inBuffer in{input.data(), input.size(), 0};
    for (;;) {
        ZSTD_outBuffer buffer{chunk.data(), chunk.size(), 0};
        const std::size_t left = ZSTD_compressStream2(context, &buffer, &in, mode);
        check(left, "compression");
        out.insert(out.end(), chunk.begin(),
                   chunk.begin() + static_cast<std::ptrdiff_t>(buffer.pos));
        const bool done = mode == ZSTD_e_end ? left == 0 : in.pos == in.size;
        if (done) {
            return;
        }
    }
}

}  // namespace

Writer::Writer(WriterOptions options) : m_options(std::move(options)), m_hash(kFnvOffset) {
    if (m_options.channelCount == 0) {
        fail("a frame needs at least one channel");
    }
    if (m_options.stepTimeMs == 0) {
        fail("the step time must be 1 to 255 ms");
    }
    if (m_options.compression == Compression::Zstd) {
        const std::uint64_t base =
            std::max<std::uint64_t>(1, ceilDiv(kBlockTargetBytes, m_options.channelCount));
        m_framesPerBlock = static_cast<std::uint32_t>(
            std::min<std::uint64_t>(base, std::numeric_limits<std::uint32_t>::max()));
        if (m_options.expectedFrames == 0) {
            m_indexSlots = kMaxBlocks;
        } else {
            const std::uint64_t first =
                std::min<std::uint64_t>(kFirstBlockFrames, m_framesPerBlock);
            const std::uint64_t rest =
                m_options.expectedFrames > first ? m_options.expectedFrames - first : 0;
            // Spread the rest over the 254 slots after the first when 64 KiB blocks would need
            // more.
            m_framesPerBlock = static_cast<std::uint32_t>(std::min<std::uint64_t>(
                std::max<std::uint64_t>(m_framesPerBlock, ceilDiv(rest, kMaxBlocks - 1)),
                std::numeric_limits<std::uint32_t>::max()));
            const std::uint64_t blocks = 1 + ceilDiv(rest, m_framesPerBlock);
            m_indexSlots = static_cast<std::size_t>(std::min<std::uint64_t>(blocks, kMaxBlocks));
        }
        m_zstd = std::make_unique<Zstd>();
        if (m_zstd->context == nullptr) {
            throw std::runtime_error("FSEQ: zstd: cannot create a compression context");
        }
    } else if (m_options.compression != Compression::None) {
        fail("only uncompressed and zstd files are written");
    }
    const std::size_t headerBytes = kFixedHeaderSize + m_indexSlots * kBlockEntrySize +
                                    variableHeaderSize(m_options.mediaFile) +
                                    variableHeaderSize(m_options.producer);
    m_dataOffset = roundUpTo4(headerBytes);
    if (m_dataOffset > std::numeric_limits<std::uint16_t>::max()) {
        fail("the header would be " + std::to_string(m_dataOffset) +
             " bytes, more than the 65535 its offset field holds (a shorter media file name)");
    }
}

Writer::~Writer() = default;

std::vector<std::uint8_t> Writer::start() const {
    return header();
}

std::vector<std::uint8_t> Writer::header() const {
    ByteWriter w;
    w.bytes.reserve(m_dataOffset);
    for (const char c : {'P', 'S', 'E', 'Q'}) {
        w.u8(static_cast<std::uint8_t>(c));
    }
    w.u16(static_cast<std::uint16_t>(m_dataOffset));
    w.u8(kMinorVersion);
    w.u8(kMajorVersion);
    w.u16(static_cast<std::uint16_t>(kFixedHeaderSize + m_indexSlots * kBlockEntrySize));
    w.u32(m_options.channelCount);
    w.u32(m_finished ? m_frames : 0);
    w.u8(m_options.stepTimeMs);
    w.u8(0);  // flags
    w.u8(static_cast<std::uint8_t>(static_cast<std::uint8_t>(m_options.compression) |
                                   ((m_indexSlots >> 4) & 0xF0)));
    w.u8(static_cast<std::uint8_t>(m_indexSlots & 0xFF));
    w.u8(0);  // sparse ranges
    w.u8(0);  // flags
    w.u64(m_finished ? m_hash : 0);
    for (std::size_t k = 0; k < m_indexSlots; ++k) {
        const bool filled = m_finished && k < m_blocks.size();
        w.u32(filled ? m_blocks[k].firstFrame : 0);
        w.u32(filled ? m_blocks[k].length : 0);
    }
    const auto variable = [&](const char* code, const std::string& text) {
        if (text.empty()) {
            return;
        }
        w.u16(static_cast<std::uint16_t>(variableHeaderSize(text)));
        w.u8(static_cast<std::uint8_t>(code[0]));
        w.u8(static_cast<std::uint8_t>(code[1]));
        w.raw({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
        w.u8(0);
    };
    variable("mf", m_options.mediaFile);
    variable("sp", m_options.producer);
    w.bytes.resize(m_dataOffset, 0);
    return w.bytes;
}

std::vector<std::uint8_t> Writer::append(std::span<const std::uint8_t> frame) {
    if (m_finished) {
        fail("a frame appended after finish()");
    }
    if (frame.size() != m_options.channelCount) {
        fail("a frame of " + std::to_string(frame.size()) + " channels; this file's frames have " +
             std::to_string(m_options.channelCount));
    }
    if (m_frames == std::numeric_limits<std::uint32_t>::max()) {
        fail("more than 4294967295 frames");
    }
    if (m_frames == 0) {
        const std::uint8_t step = m_options.stepTimeMs;
        m_hash = fnv1a(m_hash, {&step, 1});
        ByteWriter count;
        count.u32(m_options.channelCount);
        m_hash = fnv1a(m_hash, count.bytes);
    }
    m_hash = fnv1a(m_hash, frame);
    if (m_options.compression == Compression::None) {
        ++m_frames;
        return {frame.begin(), frame.end()};
    }

    std::vector<std::uint8_t> out;
    if (m_framesInBlock == 0) {
        m_blocks.push_back({m_frames, 0});
        m_blockBytes = 0;
        check(ZSTD_CCtx_reset(m_zstd->context, ZSTD_reset_session_only), "reset");
        check(ZSTD_CCtx_setParameter(m_zstd->context, ZSTD_c_compressionLevel, m_options.zstdLevel),
              "level");
    }
    compress(m_zstd->context, m_zstd->chunk, frame, ZSTD_e_continue, out);
    m_blockBytes += out.size();
    ++m_frames;
    ++m_framesInBlock;
    const std::uint32_t limit =
        m_blocks.size() == 1 ? std::min(kFirstBlockFrames, m_framesPerBlock) : m_framesPerBlock;
    if (m_framesInBlock >= limit && m_blocks.size() < m_indexSlots) {
        const std::vector<std::uint8_t> end = closeBlock();
        out.insert(out.end(), end.begin(), end.end());
    } else if (m_blockBytes > std::numeric_limits<std::uint32_t>::max()) {
        fail("a zstd block grew past the 4 GiB its length field holds");
    }
    return out;
}

std::vector<std::uint8_t> Writer::closeBlock() {
    std::vector<std::uint8_t> out;
    compress(m_zstd->context, m_zstd->chunk, {}, ZSTD_e_end, out);
    m_blockBytes += out.size();
    if (m_blockBytes > std::numeric_limits<std::uint32_t>::max()) {
        fail("a zstd block grew past the 4 GiB its length field holds");
    }
    m_blocks.back().length = static_cast<std::uint32_t>(m_blockBytes);
    m_framesInBlock = 0;
    return out;
}

Writer::Finished Writer::finish() {
    if (m_finished) {
        fail("finish() called twice");
    }
    Finished done;
    if (m_options.compression == Compression::Zstd && m_framesInBlock > 0) {
        done.tail = closeBlock();
    }
    m_finished = true;
    done.header = header();
    return done;
}

std::vector<std::uint8_t> encode(const WriterOptions& options,
                                 const std::vector<std::vector<std::uint8_t>>& frames) {
    WriterOptions sized = options;
    if (sized.expectedFrames == 0) {
        sized.expectedFrames = frames.size();
    }
    Writer writer(sized);
    std::vector<std::uint8_t> file = writer.start();
    for (const std::vector<std::uint8_t>& frame : frames) {
        const std::vector<std::uint8_t> bytes = writer.append(frame);
        file.insert(file.end(), bytes.begin(), bytes.end());
    }
    const Writer::Finished done = writer.finish();
    file.insert(file.end(), done.tail.begin(), done.tail.end());
    std::copy(done.header.begin(), done.header.end(), file.begin());
    return file;
}

std::string Header::text(const std::string& code) const {
    for (const VariableHeader& header : variableHeaders) {
        if (header.code == code) {
            std::string value(header.data.begin(), header.data.end());
            const std::size_t nul = value.find('\0');
            return nul == std::string::npos ? value : value.substr(0, nul);
        }
    }
    return {};
}

Header readHeader(std::span<const std::uint8_t> file) {
    if (file.size() < 4 || std::memcmp(file.data(), "PSEQ", 4) != 0) {
        if (file.size() >= 4 && std::memcmp(file.data() + 1, "SEQ", 3) == 0) {
            fail(std::string("a '") + static_cast<char>(file[0]) +
                 "SEQ' file is not supported (only 'PSEQ')");
        }
        fail("not an FSEQ file (it does not start with 'PSEQ')");
    }
    if (file.size() < kFixedHeaderSize) {
        fail("the file is cut short: " + std::to_string(file.size()) +
             " bytes, less than the 32-byte fixed header");
    }
    ByteReader r(file);
    r.skip(4);
    Header h;
    h.channelDataOffset = r.u16();
    h.minorVersion = r.u8();
    h.majorVersion = r.u8();
    if (h.majorVersion != kMajorVersion) {
        fail("version " + std::to_string(h.majorVersion) + "." + std::to_string(h.minorVersion) +
             " is not supported (only 2.x)");
    }
    h.standardHeaderLength = r.u16();
    h.channelCount = r.u32();
    h.frameCount = r.u32();
    h.stepTimeMs = r.u8();
    h.flags = r.u8();
    const std::uint8_t compression = r.u8();
    const std::uint8_t blocksLow = r.u8();
    h.sparseRangeCount = r.u8();
    h.flags2 = r.u8();
    h.uniqueId = r.u64();
    switch (compression & 0x0F) {
        case 0:
            h.compression = Compression::None;
            break;
        case 1:
            h.compression = Compression::Zstd;
            break;
        case 2:
            h.compression = Compression::Zlib;
            break;
        default:
            fail("unknown compression type " + std::to_string(compression & 0x0F) +
                 " (0 none, 1 zstd, 2 zlib)");
    }
    h.blockCount = static_cast<std::uint16_t>(((compression & 0xF0) << 4) | blocksLow);

    const std::size_t indexEnd =
        kFixedHeaderSize + h.blockCount * kBlockEntrySize + h.sparseRangeCount * kSparseRangeSize;
    if (h.channelDataOffset < indexEnd) {
        fail("the channel data offset " + std::to_string(h.channelDataOffset) +
             " lies inside the header's " + std::to_string(h.blockCount) + " blocks and " +
             std::to_string(h.sparseRangeCount) + " sparse ranges, which end at byte " +
             std::to_string(indexEnd));
    }
    if (h.channelDataOffset > file.size()) {
        fail("the file is cut short: its header is " + std::to_string(h.channelDataOffset) +
             " bytes, the file " + std::to_string(file.size()));
    }
    // xLights writes the index's end here, FPP the whole header's length: both are fine.
    if (h.standardHeaderLength < indexEnd || h.standardHeaderLength > h.channelDataOffset) {
        fail("the standard header length " + std::to_string(h.standardHeaderLength) +
             " is not between the end of the block index and sparse ranges (" +
             std::to_string(indexEnd) + ") and the channel data offset (" +
             std::to_string(h.channelDataOffset) + ")");
    }
    if (h.channelCount == 0 && h.frameCount > 0) {
        fail(std::to_string(h.frameCount) + " frames of 0 channels");
    }

    h.blocks.resize(h.blockCount);
    for (BlockEntry& block : h.blocks) {
        block.firstFrame = r.u32();
        block.length = r.u32();
    }
    h.sparseRanges.resize(h.sparseRangeCount);
    for (SparseRange& range : h.sparseRanges) {
        range.startChannel = r.u8() | (r.u8() << 8) | (r.u8() << 16);
        range.channelCount = r.u8() | (r.u8() << 8) | (r.u8() << 16);
    }

    // Variable headers up to the channel data; fewer than 4 bytes left, or a length of 0, is
    // padding.
    std::size_t at = indexEnd;
    while (at + 4 <= h.channelDataOffset) {
        const std::size_t length = file[at] | (file[at + 1] << 8);
        if (length == 0) {
            break;
        }
        if (length < 4 || at + length > h.channelDataOffset) {
            fail("the variable header at byte " + std::to_string(at) + " says " +
                 std::to_string(length) + " bytes, past the channel data at byte " +
                 std::to_string(h.channelDataOffset));
        }
        VariableHeader header;
        header.code = {static_cast<char>(file[at + 2]), static_cast<char>(file[at + 3])};
        header.data.assign(file.begin() + static_cast<std::ptrdiff_t>(at + 4),
                           file.begin() + static_cast<std::ptrdiff_t>(at + length));
        h.variableHeaders.push_back(std::move(header));
        at += length;
    }
    if (r.failed) {  // cannot happen: every read lies below channelDataOffset <= file.size()
        fail("the header is cut short");
    }
    return h;
}

namespace {

// One zstd block into exactly `expected` bytes, growing the output only as it is produced.
std::vector<std::uint8_t> decompressBlock(std::span<const std::uint8_t> block,
                                          std::size_t expected,
                                          const std::string& name) {
    struct Context {
        ZSTD_DCtx* context = ZSTD_createDCtx();
        ~Context() { ZSTD_freeDCtx(context); }
    } d;
    if (d.context == nullptr) {
        throw std::runtime_error("FSEQ: zstd: cannot create a decompression context");
    }
    constexpr std::size_t kChunk = 1 << 20;
    std::vector<std::uint8_t> out;
    ZSTD_inBuffer in{block.data(), block.size(), 0};
    std::size_t produced = 0;
    std::size_t pending = 1;  // ZSTD's hint: 0 once a zstd frame is complete
    while (in.pos < in.size || pending != 0) {
        // One byte of room past `expected`, so a block that holds too much is seen.
        out.resize(produced + std::min(expected - produced + 1, kChunk));
        ZSTD_outBuffer buffer{out.data(), out.size(), produced};
        const std::size_t inBefore = in.pos;
        pending = ZSTD_decompressStream(d.context, &buffer, &in);
        if (ZSTD_isError(pending)) {
            fail(name + " does not decode: zstd: " + ZSTD_getErrorName(pending));
        }
        const bool progressed = buffer.pos != produced || in.pos != inBefore;
        produced = buffer.pos;
        if (produced > expected) {
            fail(name + " holds more than the " + std::to_string(expected) +
                 " bytes of its frames");
        }
        if (pending != 0 && in.pos == in.size && buffer.pos < buffer.size) {
            fail(name + " is cut short: its zstd data ends mid-frame after " +
                 std::to_string(produced) + " of " + std::to_string(expected) + " bytes");
        }
        if (!progressed && pending != 0) {
            fail(name + " does not decode: zstd made no progress");
        }
    }
    if (produced != expected) {
        fail(name + " decodes to " + std::to_string(produced) + " bytes; its frames need " +
             std::to_string(expected));
    }
    out.resize(produced);
    return out;
}

}  // namespace

Sequence read(std::span<const std::uint8_t> file, std::uint64_t maxBytes) {
    Sequence sequence;
    sequence.header = readHeader(file);
    const Header& h = sequence.header;
    const std::uint64_t frameBytes = h.channelCount;
    const std::uint64_t total = frameBytes * h.frameCount;
    if (total > maxBytes) {
        fail(std::to_string(h.frameCount) + " frames of " + std::to_string(h.channelCount) +
             " channels are " + std::to_string(total) + " bytes, more than the " +
             std::to_string(maxBytes) + " this reader decodes");
    }
    const std::span<const std::uint8_t> data = file.subspan(h.channelDataOffset);
    // Whole frames of `bytes`, which holds a whole number of them (never 0 channels: a file of
    // frames has at least one, readHeader() checks).
    const auto split = [&](std::span<const std::uint8_t> bytes) {
        for (std::size_t k = 0; k < bytes.size() / frameBytes; ++k) {
            const auto at = bytes.begin() + static_cast<std::ptrdiff_t>(k * frameBytes);
            sequence.frames.emplace_back(at, at + static_cast<std::ptrdiff_t>(frameBytes));
        }
    };
    if (h.compression == Compression::Zlib) {
        fail("zlib-compressed files are not supported (only uncompressed and zstd)");
    }
    if (h.frameCount == 0) {
        return sequence;
    }
    sequence.frames.reserve(h.frameCount);

    switch (h.compression) {
        case Compression::None:
            if (data.size() < total) {
                fail("the file is cut short: " + std::to_string(h.frameCount) + " frames of " +
                     std::to_string(h.channelCount) + " channels need " + std::to_string(total) +
                     " bytes of channel data, it holds " + std::to_string(data.size()));
            }
            split(data.first(static_cast<std::size_t>(total)));
            return sequence;
        case Compression::Zlib:
        case Compression::Zstd:
            break;
    }

    std::vector<std::size_t> used;  // slots with data, in file order
    for (std::size_t k = 0; k < h.blocks.size(); ++k) {
        if (h.blocks[k].length > 0) {
            used.push_back(k);
        }
    }
    if (used.empty()) {
        fail("zstd-compressed, but its block index lists no block");
    }
    std::uint64_t offset = 0;  // into the channel data
    for (std::size_t u = 0; u < used.size(); ++u) {
        const BlockEntry& block = h.blocks[used[u]];
        const std::string name = "block " + std::to_string(used[u]);
        if (u == 0 && block.firstFrame != 0) {
            fail("the first block starts at frame " + std::to_string(block.firstFrame) + ", not 0");
        }
        const std::uint32_t end =
            u + 1 < used.size() ? h.blocks[used[u + 1]].firstFrame : h.frameCount;
        if (block.firstFrame >= end || end > h.frameCount) {
            fail(name + " starts at frame " + std::to_string(block.firstFrame) + ", the next at " +
                 std::to_string(end) + " of " + std::to_string(h.frameCount) +
                 " frames: the block index is out of order");
        }
        if (offset + block.length > data.size()) {
            fail("the file is cut short: " + name + " ends at byte " +
                 std::to_string(h.channelDataOffset + offset + block.length) + ", the file has " +
                 std::to_string(file.size()));
        }
        const std::vector<std::uint8_t> bytes =
            decompressBlock(data.subspan(static_cast<std::size_t>(offset), block.length),
                            static_cast<std::size_t>((end - block.firstFrame) * frameBytes), name);
        split(bytes);
        offset += block.length;
    }
    return sequence;
}

}  // namespace ossynapse::fseq
