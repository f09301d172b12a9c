#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ossynapse {

// One dispatched Server-Sent Event.
struct SseEvent {
    std::string event;  // the `event:` field, empty for the default "message"
    std::string data;   // `data:` lines joined with "\n"
    std::string id;
    // A non-standard `error:` field (llama.cpp server builds of 2025 send
    // "error: {...}" and then "data: [DONE]"); the standard ignores unknown fields, but this
    // one carries the server's words, so it is kept. Empty when absent.
    std::string error;
    std::size_t offset = 0;  // byte offset in the stream where the event's first line began
    friend bool operator==(const SseEvent&, const SseEvent&) = default;
};

// Incremental Server-Sent Events parser after the WHATWG rules: bytes in, events out, with the
// input cut anywhere (inside a line, a CRLF pair or a UTF-8 sequence). Lines end in LF, CRLF or
// CR; "data:" may or may not be followed by a space; several data lines are joined with "\n";
// comment lines (":") are counted, not dispatched; a blank line dispatches an event that has
// data or an `error:` field. Lines are bounded
// only by maxLineBytes (64 MiB by default); a longer line is an error.
class SseParser {
  public:
    explicit SseParser(std::size_t maxLineBytes = 64u << 20);

    // Appends complete events to `out`. Returns false once a line exceeded maxLineBytes; the
    // parser then ignores further input.
    bool feed(std::string_view bytes, std::vector<SseEvent>& out);
    // End of stream: an event whose blank line never came is dispatched anyway, since some
    // servers close right after their last data line.
    void finish(std::vector<SseEvent>& out);

    std::size_t comments() const { return m_comments; }
    std::size_t bytesSeen() const { return m_bytesSeen; }
    bool overflowed() const { return m_overflowed; }

  private:
    void processLine(std::string_view line, std::vector<SseEvent>& out);
    void dispatch(std::vector<SseEvent>& out);

    std::size_t m_maxLineBytes;
    std::string m_line;
    std::size_t m_lineStart = 0;
    bool m_skipLf = false;  // the last byte was CR: a following LF belongs to it
    bool m_atStart = true;  // the first line may open with a UTF-8 byte order mark
    std::size_t m_bytesSeen = 0;
    std::size_t m_comments = 0;
    bool m_overflowed = false;

    SseEvent m_pending;
    bool m_hasData = false;
    bool m_hasError = false;
    bool m_hasAnyField = false;
};

}  // namespace ossynapse
