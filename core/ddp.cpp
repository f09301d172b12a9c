#include "core/ddp.h"

#include <algorithm>

namespace ossynapse::ddp {

std::uint8_t nextSequence(std::uint8_t sequence) {
    return static_cast<std::uint8_t>(sequence % 15 + 1);
}

std::vector<std::vector<std::uint8_t>> encodeFrame(std::span<const std::uint8_t> rgb,
                                                   std::uint8_t sequence) {
    std::vector<std::vector<std::uint8_t>> packets;
    std::size_t offset = 0;
    do {
        const std::size_t length = std::min(kMaxData, rgb.size() - offset);
        const bool last = offset + length >= rgb.size();
        std::vector<std::uint8_t> packet(kHeaderSize + length);
        packet[0] = static_cast<std::uint8_t>(kVersion1 | (last ? kPush : 0));
        packet[1] = static_cast<std::uint8_t>(sequence & 0x0F);
        packet[2] = kTypeRgb8;
        packet[3] = kDefaultDisplay;
        packet[4] = static_cast<std::uint8_t>(offset >> 24);
        packet[5] = static_cast<std::uint8_t>(offset >> 16);
        packet[6] = static_cast<std::uint8_t>(offset >> 8);
        packet[7] = static_cast<std::uint8_t>(offset);
        packet[8] = static_cast<std::uint8_t>(length >> 8);
        packet[9] = static_cast<std::uint8_t>(length);
        std::copy_n(rgb.begin() + static_cast<std::ptrdiff_t>(offset), length,
                    packet.begin() + kHeaderSize);
        packets.push_back(std::move(packet));
        offset += length;
    } while (offset < rgb.size());
    return packets;
}

std::optional<Packet> decode(std::span<const std::uint8_t> datagram, std::string* error) {
    const auto fail = [error](const char* why) -> std::optional<Packet> {
        if (error != nullptr) {
            *error = why;
        }
        return std::nullopt;
    };
    if (datagram.size() < kHeaderSize) {
        return fail("shorter than the 10-byte DDP header");
    }
    Packet packet;
    packet.flags = datagram[0];
    if ((packet.flags & 0xC0) != kVersion1) {
        return fail("not DDP version 1");
    }
    if ((packet.flags & (kQuery | kReply | kStorage)) != 0) {
        return fail("a query, reply or storage packet, not pixel data");
    }
    packet.sequence = static_cast<std::uint8_t>(datagram[1] & 0x0F);
    packet.dataType = datagram[2];
    packet.destination = datagram[3];
    if (packet.destination >= 246 && packet.destination != 255) {
        return fail("a control, status or config destination");
    }
    packet.offset = static_cast<std::uint32_t>(datagram[4]) << 24 |
                    static_cast<std::uint32_t>(datagram[5]) << 16 |
                    static_cast<std::uint32_t>(datagram[6]) << 8 | datagram[7];
    const std::size_t length = static_cast<std::size_t>(datagram[8]) << 8 | datagram[9];
    const std::size_t dataStart = kHeaderSize + ((packet.flags & kTimecode) != 0 ? 4 : 0);
    if (datagram.size() < dataStart + length) {
        return fail("the length field runs past the end of the datagram");
    }
    packet.data.assign(datagram.begin() + static_cast<std::ptrdiff_t>(dataStart),
                       datagram.begin() + static_cast<std::ptrdiff_t>(dataStart + length));
    return packet;
}

}  // namespace ossynapse::ddp
