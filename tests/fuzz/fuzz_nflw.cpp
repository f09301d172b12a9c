// A datagram's worth of bytes from a Synapse neural probe (NFLW): decoded into a telemetry
// message or refused with a reason; never a fault, never memory the packet did not pay for.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "core/nflw.h"
#include "tests/fuzz/fuzz_check.h"

using namespace ossynapse;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string error;
    const auto packet = nflw::decode(std::span<const std::uint8_t>(data, size), &error);
    FUZZ_CHECK(packet.has_value() || !error.empty());
    return 0;
}
