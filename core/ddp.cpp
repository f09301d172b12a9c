#include "core/ddp.h"

#include <algorithm>
#include <cstdio>

namespace ossynapse::ddp {
namespace {

// "unsupported data type 0x13 (HSL, 8-bit elements)": the operator learns what the sender is
// set to, and what to set it to instead.
std::string unsupportedType(std::uint8_t type) {
    static constexpr const char* kTypes[] = {"undefined", "RGB",        "HSL",        "RGBW",
                                             "grayscale", "reserved 5", "reserved 6", "reserved 7"};
    static constexpr const char* kSizes[] = {"undefined", "1-bit",  "4-bit",  "8-bit",
                                             "16-bit",    "24-bit", "32-bit", "reserved"};
    char text[160];
    std::snprintf(text, sizeof text,
                  "unsupported data type 0x%02X (%s%s, %s elements); RGB 0x0B, RGBW 0x1B and "
                  "0x00 are shown",
                  type,
                  (type & 0x80) != 0   ? "customer-defined "
                  : (type & 0x40) != 0 ? "reserved bit set, "
                                       : "",
                  kTypes[(type >> 3) & 7], kSizes[type & 7]);
    return text;
}

}  // namespace

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

std::optional<Packet> decode(std::span<const std::uint8_t> datagram,
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
    const auto notForUs = [&refuse](const std::string& why) {
        return refuse(Refusal::NotForUs, why);
    };
    if (datagram.size() < kHeaderSize) {
        return fail("shorter than the 10-byte DDP header");
    }
    Packet packet;
    packet.flags = datagram[0];
    if ((packet.flags & 0xC0) != kVersion1) {
        return fail("not DDP version 1");
    }
    // The spec: "if Reply, Q flag is ignored".
    if ((packet.flags & kReply) != 0) {
        return notForUs("a reply from a display, not pixel data");
    }
    if ((packet.flags & kQuery) != 0) {
        return notForUs("a query (discovery or status request), not pixel data");
    }
    if ((packet.flags & kStorage) != 0) {
        return fail("data from the display's storage, which we do not have");
    }
    packet.sequence = static_cast<std::uint8_t>(datagram[1] & 0x0F);
    packet.dataType = datagram[2];
    packet.destination = datagram[3];
    if (packet.destination >= 246 && packet.destination != 255) {
        return notForUs("for id " + std::to_string(packet.destination) +
                        " (JSON control, config or status, or DMX transit), not a display");
    }
    if (packet.dataType != kTypeUndefined && packet.dataType != kTypeRgb8 &&
        packet.dataType != kTypeRgbw8) {
        return fail(unsupportedType(packet.dataType));
    }
    packet.offset = static_cast<std::uint32_t>(datagram[4]) << 24 |
                    static_cast<std::uint32_t>(datagram[5]) << 16 |
                    static_cast<std::uint32_t>(datagram[6]) << 8 | datagram[7];
    const std::size_t length = static_cast<std::size_t>(datagram[8]) << 8 | datagram[9];
    const std::size_t dataStart = kHeaderSize + ((packet.flags & kTimecode) != 0 ? 4 : 0);
    if (datagram.size() < dataStart + length) {
        return fail("the length field runs past the end of the datagram");
    }
    if (packet.dataType == kTypeRgbw8 && (packet.offset % 4 != 0 || length % 4 != 0)) {
        return fail("RGBW data (type 0x1B) not in whole 4-byte pixels");
    }
    packet.data.assign(datagram.begin() + static_cast<std::ptrdiff_t>(dataStart),
                       datagram.begin() + static_cast<std::ptrdiff_t>(dataStart + length));
    return packet;
}

std::size_t bytesPerPixel(std::uint8_t dataType) {
    return dataType == kTypeRgbw8 ? 4 : 3;
}

std::size_t writePixels(const Packet& packet, std::span<std::uint8_t> rgb) {
    if (bytesPerPixel(packet.dataType) == 3) {
        // Byte for byte: an RGB offset need not fall on a pixel.
        const std::size_t begin = std::min<std::size_t>(packet.offset, rgb.size());
        const std::size_t fits = std::min(packet.data.size(), rgb.size() - begin);
        std::copy_n(packet.data.begin(), fits, rgb.begin() + static_cast<std::ptrdiff_t>(begin));
        return packet.data.size() - fits;
    }
    const std::size_t leds = rgb.size() / 3;
    const std::size_t first = std::min<std::size_t>(packet.offset / 4, leds);
    const std::size_t fits = std::min(packet.data.size() / 4, leds - first);
    for (std::size_t i = 0; i < fits; ++i) {
        const std::uint8_t* in = packet.data.data() + 4 * i;
        std::uint8_t* out = rgb.data() + 3 * (first + i);
        for (int c = 0; c < 3; ++c) {
            out[c] = static_cast<std::uint8_t>(std::min(255, in[c] + in[3]));
        }
    }
    return packet.data.size() - 4 * fits;
}

}  // namespace ossynapse::ddp
