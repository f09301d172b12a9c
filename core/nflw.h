#pragma once

#include <optional>
#include <span>
#include <string>

#include "core/telemetry.h"

// Packets of the Synapse neural probe ("NFLW"), read so an existing probe can feed the
// studio. A 32-byte little-endian header (u32 magic 0x574C464E, u16 version 1, u16 type,
// u32 flags, u64 sequence, u64 steady-clock ns, u32 payload bytes), then:
//   1 layer summary batch   u32 count, u32 reserved, count x {u32 layer, u32 neurons,
//                           f32 mean, f32 max}
//   2 sparse activations    u32 layer, u32 count, u32, u32, count x {u32 index, f32 value}
//   3 control               u32 opcode, u32 value, f32 value, u32 reserved
//   4 model meta            u32 layers, layers x {u32 layer, u32 neurons, u16 w, u16 h}
//   6 layer summary v2      u32 count, u32 version, count x 64 bytes (mean, std, min, max,
//                           l2, ... at fixed offsets)
//   5 gradient batch        u32 count, u32 training step, f32 global gradient norm,
//                           count x 36 bytes {u32 layer, u32 parameters, f32 mean, std, min,
//                           max, L2 norm, weight L2 norm, ratio}: read as a TrainingStep
//   7 attention pattern     u32 layer, u32 head, u16 queries, u16 keys, u8 mode, u8, u16
//                           count, u32, count x {u16 query, u16 key, f32 weight}: read as a
//                           dense AttentionPattern, entries not sent 0
namespace ossynapse::nflw {

inline constexpr std::size_t kHeaderBytes = 32;
inline constexpr std::uint32_t kMagic = 0x574C464E;

struct Packet {
    std::uint64_t sequence = 0;
    std::uint64_t timestampNs = 0;
    TelemetryMessage message;  // times in it are timestampNs in seconds, not yet rebased
};

// nullopt and `error` set when the bytes are not one whole packet of a type we read.
std::optional<Packet> decode(std::span<const std::uint8_t> bytes, std::string* error = nullptr);

}  // namespace ossynapse::nflw
