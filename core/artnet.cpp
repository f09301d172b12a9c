#include "core/artnet.h"

#include <algorithm>
#include <array>
#include <cstdio>

#include "core/e131.h"

namespace ossynapse::artnet {
namespace {

constexpr std::array<std::uint8_t, 8> kId = {'A', 'r', 't', '-', 'N', 'e', 't', 0};

}  // namespace

std::vector<std::uint8_t> encode(const Dmx& packet) {
    std::size_t count = std::min(packet.data.size(), kMaxSlots);
    const std::size_t length = std::max<std::size_t>(2, count + (count % 2));
    std::vector<std::uint8_t> out(kHeaderSize + length, 0);
    std::copy(kId.begin(), kId.end(), out.begin());
    out[8] = static_cast<std::uint8_t>(kOpDmx & 0xFF);
    out[9] = static_cast<std::uint8_t>(kOpDmx >> 8);
    out[10] = 0;
    out[11] = static_cast<std::uint8_t>(kProtocolVersion);
    out[12] = packet.sequence;
    out[13] = packet.physical;
    const std::uint16_t address = packet.portAddress & kMaxPortAddress;
    out[14] = static_cast<std::uint8_t>(address & 0xFF);
    out[15] = static_cast<std::uint8_t>(address >> 8);
    out[16] = static_cast<std::uint8_t>(length >> 8);
    out[17] = static_cast<std::uint8_t>(length & 0xFF);
    std::copy_n(packet.data.begin(), count, out.begin() + kHeaderSize);
    return out;
}

std::optional<Dmx> decode(std::span<const std::uint8_t> in, std::string* error, Refusal* refusal) {
    const auto refuse = [error, refusal](Refusal kind,
                                         const std::string& why) -> std::optional<Dmx> {
        if (error != nullptr) {
            *error = why;
        }
        if (refusal != nullptr) {
            *refusal = kind;
        }
        return std::nullopt;
    };
    const auto fail = [&refuse](const std::string& why) { return refuse(Refusal::Unusable, why); };
    if (in.size() < 10 || !std::equal(kId.begin(), kId.end(), in.begin())) {
        return fail("not an Art-Net packet (no \"Art-Net\" id)");
    }
    const auto opcode = static_cast<std::uint16_t>(in[8] | in[9] << 8);
    if (opcode != kOpDmx) {
        // ArtPoll, ArtSync, ... are valid traffic with no levels; the version is not checked
        // for them, as ArtPollReply, for one, has no version field.
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%04x", opcode);
        return refuse(Refusal::NotForUs, std::string("an Art-Net OpCode ") + hex + ", not ArtDmx");
    }
    if (in.size() < kHeaderSize) {
        return fail("shorter than the 18-byte ArtDmx header");
    }
    const auto version = static_cast<std::uint16_t>(in[10] << 8 | in[11]);
    if (version < kProtocolVersion) {
        return fail("Art-Net protocol version " + std::to_string(version) + ", below 14");
    }
    if ((in[15] & 0x80) != 0) {
        return fail("the Net field's top bit is set (port-addresses are 15 bits)");
    }
    const std::size_t length = static_cast<std::size_t>(in[16] << 8 | in[17]);
    if (length < 1 || length > kMaxSlots) {
        return fail("a length of " + std::to_string(length) + " levels (ArtDmx carries 2 to 512)");
    }
    if (in.size() < kHeaderSize + length) {
        return fail("the length (" + std::to_string(length) + ") is more than the datagram holds");
    }
    Dmx packet;
    packet.sequence = in[12];
    packet.physical = in[13];
    packet.portAddress = static_cast<std::uint16_t>(in[15] << 8 | in[14]);
    packet.data.assign(in.begin() + kHeaderSize,
                       in.begin() + static_cast<std::ptrdiff_t>(kHeaderSize + length));
    return packet;
}

bool sequenceIsNewer(std::uint8_t last, std::uint8_t next) {
    return next == 0 || last == 0 || e131::sequenceIsNewer(last, next);
}

std::uint8_t nextSequence(std::uint8_t sequence) {
    return sequence == 255 ? 1 : static_cast<std::uint8_t>(sequence + 1);
}

}  // namespace ossynapse::artnet
