#include "hardware/update_request.h"

#include <algorithm>
#include <cctype>

namespace ossynapse::hw {
namespace {

std::string_view trim(std::string_view text) {
    // Optional whitespace around a field value is spaces and tabs (RFC 9110 §5.6.3); a CR
    // before the LF goes too.
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
    while (!text.empty() && space(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && space(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

UpdateHeadResult refuse(int status, std::string error) {
    return {std::nullopt, status, std::move(error)};
}

}  // namespace

UpdateHeadResult parseUpdateHead(std::string_view received) {
    const std::size_t end = received.find("\r\n\r\n");
    if (end == std::string_view::npos) {
        if (received.size() > kMaxUpdateHead) {
            return refuse(431, "request head larger than 8 KiB");
        }
        return {};
    }
    if (end + 4 > kMaxUpdateHead) {
        return refuse(431, "request head larger than 8 KiB");
    }
    UpdateRequestHead head;
    head.headBytes = end + 4;
    const std::string_view text = received.substr(0, end);
    const std::size_t firstEnd = std::min(text.find('\n'), text.size());
    const std::string_view requestLine = trim(text.substr(0, firstEnd));
    const std::size_t space = requestLine.find(' ');
    head.method = std::string(requestLine.substr(0, space));
    if (space != std::string_view::npos) {
        const std::string_view rest = requestLine.substr(space + 1);
        head.target = std::string(rest.substr(0, rest.find(' ')));
    }
    bool sawLength = false;
    std::size_t at = firstEnd;
    while (at < text.size()) {
        const std::size_t lineEnd = std::min(text.find('\n', at + 1), text.size());
        const std::string_view line = text.substr(at + 1, lineEnd - at - 1);
        at = lineEnd;
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) {
            continue;
        }
        const std::string_view name = trim(line.substr(0, colon));
        const std::string_view value = trim(line.substr(colon + 1));
        if (equalsIgnoringCase(name, "authorization")) {
            head.authorization = std::string(value);
        } else if (equalsIgnoringCase(name, "content-length")) {
            if (value.empty() || !std::all_of(value.begin(), value.end(),
                                              [](char c) { return c >= '0' && c <= '9'; })) {
                return refuse(400, "Content-Length is not a number of bytes");
            }
            // Counting stops past the limit: any longer number is too large, never an overflow.
            std::size_t length = 0;
            for (char digit : value) {
                length = length * 10 + static_cast<std::size_t>(digit - '0');
                if (length > kMaxUpdateBody) {
                    return refuse(413, "body larger than 16 KiB");
                }
            }
            if (sawLength && length != head.contentLength) {
                return refuse(400, "two different Content-Lengths");
            }
            sawLength = true;
            head.contentLength = length;
        }
    }
    return {std::move(head), 0, {}};
}

}  // namespace ossynapse::hw
