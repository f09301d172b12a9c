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

std::optional<Poll> decodePoll(std::span<const std::uint8_t> in) {
    if (in.size() < kPollMinimumSize || !std::equal(kId.begin(), kId.end(), in.begin()) ||
        static_cast<std::uint16_t>(in[8] | in[9] << 8) != kOpPoll ||
        static_cast<std::uint16_t>(in[10] << 8 | in[11]) < kProtocolVersion) {
        return std::nullopt;
    }
    Poll poll;
    poll.flags = in.size() > 12 ? in[12] : 0;
    poll.diagPriority = in.size() > 13 ? in[13] : 0;
    return poll;
}

std::vector<std::uint8_t> encodePollReply(const PollReply& reply) {
    std::vector<std::uint8_t> out(kPollReplySize, 0);
    const auto text = [&out](std::size_t at, std::size_t size, const std::string& value) {
        std::copy_n(value.begin(), std::min(value.size(), size - 1),
                    out.begin() + static_cast<std::ptrdiff_t>(at));
    };
    std::copy(kId.begin(), kId.end(), out.begin());
    out[8] = static_cast<std::uint8_t>(kOpPollReply & 0xFF);
    out[9] = static_cast<std::uint8_t>(kOpPollReply >> 8);
    std::copy(reply.ip.begin(), reply.ip.end(), out.begin() + 10);
    out[14] = static_cast<std::uint8_t>(kPort & 0xFF);
    out[15] = static_cast<std::uint8_t>(kPort >> 8);
    out[16] = static_cast<std::uint8_t>(reply.firmware >> 8);
    out[17] = static_cast<std::uint8_t>(reply.firmware & 0xFF);
    const std::uint16_t address = reply.portAddress & kMaxPortAddress;
    out[18] = static_cast<std::uint8_t>(address >> 8);
    out[19] = static_cast<std::uint8_t>((address >> 4) & 0x0F);
    out[20] = 0x00;  // Oem 0x00FF: "unknown", the code for a node with no OEM registration
    out[21] = 0xFF;
    // Status1 bits 7-6 = 11: indicators normal; bits 5-4 = 10: port-address set from this
    // node's configuration (the daemon's --artnet-universe), not by the network.
    out[23] = 0xE0;
    // EstaMan 0x0000: no ESTA manufacturer code (low byte first, as the spec lays it out).
    text(26, kShortNameSize, reply.shortName);
    text(44, kLongNameSize, reply.longName);
    text(108, kNodeReportSize, reply.nodeReport);
    out[173] = 1;     // NumPorts: one port a reply; BindIndex tells them apart
    out[174] = 0x80;  // PortTypes[0]: output, DMX512
    out[182] = reply.receiving ? 0x80 : 0x00;              // GoodOutputA[0]: data is being output
    out[190] = static_cast<std::uint8_t>(address & 0x0F);  // SwOut[0]
    out[200] = 0x00;  // Style: StNode, a DMX to/from Art-Net device
    std::copy(reply.ip.begin(), reply.ip.end(), out.begin() + 207);  // BindIp: the root node
    out[211] = reply.bindIndex;
    // Status2 bit 3: 15-bit port-addresses (Art-Net 3 and 4); bit 0 clear: no web page.
    out[212] = 0x08;
    return out;
}

}  // namespace ossynapse::artnet
