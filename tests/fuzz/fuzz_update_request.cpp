// The bytes a client sends to the daemon's /update, from anyone who can reach the port and
// before the bearer token is checked: the head is read, or refused with a status and a reason,
// never a fault, and what it lets through is bounded by the limits whatever the numbers said.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hardware/update_request.h"
#include "tests/fuzz/fuzz_check.h"

using namespace ossynapse::hw;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view received(reinterpret_cast<const char*>(data), size);
    const UpdateHeadResult result = parseUpdateHead(received);
    if (result.status != 0) {
        FUZZ_CHECK(result.status == 400 || result.status == 413 || result.status == 431);
        FUZZ_CHECK(!result.error.empty() && !result.head);
        return 0;
    }
    if (!result.head) {
        // Still arriving: only while no blank line has come and the head is within its limit.
        FUZZ_CHECK(received.find("\r\n\r\n") == std::string_view::npos);
        FUZZ_CHECK(size <= kMaxUpdateHead);
        return 0;
    }
    FUZZ_CHECK(result.head->headBytes <= size && result.head->headBytes <= kMaxUpdateHead);
    FUZZ_CHECK(received.substr(result.head->headBytes - 4, 4) == "\r\n\r\n");
    FUZZ_CHECK(result.head->contentLength <= kMaxUpdateBody);
    return 0;
}
