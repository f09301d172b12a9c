#pragma once

#include <array>
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

// Discovery (spec: "ArtPoll", "ArtPollReply"): a controller broadcasts an ArtPoll; every node
// answers with one ArtPollReply per bound port, so a console lists the skull with its name and
// the port-addresses it listens to.
//
// ArtPoll: "Art-Net\0", OpCode 0x2000 (low byte first), ProtVerHi/Lo, Flags (byte 12),
// DiagPriority (byte 13, absent from senders before Art-Net 3); later fields are ignored.
inline constexpr std::uint16_t kOpPoll = 0x2000;
inline constexpr std::uint16_t kOpPollReply = 0x2100;
inline constexpr std::size_t kPollMinimumSize = 12;
inline constexpr std::size_t kPollReplySize = 239;
inline constexpr std::size_t kShortNameSize = 18;   // NUL-terminated
inline constexpr std::size_t kLongNameSize = 64;    // NUL-terminated
inline constexpr std::size_t kNodeReportSize = 64;  // NUL-terminated

struct Poll {
    std::uint8_t flags = 0;         // bit 1: send ArtPollReply on change; others diagnostics
    std::uint8_t diagPriority = 0;  // 0 when the poll is too short to carry it
};
// An ArtPoll of protocol version 14 or later, or nullopt for any other datagram.
std::optional<Poll> decodePoll(std::span<const std::uint8_t> datagram);

// One ArtPollReply describing one output port of this node. Layout (byte offsets):
//     0 ID   8 OpCode 0x2100   10 IP address   14 Port 6454 (low byte first)   16 VersInfo
//    18 NetSwitch (port-address bits 8-14)   19 SubSwitch (bits 4-7)   20 Oem   22 Ubea
//    23 Status1   24 EstaMan (low byte first)   26 ShortName[18]   44 LongName[64]
//   108 NodeReport[64]   172 NumPorts   174 PortTypes[4]   178 GoodInput[4]
//   182 GoodOutputA[4]   186 SwIn[4]   190 SwOut[4] (bits 0-3)   194 AcnPriority
//   195 SwMacro   196 SwRemote   197 spare[3]   200 Style   201 MAC[6]   207 BindIp[4]
//   211 BindIndex   212 Status2   213 GoodOutputB[4]   217 Status3   218 DefaultRespUID[6]
//   224 User   226 RefreshRate   228 filler, to 239 bytes.
struct PollReply {
    std::array<std::uint8_t, 4> ip{};  // the node's IPv4 address, as the poller reaches it
    std::uint16_t firmware = 1;
    std::uint16_t portAddress = 0;  // the port's 15-bit port-address
    bool receiving = false;         // the port has had ArtDmx lately (GoodOutputA bit 7)
    std::uint8_t bindIndex = 1;     // 1.. for a node that answers for several ports
    std::string shortName;          // cut to 17 bytes
    std::string longName;           // cut to 63 bytes
    std::string nodeReport;         // "#xxxx [yyyy] text": status code (hex), count, words
};
std::vector<std::uint8_t> encodePollReply(const PollReply& reply);

}  // namespace ossynapse::artnet
