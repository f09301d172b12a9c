#include "core/e131.h"

#include <algorithm>
#include <cstring>

namespace ossynapse::e131 {
namespace {

constexpr std::array<std::uint8_t, 12> kAcnId = {0x41, 0x53, 0x43, 0x2d, 0x45, 0x31,
                                                 0x2e, 0x31, 0x37, 0x00, 0x00, 0x00};
constexpr std::uint32_t kRootVector = 0x00000004;          // VECTOR_ROOT_E131_DATA
constexpr std::uint32_t kRootVectorExtended = 0x00000008;  // VECTOR_ROOT_E131_EXTENDED
constexpr std::uint32_t kFrameVector = 0x00000002;         // VECTOR_E131_DATA_PACKET
constexpr std::uint32_t kExtendedSynchronization = 0x00000001;
constexpr std::uint32_t kExtendedDiscovery = 0x00000002;
constexpr std::uint8_t kStartCodePerAddressPriority = 0xDD;
constexpr std::uint8_t kDmpVector = 0x02;
constexpr std::uint8_t kAddressType = 0xA1;
constexpr std::size_t kSourceNameSize = 64;

void put16(std::vector<std::uint8_t>& out, std::size_t at, std::uint16_t value) {
    out[at] = static_cast<std::uint8_t>(value >> 8);
    out[at + 1] = static_cast<std::uint8_t>(value);
}

void put32(std::vector<std::uint8_t>& out, std::size_t at, std::uint32_t value) {
    put16(out, at, static_cast<std::uint16_t>(value >> 16));
    put16(out, at + 2, static_cast<std::uint16_t>(value));
}

std::uint16_t get16(std::span<const std::uint8_t> in, std::size_t at) {
    return static_cast<std::uint16_t>(in[at] << 8 | in[at + 1]);
}

std::uint32_t get32(std::span<const std::uint8_t> in, std::size_t at) {
    return static_cast<std::uint32_t>(get16(in, at)) << 16 | get16(in, at + 2);
}

// Flags 0x7 in the top nibble, then the PDU length from `at` to the end of the packet.
std::uint16_t flagsAndLength(std::size_t total, std::size_t at) {
    return static_cast<std::uint16_t>(0x7000 | ((total - at) & 0x0FFF));
}

}  // namespace

std::vector<std::uint8_t> encode(const Packet& packet) {
    const std::size_t count = std::min(packet.data.size(), kMaxSlots);
    const std::size_t total = kHeaderSize + count;
    std::vector<std::uint8_t> out(total, 0);
    put16(out, 0, 0x0010);  // preamble size
    put16(out, 2, 0x0000);  // postamble size
    std::copy(kAcnId.begin(), kAcnId.end(), out.begin() + 4);
    put16(out, 16, flagsAndLength(total, 16));
    put32(out, 18, kRootVector);
    std::copy(packet.cid.begin(), packet.cid.end(), out.begin() + 22);
    put16(out, 38, flagsAndLength(total, 38));
    put32(out, 40, kFrameVector);
    std::memcpy(out.data() + 44, packet.sourceName.data(),
                std::min(packet.sourceName.size(), kSourceNameSize - 1));
    out[108] = packet.priority;
    put16(out, 109, packet.syncAddress);
    out[111] = packet.sequence;
    out[112] = packet.options;
    put16(out, 113, packet.universe);
    put16(out, 115, flagsAndLength(total, 115));
    out[117] = kDmpVector;
    out[118] = kAddressType;
    put16(out, 119, 0x0000);  // first property address
    put16(out, 121, 0x0001);  // address increment
    put16(out, 123, static_cast<std::uint16_t>(count + 1));
    out[125] = 0x00;  // DMX start code
    std::copy_n(packet.data.begin(), count, out.begin() + kHeaderSize);
    return out;
}

std::optional<Packet> decode(std::span<const std::uint8_t> in,
                             std::string* error,
                             Refusal* refusal) {
    const auto refuse = [error, refusal](Refusal kind,
                                         const std::string& why) -> std::optional<Packet> {
        if (error != nullptr) {
            *error = why;
        }
        if (refusal != nullptr) {
            *refusal = kind;
        }
        return std::nullopt;
    };
    const auto fail = [&refuse](const std::string& why) { return refuse(Refusal::Unusable, why); };
    if (in.size() < 16) {
        return fail("shorter than the 126-byte E1.31 header");
    }
    if (get16(in, 0) != 0x0010 || !std::equal(kAcnId.begin(), kAcnId.end(), in.begin() + 4)) {
        return fail("not an ACN packet");
    }
    // Synchronization (49 bytes) and discovery packets are shorter than a data header: they are
    // told apart by their vectors before the length is checked.
    if (in.size() >= 44 && get32(in, 18) == kRootVectorExtended) {
        switch (get32(in, 40)) {
            case kExtendedSynchronization:
                return refuse(Refusal::NotForUs, "a synchronization packet, not levels");
            case kExtendedDiscovery:
                return refuse(Refusal::NotForUs, "a universe discovery packet, not levels");
            default:
                return fail("an extended E1.31 packet of unknown vector");
        }
    }
    if (in.size() < kHeaderSize) {
        return fail("shorter than the 126-byte E1.31 header");
    }
    if (get32(in, 18) != kRootVector || get32(in, 40) != kFrameVector || in[117] != kDmpVector ||
        in[118] != kAddressType) {
        return fail("not an E1.31 data packet");
    }
    const std::size_t count = get16(in, 123);
    if (count < 1 || count > kMaxSlots + 1 || in.size() < kHeaderSize + count - 1) {
        return fail("the property count does not fit the datagram");
    }
    if (in[125] == kStartCodePerAddressPriority) {
        return refuse(Refusal::NotForUs, "per-address priority (start code 0xDD), not levels");
    }
    if (in[125] != 0x00) {
        return fail("not DMX levels (start code " + std::to_string(in[125]) + ")");
    }
    Packet packet;
    std::copy_n(in.begin() + 22, 16, packet.cid.begin());
    const char* name = reinterpret_cast<const char*>(in.data() + 44);
    packet.sourceName.assign(name, strnlen(name, kSourceNameSize));
    packet.priority = in[108];
    packet.syncAddress = get16(in, 109);
    packet.sequence = in[111];
    packet.options = in[112];
    packet.universe = get16(in, 113);
    if (packet.universe == 0 || packet.universe > 63999) {
        return fail("universe outside 1..63999");
    }
    if (packet.priority > 200) {
        return fail("priority above 200");
    }
    packet.data.assign(in.begin() + kHeaderSize,
                       in.begin() + static_cast<std::ptrdiff_t>(kHeaderSize + count - 1));
    return packet;
}

bool sequenceIsNewer(std::uint8_t last, std::uint8_t next) {
    const auto difference = static_cast<std::int8_t>(static_cast<std::uint8_t>(next - last));
    return !(difference <= 0 && difference > -20);
}

std::string multicastGroup(std::uint16_t universe) {
    return "239.255." + std::to_string(universe >> 8) + "." + std::to_string(universe & 0xFF);
}

}  // namespace ossynapse::e131
