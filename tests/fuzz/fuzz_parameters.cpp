// A parameters file as a user writes it: Parameters::fromJson takes it or throws InputError
// naming the field; parameters it takes are in range and survive their own JSON.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "core/error.h"
#include "core/parameters.h"
#include "tests/fuzz/fuzz_check.h"

using namespace ossynapse;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const nlohmann::json json = nlohmann::json::parse(
        std::string_view(reinterpret_cast<const char*>(data), size), nullptr, false);
    if (json.is_discarded()) {
        return 0;
    }
    try {
        const Parameters parameters = Parameters::fromJson(json);
        parameters.validate();
        FUZZ_CHECK(Parameters::fromJson(nlohmann::json::parse(parameters.toJson().dump())) ==
                   parameters);
    } catch (const InputError&) {
    }
    return 0;
}
