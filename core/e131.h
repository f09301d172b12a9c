#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace ossynapse::e131 {

// E1.31 / sACN (UDP 5568): a 126-byte root, framing and DMP header, then up to 512 data after
// a start code. Frames larger than one universe are spread over consecutive universes as
// core/dmx_universe.h lays them out.
inline constexpr std::uint16_t kPort = 5568;
inline constexpr std::size_t kHeaderSize = 126;
inline constexpr std::size_t kMaxSlots = 512;
inline constexpr std::uint8_t kDefaultPriority = 100;
inline constexpr std::uint8_t kOptionPreview = 0x80;
inline constexpr std::uint8_t kOptionStreamTerminated = 0x40;

using Cid = std::array<std::uint8_t, 16>;

struct Packet {
    Cid cid{};
    std::string sourceName;
    std::uint8_t priority = kDefaultPriority;
    std::uint16_t syncAddress = 0;
    std::uint8_t sequence = 0;
    std::uint8_t options = 0;
    std::uint16_t universe = 1;
    std::vector<std::uint8_t> data;  // after the start code

    bool streamTerminated() const { return (options & kOptionStreamTerminated) != 0; }
    bool preview() const { return (options & kOptionPreview) != 0; }
};

// Why decode() gave no packet. `NotForUs` is valid E1.31 traffic that carries no levels:
// synchronization packets (E1.31-2018 §6.3) and universe discovery packets (§6.4), both under
// the extended root vector (§5.5), and data with ETC's per-address priority start code 0xDD
// (an alternate START code registered with ESTA). Nothing is wrong with them. `Unusable` is
// anything else we cannot show.
enum class Refusal { Unusable, NotForUs };

std::vector<std::uint8_t> encode(const Packet& packet);
// Reads one datagram: a data packet of DMX levels (start code 0), or empty with `error` (and
// `refusal`) set.
std::optional<Packet> decode(std::span<const std::uint8_t> datagram,
                             std::string* error = nullptr,
                             Refusal* refusal = nullptr);

// E1.31-2018 §6.7.2: a receiver discards a packet from a source on a universe whose sequence
// number is not newer than the last it took from that source on that universe, i.e. when
// (next - last) mod 256, read as a signed byte, lies in (-20, 0]. A jump back of 20 or more is
// taken as new: a sender that restarted.
bool sequenceIsNewer(std::uint8_t last, std::uint8_t next);

// 239.255.hi.lo
std::string multicastGroup(std::uint16_t universe);

}  // namespace ossynapse::e131
