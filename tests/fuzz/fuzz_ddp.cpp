// A UDP datagram on the daemon's DDP port, from anyone on the network: decoded as pixel data
// or refused with a reason, never a fault or a read past the datagram. Pixel data it accepts
// goes back out through our own encoder into packets it accepts again.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "core/ddp.h"
#include "tests/fuzz/fuzz_check.h"

using namespace ossynapse;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string error;
    const auto packet = ddp::decode(std::span<const std::uint8_t>(data, size), &error);
    if (!packet) {
        FUZZ_CHECK(!error.empty());
        return 0;
    }
    FUZZ_CHECK(ddp::kHeaderSize + packet->data.size() <= size);
    std::size_t bytes = 0;
    for (const auto& datagram : ddp::encodeFrame(packet->data, 1)) {
        const auto again = ddp::decode(datagram);
        FUZZ_CHECK(again.has_value() && again->offset == bytes);
        bytes += again->data.size();
    }
    FUZZ_CHECK(bytes == packet->data.size());
    return 0;
}
