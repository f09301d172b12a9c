// A rig file as a user writes it: Rig::fromJson takes it or throws InputError naming what is
// wrong (not a bare JSON type error); a rig it takes validates and survives its own JSON.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "core/error.h"
#include "core/rig.h"
#include "tests/fuzz/fuzz_check.h"

using namespace ossynapse;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // Reading the file's JSON is nlohmann's job (app/common/json_file); the loader starts here.
    const nlohmann::json json = nlohmann::json::parse(
        std::string_view(reinterpret_cast<const char*>(data), size), nullptr, false);
    if (json.is_discarded()) {
        return 0;
    }
    try {
        const Rig rig = Rig::fromJson(json);
        rig.validate();
        (void)rig.ledCount();
        const nlohmann::json written = rig.toJson();
        FUZZ_CHECK(Rig::fromJson(nlohmann::json::parse(written.dump())).toJson() == written);
    } catch (const InputError&) {
    }
    return 0;
}
