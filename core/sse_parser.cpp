#include "core/sse_parser.h"

#include <cstring>

namespace ossynapse {

SseParser::SseParser(std::size_t maxLineBytes) : m_maxLineBytes(maxLineBytes) {}

bool SseParser::feed(std::string_view bytes, std::vector<SseEvent>& out) {
    if (m_overflowed) {
        return false;
    }
    std::size_t i = 0;
    while (i < bytes.size()) {
        const char c = bytes[i];
        if (m_skipLf) {
            m_skipLf = false;
            if (c == '\n') {
                ++i;
                ++m_bytesSeen;
                m_lineStart = m_bytesSeen;
                continue;
            }
        }
        // Copy the run up to the next line end in one go (memchr is vectorised; CR is rare).
        const char* start = bytes.data() + i;
        const std::size_t left = bytes.size() - i;
        const void* lf = std::memchr(start, '\n', left);
        std::size_t end =
            lf != nullptr ? static_cast<std::size_t>(static_cast<const char*>(lf) - bytes.data())
                          : bytes.size();
        if (const void* cr = std::memchr(start, '\r', end - i); cr != nullptr) {
            end = static_cast<std::size_t>(static_cast<const char*>(cr) - bytes.data());
        }
        if (m_line.size() + (end - i) > m_maxLineBytes) {
            m_overflowed = true;
            return false;
        }
        m_line.append(bytes.substr(i, end - i));
        m_bytesSeen += end - i;
        i = end;
        if (i == bytes.size()) {
            break;
        }
        m_skipLf = bytes[i] == '\r';
        ++i;
        ++m_bytesSeen;
        processLine(m_line, out);
        m_line.clear();
        m_lineStart = m_bytesSeen;
    }
    return true;
}

void SseParser::finish(std::vector<SseEvent>& out) {
    if (m_overflowed) {
        return;
    }
    if (!m_line.empty()) {
        processLine(m_line, out);
        m_line.clear();
    }
    dispatch(out);
}

void SseParser::processLine(std::string_view line, std::vector<SseEvent>& out) {
    if (m_atStart) {
        m_atStart = false;
        static constexpr std::string_view kBom = "\xEF\xBB\xBF";
        if (line.substr(0, kBom.size()) == kBom) {
            line.remove_prefix(kBom.size());
        }
    }
    if (line.empty()) {
        dispatch(out);
        return;
    }
    if (line.front() == ':') {
        ++m_comments;
        return;
    }
    if (!m_hasAnyField) {
        m_pending.offset = m_lineStart;
        m_hasAnyField = true;
    }
    const std::size_t colon = line.find(':');
    const std::string_view field = line.substr(0, colon);
    std::string_view value;
    if (colon != std::string_view::npos) {
        value = line.substr(colon + 1);
        if (!value.empty() && value.front() == ' ') {
            value.remove_prefix(1);
        }
    }
    if (field == "data") {
        if (m_hasData) {
            m_pending.data += '\n';
        }
        m_pending.data.append(value);
        m_hasData = true;
    } else if (field == "event") {
        m_pending.event = value;
    } else if (field == "error") {
        if (m_hasError) {
            m_pending.error += '\n';
        }
        m_pending.error.append(value);
        m_hasError = true;
    } else if (field == "id") {
        if (value.find('\0') == std::string_view::npos) {
            m_pending.id = value;
        }
    }
    // "retry" and unknown fields are ignored, as the standard says.
}

void SseParser::dispatch(std::vector<SseEvent>& out) {
    if (m_hasData || m_hasError) {
        out.push_back(std::move(m_pending));
    }
    m_pending = SseEvent{};
    m_hasData = false;
    m_hasError = false;
    m_hasAnyField = false;
}

}  // namespace ossynapse
