#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace ossynapse::ddp {

// DDP (Distributed Display Protocol, UDP 4048) as WLED, xLights, FPP and LedFx speak it: a
// 10-byte big-endian header (version 1, push flag, 4-bit sequence, data type, destination id,
// byte offset, length), then pixel data.
inline constexpr std::uint16_t kPort = 4048;
inline constexpr std::size_t kHeaderSize = 10;
inline constexpr std::size_t kMaxData = 1440;  // 480 RGB pixels: fits an Ethernet frame
inline constexpr std::uint8_t kVersion1 = 0x40;
inline constexpr std::uint8_t kPush = 0x01;
inline constexpr std::uint8_t kTimecode = 0x10;
inline constexpr std::uint8_t kQuery = 0x02;
inline constexpr std::uint8_t kReply = 0x04;
inline constexpr std::uint8_t kStorage = 0x08;
// Byte 2, the data type, is "C R TTT SSS" (DDP spec, "Packet Format"): C set for a customer-
// defined type, TTT the pixel type (1 RGB, 2 HSL, 3 RGBW, 4 grayscale), SSS the size of one
// element (3 = 8 bits). We show 8-bit RGB, 8-bit RGBW (as WLED does) and 0, "not used or
// undefined", which xLights and FPP send for RGB; decode() refuses every other type.
inline constexpr std::uint8_t kTypeUndefined = 0x00;
inline constexpr std::uint8_t kTypeRgb8 = 0x0B;
inline constexpr std::uint8_t kTypeRgbw8 = 0x1B;
inline constexpr std::uint8_t kDefaultDisplay = 1;

struct Packet {
    std::uint8_t flags = kVersion1;
    std::uint8_t sequence = 0;  // 1-15, 0 = unused
    std::uint8_t dataType = kTypeRgb8;
    std::uint8_t destination = kDefaultDisplay;
    std::uint32_t offset = 0;  // in bytes
    std::vector<std::uint8_t> data;

    bool push() const { return (flags & kPush) != 0; }
};

// One frame as packets of at most kMaxData bytes, the push flag on the last. `sequence` is
// 1-15; pass the frame counter through nextSequence().
std::vector<std::vector<std::uint8_t>> encodeFrame(std::span<const std::uint8_t> rgb,
                                                   std::uint8_t sequence);
std::uint8_t nextSequence(std::uint8_t sequence);

// Why decode() gave no packet. `NotForUs` is valid DDP meant for someone else: a query (a
// controller's discovery or status request), a reply from another display, or a write to a
// non-display id (246 JSON control, 250 config, 251 status, 254 DMX transit; DDP spec, "Source
// and Destination IDs"): nothing is wrong. `Unusable` is anything else we cannot show.
enum class Refusal { Unusable, NotForUs };

// Reads one datagram; empty with `error` (and `refusal`) set when it is not a DDP data packet
// we accept. RGBW data must come in whole 4-byte pixels (offset and length multiples of 4).
std::optional<Packet> decode(std::span<const std::uint8_t> datagram,
                             std::string* error = nullptr,
                             Refusal* refusal = nullptr);

// The bytes one pixel takes in a data type decode() accepts: 4 for RGBW, 3 for RGB.
std::size_t bytesPerPixel(std::uint8_t dataType);

// Writes a decoded packet's pixels into `rgb` (3 bytes a LED) at the packet's offset; the
// offset counts bytes of the packet's own type, so an RGBW packet at offset 40 starts at LED 10.
// RGBW is shown on RGB LEDs with its white added to each of R, G and B, saturating at 255.
// Returns how many of the packet's data bytes fell beyond the last LED and were left out.
std::size_t writePixels(const Packet& packet, std::span<std::uint8_t> rgb);

}  // namespace ossynapse::ddp
