#include "core/json_text.h"

#include <string>

#include "core/error.h"

namespace ossynapse {

std::optional<std::size_t> findNulByte(std::string_view text) {
    const std::size_t at = text.find('\0');
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    return at;
}

nlohmann::json parseJsonText(std::string_view text) {
    if (const auto nul = findNulByte(text)) {
        throw InputError("a NUL byte at byte " + std::to_string(*nul) + ": JSON allows none");
    }
    return nlohmann::json::parse(text);
}

nlohmann::json parseJsonTextOrDiscarded(std::string_view text) {
    if (findNulByte(text)) {
        return nlohmann::json(nlohmann::json::value_t::discarded);
    }
    return nlohmann::json::parse(text, nullptr, false);
}

}  // namespace ossynapse
