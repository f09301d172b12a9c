#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ossynapse {

// Whole JSON documents (files, recording lines, request and error bodies, telemetry text
// frames, saved settings) are read through here, so that one rule has one home: RFC 8259 §2
// allows no raw NUL byte in a JSON text (§7: not even inside a string), but nlohmann/json ends
// its input at one, and takes `{"a":1}<NUL>garbage` for `{"a":1}`. JsonView, the stream's hot
// reader, refuses such a text itself; these readers refuse it the same way.

// The offset (bytes from the start) of the first raw NUL byte, if the text holds one.
std::optional<std::size_t> findNulByte(std::string_view text);

// One JSON document. Throws InputError ("a NUL byte at byte N: JSON allows none") when the
// text holds a raw NUL; otherwise nlohmann's own exceptions (parse_error naming the place, or
// out_of_range for a number no double holds, such as 1e400).
nlohmann::json parseJsonText(std::string_view text);

// One JSON document, or a discarded value (is_discarded()) when the text is not one.
nlohmann::json parseJsonTextOrDiscarded(std::string_view text);

// One JSON document, or why it is not, in words for people.
struct JsonReading {
    nlohmann::json value;     // discarded when the text is not one document
    std::string fault;        // "a NUL byte at byte 7: JSON allows none", "number 1e400 is out
                              // of range", or "bad JSON"; empty when the text is JSON
    bool incomplete = false;  // the text stopped before the document was whole (cut off)
};
JsonReading readJsonText(std::string_view text);

}  // namespace ossynapse
