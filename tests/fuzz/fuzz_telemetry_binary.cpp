// A binary WebSocket frame from a telemetry tap: our "OSTM" messages or a Synapse probe's NFLW
// packets. The decoder accepts or counts a drop; it never throws or faults. What it accepts
// from our own format encodes back to bytes it accepts again.
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/telemetry_decoder.h"
#include "core/telemetry_wire.h"
#include "tests/fuzz/fuzz_check.h"

using namespace ossynapse;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> bytes(data, size);
    TelemetryDecoder decoder;
    const auto message = decoder.binary(bytes);
    FUZZ_CHECK(decoder.accepted() + decoder.dropped() == 1);
    FUZZ_CHECK(message.has_value() == (decoder.accepted() == 1));
    if (const auto ours = telemetry_wire::decode(bytes)) {
        const std::vector<std::uint8_t> again = telemetry_wire::encode(*ours);
        FUZZ_CHECK(telemetry_wire::decode(again).has_value());
    }
    return 0;
}
