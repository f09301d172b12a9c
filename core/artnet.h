#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace ossynapse::artnet {

// Art-Net 4 ArtDmx (Artistic Licence, "Art-Net 4 Protocol Release V1.4", OpDmx): UDP 6454, an
// 18-byte header, then 2..512 DMX levels, an even count. All fields are big-endian except the
// OpCode, which is little-endian (spec: "OpCode ... low byte first").
//
//   0  "Art-Net\0"            8 bytes
//   8  OpCode 0x5000          low byte first
//  10  ProtVerHi, ProtVerLo   0, 14
//  12  Sequence               1..255, 0 = the sender does not sequence
//  13  Physical               the sender's input port, informational
//  14  SubUni                 port-address bits 0..7 (Sub-Net nibble, Universe nibble)
//  15  Net                    port-address bits 8..14
//  16  LengthHi, LengthLo     2..512, even
//  18  Data
//
// The port-address is 15 bits (0..32767): universe 0 is valid, unlike E1.31. Frames larger
// than one universe are spread over consecutive port-addresses as core/dmx_universe.h lays
// them out, the same as E1.31.
inline constexpr std::uint16_t kPort = 6454;
inline constexpr std::size_t kHeaderSize = 18;
inline constexpr std::size_t kMaxSlots = 512;
inline constexpr std::uint16_t kMaxPortAddress = 0x7FFF;
inline constexpr std::uint16_t kOpDmx = 0x5000;
inline constexpr std::uint16_t kProtocolVersion = 14;

struct Dmx {
    std::uint8_t sequence = 0;
    std::uint8_t physical = 0;
    std::uint16_t portAddress = 0;   // 0..32767
    std::vector<std::uint8_t> data;  // levels from channel 1
};

// Why decode() gave no packet. `NotForUs` is valid Art-Net that carries no levels (ArtPoll,
// ArtPollReply, ArtSync, ArtAddress, ... any OpCode other than OpDmx): a receiver on a show
// network sees them all the time. `Unusable` is anything else.
enum class Refusal { Unusable, NotForUs };

// The datagram of one ArtDmx. Data beyond 512 levels is cut; an odd count is padded with one
// zero level and an empty one sent as two (the spec's even length from 2 to 512).
std::vector<std::uint8_t> encode(const Dmx& packet);
// Reads one datagram, or empty with `error` (and `refusal`) set. Takes the protocol version 14
// and any later one (the spec asks receivers to accept newer), a length of 1..512 (odd lengths
// from senders that ignore the rule are read, not refused) that the datagram holds.
std::optional<Dmx> decode(std::span<const std::uint8_t> datagram,
                          std::string* error = nullptr,
                          Refusal* refusal = nullptr);

// Sequence 0 means "not sequenced": every packet is taken. Otherwise the E1.31 rule
// (core/e131.h sequenceIsNewer): late or repeated when (next - last) mod 256, as a signed byte,
// lies in (-20, 0]. Art-Net counts 1..255 and skips 0 when it wraps; the window covers that.
bool sequenceIsNewer(std::uint8_t last, std::uint8_t next);

// The sequence after `sequence`: 1..255, never 0.
std::uint8_t nextSequence(std::uint8_t sequence);

}  // namespace ossynapse::artnet
