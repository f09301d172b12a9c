// A UDP datagram on the daemon's E1.31 (sACN) port, from anyone on the network: decoded as one
// universe of DMX data or refused with a reason, never a fault. What it accepts encodes back
// to a packet that reads the same.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "core/e131.h"
#include "tests/fuzz/fuzz_check.h"

using namespace ossynapse;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string error;
    const auto packet = e131::decode(std::span<const std::uint8_t>(data, size), &error);
    if (!packet) {
        FUZZ_CHECK(!error.empty());
        return 0;
    }
    FUZZ_CHECK(packet->data.size() <= e131::kMaxSlots);
    const auto again = e131::decode(e131::encode(*packet));
    FUZZ_CHECK(again.has_value());
    FUZZ_CHECK(again->cid == packet->cid && again->universe == packet->universe &&
               again->priority == packet->priority && again->sequence == packet->sequence &&
               again->options == packet->options && again->data == packet->data &&
               // Our encoder writes at most 63 bytes of name and its NUL (E1.31-2018 6.2.2);
               // the decoder also takes a name that fills all 64 bytes unterminated.
               again->sourceName == packet->sourceName.substr(0, 63));
    return 0;
}
