#include "core/json_text.h"

#include <algorithm>
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

JsonReading readJsonText(std::string_view text) {
    JsonReading reading;
    reading.value = nlohmann::json(nlohmann::json::value_t::discarded);
    try {
        reading.value = parseJsonText(text);
    } catch (const InputError& error) {
        reading.fault = error.what();
    } catch (const nlohmann::json::parse_error& error) {
        reading.fault = "bad JSON";
        // The parser counts the end of input as one byte past the last.
        reading.incomplete = error.byte > text.size();
    } catch (const nlohmann::json::out_of_range& error) {
        // nlohmann names the number: "... number overflow parsing '1e400'".
        constexpr std::string_view kBefore = "parsing '";
        constexpr std::size_t kLongest = 40;  // a number of a megabyte is no message
        const std::string what = error.what();
        const std::size_t open = what.find(kBefore);
        const std::size_t close = what.rfind('\'');
        if (open == std::string::npos || close <= open + kBefore.size()) {
            reading.fault = "a number is out of range";
        } else {
            const std::size_t length = close - open - kBefore.size();
            reading.fault = "number " +
                            what.substr(open + kBefore.size(), std::min(length, kLongest)) +
                            (length > kLongest ? "..." : "") + " is out of range";
        }
    }
    return reading;
}

nlohmann::json parseJsonTextOrDiscarded(std::string_view text) {
    if (findNulByte(text)) {
        return nlohmann::json(nlohmann::json::value_t::discarded);
    }
    return nlohmann::json::parse(text, nullptr, false);
}

}  // namespace ossynapse
