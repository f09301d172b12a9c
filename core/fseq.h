#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace ossynapse::fseq {

// FSEQ v2.0, the sequence file xLights renders and Falcon Player (FPP) plays: a fixed header, a
// compression block index, sparse ranges, variable headers, then the channel data, one frame
// after another, each frame `channelCount` bytes (here one byte per LED colour, in strip order:
// Frame::rgb). The layout is FPP's docs/FSEQ_Sequence_File_Format.txt, "v2.0 spec" and
// "Variable Length Headers"; every multi-byte integer is little-endian.
//
//   offset size  field
//    0     4     'P' 'S' 'E' 'Q'
//    4     2     channel data offset (the whole header, rounded up to a multiple of 4)
//    6     1     minor version: 0
//    7     1     major version: 2
//    8     2     standard header length = index of the first variable header
//                (32 + 8 x blocks + 6 x sparse ranges)
//   10     4     channels per frame
//   14     4     number of frames
//   18     1     step time, ms per frame
//   19     1     flags, 0
//   20     1     bits 0-3 compression (0 none, 1 zstd, 2 zlib); bits 4-7 the upper 4 bits of
//                the block count (an FSEQ 2.1 extension; 0 here, read when present)
//   21     1     number of compression blocks, lower 8 bits (0 when uncompressed)
//   22     1     number of sparse ranges (0: every channel of the universe, from channel 0)
//   23     1     flags, 0
//   24     8     unique id
//   32     8 x blocks: first frame (u32), compressed length in bytes (u32)
//          6 x sparse ranges: start channel (u24), channel count (u24)
//          variable headers: length including these 4 bytes (u16), 2-character code, data
//          ('mf' media file name, 'sp' sequence producer; both NUL-terminated text)
//          zero padding up to the channel data offset
//
// A zstd file holds the frames in blocks, each block one zstd frame of whole frames laid end to
// end; block k starts where block k-1 ends (the first at the channel data offset) and holds the
// frames from its first frame up to the next block's (the last: to the frame count). Entries of
// length 0 are reserved slots a writer did not fill; readers (FPP, xLights) skip them.

inline constexpr std::size_t kFixedHeaderSize = 32;
inline constexpr std::size_t kBlockEntrySize = 8;
inline constexpr std::size_t kSparseRangeSize = 6;
inline constexpr std::uint8_t kMajorVersion = 2;
inline constexpr std::uint8_t kMinorVersion = 0;
// A 2.0 header counts blocks in one byte.
inline constexpr std::size_t kMaxBlocks = 255;
// As xLights and FPP do: the first block closes after 10 frames, so a player starts quickly;
// the others hold about 64 KiB of channel data each.
inline constexpr std::uint32_t kFirstBlockFrames = 10;
inline constexpr std::size_t kBlockTargetBytes = 64 * 1024;

enum class Compression : std::uint8_t { None = 0, Zstd = 1, Zlib = 2 };

// The step time in whole milliseconds for `fps` frames per second, or empty when 1000/fps is not
// a whole number of milliseconds from 1 to 255 (what the header's one byte holds), e.g. 30 fps
// (33.33 ms) or 2 fps (500 ms).
std::optional<std::uint8_t> stepTimeMs(double fps);

struct WriterOptions {
    std::uint32_t channelCount = 0;               // bytes per frame, at least 1
    std::uint8_t stepTimeMs = 25;                 // 1 to 255
    Compression compression = Compression::Zstd;  // None or Zstd
    std::string mediaFile;                        // written as 'mf' when not empty
    std::string producer;                         // written as 'sp' when not empty
    // How many frames are coming, when known (0: unknown). Sizes the block index as xLights
    // does: up to 255 blocks spread over the whole sequence. Unknown, the index has 255 slots
    // of ~64 KiB blocks and the last block takes whatever frames remain. Either way any number
    // of frames may be appended.
    std::uint64_t expectedFrames = 0;
    int zstdLevel = 3;  // xLights' default
};

// Writes an FSEQ v2.0 file as a stream of bytes, doing no I/O itself: the caller writes start()
// at offset 0, then each append() result after what it wrote before, then finish().tail, and
// finally finish().header over the start of the file (it is exactly as long as start(): it
// fills in the frame count, the block index and the unique id). The unique id is a 64-bit
// FNV-1a hash of the step time, channel count and every channel byte, so the same frames make
// the same file. Throws InputError for options a file cannot hold (no channels, step time 0, a
// compression other than None or Zstd, a header longer than 65535 bytes) and from append() for
// a frame of the wrong size or past 2^32 - 1 frames; std::runtime_error if zstd fails.
class Writer {
  public:
    explicit Writer(WriterOptions options);
    ~Writer();
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    // The header with 0 frames and an empty block index.
    std::vector<std::uint8_t> start() const;
    // One frame of channelCount bytes; returns the bytes to write next (empty while a zstd
    // block is filling).
    std::vector<std::uint8_t> append(std::span<const std::uint8_t> frame);
    struct Finished {
        std::vector<std::uint8_t> tail;    // append after everything written so far
        std::vector<std::uint8_t> header;  // write at offset 0, replacing start()
    };
    // Closes the last block. Nothing can be appended after it.
    Finished finish();

    std::uint32_t frameCount() const { return m_frames; }
    std::size_t channelDataOffset() const { return m_dataOffset; }

  private:
    std::vector<std::uint8_t> header() const;
    std::vector<std::uint8_t> closeBlock();

    struct Zstd;
    WriterOptions m_options;
    std::size_t m_indexSlots = 0;
    std::size_t m_dataOffset = 0;
    std::uint32_t m_frames = 0;
    std::uint32_t m_framesPerBlock = 0;
    std::uint32_t m_framesInBlock = 0;
    std::uint64_t m_blockBytes = 0;  // compressed bytes of the open block so far
    struct Block {
        std::uint32_t firstFrame;
        std::uint32_t length;
    };
    std::vector<Block> m_blocks;
    std::uint64_t m_hash;
    bool m_finished = false;
    std::unique_ptr<Zstd> m_zstd;
};

// A whole file in memory (tests, small sequences).
std::vector<std::uint8_t> encode(const WriterOptions& options,
                                 const std::vector<std::vector<std::uint8_t>>& frames);

struct BlockEntry {
    std::uint32_t firstFrame = 0;
    std::uint32_t length = 0;  // compressed bytes; 0 = an unused slot
};
struct SparseRange {
    std::uint32_t startChannel = 0;
    std::uint32_t channelCount = 0;
};
struct VariableHeader {
    std::string code;  // two characters
    std::vector<std::uint8_t> data;
};

// Everything before the channel data, as the file says it.
struct Header {
    std::uint16_t channelDataOffset = 0;
    std::uint8_t minorVersion = 0;
    std::uint8_t majorVersion = 0;
    std::uint16_t standardHeaderLength = 0;
    std::uint32_t channelCount = 0;
    std::uint32_t frameCount = 0;
    std::uint8_t stepTimeMs = 0;
    std::uint8_t flags = 0;  // byte 19
    Compression compression = Compression::None;
    std::uint16_t blockCount = 0;  // index slots, 12 bits
    std::uint8_t sparseRangeCount = 0;
    std::uint8_t flags2 = 0;  // byte 23
    std::uint64_t uniqueId = 0;
    std::vector<BlockEntry> blocks;  // every slot, unused ones included
    std::vector<SparseRange> sparseRanges;
    std::vector<VariableHeader> variableHeaders;

    // The text of variable header `code` ('mf', 'sp') without its NUL, or empty.
    std::string text(const std::string& code) const;
};

// Reads the header of an FSEQ v2 file, field by field, never past the end of `file`. Throws
// InputError naming what is wrong: not 'PSEQ', a version other than 2.x, a header longer than
// the file, a channel data offset inside the block index, a variable header running past the
// channel data, an unknown compression type.
Header readHeader(std::span<const std::uint8_t> file);

struct Sequence {
    Header header;
    std::vector<std::vector<std::uint8_t>> frames;  // frameCount frames of channelCount bytes
};

// Reads a whole file and decodes every frame (uncompressed or zstd; zlib is refused). Throws
// InputError naming what is wrong: a file cut short (fewer channel bytes than its frames need,
// a zstd block past the end of the file or cut mid-frame), a hostile block index (not starting
// at frame 0, frames out of order or past the frame count, lengths past the file, a block that
// decodes to more or fewer bytes than its frames), or frames x channels above `maxBytes`
// (checked before anything is decoded, so a small file cannot claim gigabytes).
Sequence read(std::span<const std::uint8_t> file, std::uint64_t maxBytes = 1ull << 30);

}  // namespace ossynapse::fseq
