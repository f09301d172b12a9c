// A UDP datagram on the daemon's Art-Net port, from anyone on the network: an ArtPoll, or
// decoded as one universe of DMX levels, or refused with a reason; never a fault. What it accepts encodes back
// to a packet that reads the same (an odd length padded to even with one zero level).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "core/artnet.h"
#include "tests/fuzz/fuzz_check.h"

using namespace ossynapse;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // An ArtPoll is answered: it is never also levels, and its reply is always whole.
    if (artnet::decodePoll(std::span<const std::uint8_t>(data, size))) {
        FUZZ_CHECK(!artnet::decode(std::span<const std::uint8_t>(data, size)).has_value());
        FUZZ_CHECK(artnet::encodePollReply({}).size() == artnet::kPollReplySize);
    }
    std::string error;
    const auto packet = artnet::decode(std::span<const std::uint8_t>(data, size), &error);
    if (!packet) {
        FUZZ_CHECK(!error.empty());
        return 0;
    }
    FUZZ_CHECK(!packet->data.empty() && packet->data.size() <= artnet::kMaxSlots);
    FUZZ_CHECK(packet->portAddress <= artnet::kMaxPortAddress);
    const auto again = artnet::decode(artnet::encode(*packet));
    FUZZ_CHECK(again.has_value());
    FUZZ_CHECK(again->sequence == packet->sequence && again->physical == packet->physical &&
               again->portAddress == packet->portAddress);
    FUZZ_CHECK(again->data.size() == packet->data.size() + packet->data.size() % 2);
    FUZZ_CHECK(std::equal(packet->data.begin(), packet->data.end(), again->data.begin()));
    return 0;
}
