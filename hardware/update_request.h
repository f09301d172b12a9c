#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ossynapse::hw {

// The head of an HTTP/1.1 request to the seed's /update, read without Qt so that the fuzz
// targets can take it (tests/fuzz/fuzz_update_request.cpp). Everything in it comes from
// anyone who can reach the port, before the bearer token is checked.
inline constexpr std::size_t kMaxUpdateHead = 8 * 1024;
inline constexpr std::size_t kMaxUpdateBody = 16 * 1024;

struct UpdateRequestHead {
    std::size_t headBytes = 0;  // up to and including the blank line; the body follows
    std::string method;
    std::string target;
    std::string authorization;
    std::size_t contentLength = 0;
};

struct UpdateHeadResult {
    std::optional<UpdateRequestHead> head;  // a head to serve, when `status` is 0
    int status = 0;                         // else the HTTP status to refuse it with
    std::string error;                      // and why, in words
};

// Reads the head from the bytes received so far. Neither head nor status while the head is
// still arriving. Refused: a head over kMaxUpdateHead (431); a Content-Length that is not
// 1*DIGIT, or two that differ (400, RFC 9110 §8.6, RFC 9112 §6.3); a body over kMaxUpdateBody
// (413), said at once, before any of it is read. Lengths are read as unsigned digits that stop
// counting past the limit, so no value can overflow.
UpdateHeadResult parseUpdateHead(std::string_view received);

}  // namespace ossynapse::hw
