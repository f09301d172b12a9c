// A text WebSocket frame from a telemetry tap: one telemetry message as JSON. The decoder
// accepts or counts a drop with its reason; it never throws or faults. What it accepts
// survives the trip through our binary form.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/telemetry_decoder.h"
#include "core/telemetry_wire.h"
#include "tests/fuzz/fuzz_check.h"

using namespace ossynapse;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    TelemetryDecoder decoder;
    const auto message = decoder.text(std::string_view(reinterpret_cast<const char*>(data), size));
    FUZZ_CHECK(decoder.accepted() + decoder.dropped() == 1);
    if (message) {
        (void)telemetry_wire::toJson(*message).dump();
        const std::vector<std::uint8_t> bytes = telemetry_wire::encode(*message);
        FUZZ_CHECK(telemetry_wire::decode(bytes).has_value());
    } else {
        FUZZ_CHECK(!decoder.lastError().empty());
    }
    return 0;
}
