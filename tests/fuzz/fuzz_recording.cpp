// A recording file (JSON lines) as a user may hand the CLI or the studio any file: the reader
// loads it or throws InputError naming the line; what it loads can be summarised as `inspect`
// does. Nothing else may escape, fault or run away.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "core/error.h"
#include "core/parameters.h"
#include "core/session_reader.h"
#include "core/session_stats.h"

using namespace ossynapse;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    try {
        const LoadedSession loaded = readSession(in, "fuzz.jsonl");
        (void)loaded.report.describe();
        (void)computeStats(loaded.session, Parameters{});
    } catch (const InputError&) {
    }
    return 0;
}
