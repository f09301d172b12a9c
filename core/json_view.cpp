#include "core/json_view.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>

namespace ossynapse {
namespace {

constexpr std::uint32_t kMaxDepth = 512;

// Bytes a string may hold as they are: printable ASCII but the quote and the backslash.
constexpr auto kPlainStringByte = [] {
    std::array<bool, 256> table{};
    for (int c = 0x20; c < 0x80; ++c) {
        table[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
    }
    return table;
}();

int hexValue(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

bool readHex4(std::string_view text, std::size_t at, unsigned& out) {
    if (at + 4 > text.size()) {
        return false;
    }
    out = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        const int h = hexValue(text[at + i]);
        if (h < 0) {
            return false;
        }
        out = out * 16 + static_cast<unsigned>(h);
    }
    return true;
}

// True when a JSON number's value is beyond a double's range (1e400): nlohmann refuses such a
// document ("number overflow", out_of_range 406) while it reads an underflow (1e-400) as 0, and
// the view accepts exactly what nlohmann accepts. Only called for numbers that could overflow.
bool overflowsDouble(std::string_view number) {
    double value = 0.0;
    const auto result = std::from_chars(number.data(), number.data() + number.size(), value);
    if (result.ec != std::errc::result_out_of_range) {
        return false;
    }
    // Out of range one way or the other: the decimal magnitude says which.
    std::size_t at = number.front() == '-' ? 1 : 0;
    long long integerDigits = 0;
    long long firstSignificant = -1;  // position of the first non-zero digit
    long long position = 0;
    bool fraction = false;
    for (; at < number.size() && number[at] != 'e' && number[at] != 'E'; ++at) {
        if (number[at] == '.') {
            fraction = true;
            continue;
        }
        if (firstSignificant < 0 && number[at] != '0') {
            firstSignificant = position;
        }
        ++position;
        integerDigits += fraction ? 0 : 1;
    }
    long long exponent = 0;
    if (at < number.size()) {
        ++at;
        const bool negative = at < number.size() && number[at] == '-';
        at += at < number.size() && (number[at] == '-' || number[at] == '+') ? 1 : 0;
        for (; at < number.size(); ++at) {
            exponent = std::min<long long>(exponent * 10 + (number[at] - '0'), 1'000'000'000);
        }
        exponent = negative ? -exponent : exponent;
    }
    return firstSignificant >= 0 && exponent + integerDigits - firstSignificant - 1 >= 0;
}

void appendUtf8(std::string& out, unsigned code) {
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code >> 18));
        out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

}  // namespace

std::uint32_t JsonView::add(Type type, std::uint32_t begin) {
    m_nodes.push_back({type, begin, begin});
    return static_cast<std::uint32_t>(m_nodes.size() - 1);
}

void JsonView::skipSpace() {
    while (m_at < m_text.size()) {
        const char c = m_text[m_at];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
            return;
        }
        ++m_at;
    }
}

bool JsonView::parse(std::string_view text) {
    m_text = text;
    m_at = 0;
    m_nodes.clear();
    skipSpace();
    if (!value(0)) {
        m_nodes.clear();
        return false;
    }
    skipSpace();
    if (m_at != m_text.size()) {
        m_nodes.clear();
        return false;
    }
    return true;
}

bool JsonView::literal(std::string_view word, Type type) {
    if (m_text.substr(m_at, word.size()) != word) {
        return false;
    }
    const std::uint32_t index = add(type, static_cast<std::uint32_t>(m_at));
    m_at += word.size();
    m_nodes[index].end = static_cast<std::uint32_t>(m_at);
    return true;
}

bool JsonView::parseNumber() {
    const std::size_t start = m_at;
    const auto digit = [&] {
        return m_at < m_text.size() && m_text[m_at] >= '0' && m_text[m_at] <= '9';
    };
    if (m_at < m_text.size() && m_text[m_at] == '-') {
        ++m_at;
    }
    if (!digit()) {
        return false;
    }
    if (m_text[m_at] == '0') {
        ++m_at;
    } else {
        while (digit()) {
            ++m_at;
        }
    }
    if (m_at < m_text.size() && m_text[m_at] == '.') {
        ++m_at;
        if (!digit()) {
            return false;
        }
        while (digit()) {
            ++m_at;
        }
    }
    bool exponent = false;
    if (m_at < m_text.size() && (m_text[m_at] == 'e' || m_text[m_at] == 'E')) {
        exponent = true;
        ++m_at;
        if (m_at < m_text.size() && (m_text[m_at] == '+' || m_text[m_at] == '-')) {
            ++m_at;
        }
        if (!digit()) {
            return false;
        }
        while (digit()) {
            ++m_at;
        }
    }
    const std::string_view number = m_text.substr(start, m_at - start);
    // Without an exponent only a number of more than 308 digits can overflow.
    if ((exponent || number.size() > 300) && overflowsDouble(number)) {
        return false;
    }
    const std::uint32_t index = add(Type::Number, static_cast<std::uint32_t>(start));
    m_nodes[index].end = static_cast<std::uint32_t>(m_at);
    return true;
}

// Validates a string from its opening quote: escapes, control characters, UTF-8.
bool JsonView::parseString() {
    const std::uint32_t index = add(Type::String, static_cast<std::uint32_t>(m_at + 1));
    ++m_at;
    bool escaped = false;
    const std::size_t size = m_text.size();
    while (m_at < size) {
        // Plain ASCII runs are the bulk of every chunk: skip them with a table lookup per byte.
        const char* p = m_text.data() + m_at;
        const char* const stop = m_text.data() + size;
        while (p < stop && kPlainStringByte[static_cast<unsigned char>(*p)]) {
            ++p;
        }
        m_at = static_cast<std::size_t>(p - m_text.data());
        if (p == stop) {
            break;
        }
        const auto c = static_cast<unsigned char>(m_text[m_at]);
        if (c == '"') {
            m_nodes[index].end = static_cast<std::uint32_t>(m_at);
            m_nodes[index].escaped = escaped;
            ++m_at;
            return true;
        }
        if (c < 0x20) {
            return false;
        }
        if (c == '\\') {
            escaped = true;
            if (m_at + 1 >= size) {
                return false;
            }
            const char e = m_text[m_at + 1];
            if (e == 'u') {
                unsigned code = 0;
                if (!readHex4(m_text, m_at + 2, code)) {
                    return false;
                }
                m_at += 6;
                if (code >= 0xD800 && code <= 0xDBFF) {
                    unsigned low = 0;
                    if (m_at + 1 >= size || m_text[m_at] != '\\' || m_text[m_at + 1] != 'u' ||
                        !readHex4(m_text, m_at + 2, low) || low < 0xDC00 || low > 0xDFFF) {
                        return false;
                    }
                    m_at += 6;
                } else if (code >= 0xDC00 && code <= 0xDFFF) {
                    return false;
                }
                continue;
            }
            if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' &&
                e != 't') {
                return false;
            }
            m_at += 2;
            continue;
        }
        if (c < 0x80) {
            ++m_at;
            continue;
        }
        // UTF-8: the well-formed sequences of RFC 3629 (no overlongs, no surrogates).
        std::size_t length = 0;
        unsigned char lo = 0x80;
        unsigned char hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            if (c == 0xE0) {
                lo = 0xA0;
            } else if (c == 0xED) {
                hi = 0x9F;
            }
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            if (c == 0xF0) {
                lo = 0x90;
            } else if (c == 0xF4) {
                hi = 0x8F;
            }
        } else {
            return false;
        }
        if (m_at + length > size) {
            return false;
        }
        for (std::size_t i = 1; i < length; ++i) {
            const auto b = static_cast<unsigned char>(m_text[m_at + i]);
            if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xBF)) {
                return false;
            }
        }
        m_at += length;
    }
    return false;
}

bool JsonView::value(std::uint32_t depth) {
    if (m_at >= m_text.size() || depth > kMaxDepth) {
        return false;
    }
    const char c = m_text[m_at];
    if (c == '"') {
        return parseString();
    }
    if (c == '{' || c == '[') {
        const bool object = c == '{';
        const std::uint32_t index =
            add(object ? Type::Object : Type::Array, static_cast<std::uint32_t>(m_at));
        ++m_at;
        skipSpace();
        const char close = object ? '}' : ']';
        std::uint32_t previous = kNone;
        if (m_at < m_text.size() && m_text[m_at] == close) {
            ++m_at;
            m_nodes[index].end = static_cast<std::uint32_t>(m_at);
            return true;
        }
        while (true) {
            std::uint32_t key = kNone;
            if (object) {
                if (m_at >= m_text.size() || m_text[m_at] != '"' || !parseString()) {
                    return false;
                }
                key = static_cast<std::uint32_t>(m_nodes.size() - 1);
                skipSpace();
                if (m_at >= m_text.size() || m_text[m_at] != ':') {
                    return false;
                }
                ++m_at;
                skipSpace();
            }
            const auto child = static_cast<std::uint32_t>(m_nodes.size());
            if (!value(depth + 1)) {
                return false;
            }
            m_nodes[child].key = key;
            if (previous == kNone) {
                m_nodes[index].firstChild = child;
            } else {
                m_nodes[previous].nextSibling = child;
            }
            previous = child;
            skipSpace();
            if (m_at >= m_text.size()) {
                return false;
            }
            if (m_text[m_at] == ',') {
                ++m_at;
                skipSpace();
                continue;
            }
            if (m_text[m_at] == close) {
                ++m_at;
                m_nodes[index].end = static_cast<std::uint32_t>(m_at);
                return true;
            }
            return false;
        }
    }
    if (c == 't') {
        return literal("true", Type::Boolean);
    }
    if (c == 'f') {
        return literal("false", Type::Boolean);
    }
    if (c == 'n') {
        return literal("null", Type::Null);
    }
    return parseNumber();
}

std::uint32_t JsonView::member(std::uint32_t object, std::string_view name) const {
    if (object == kNone || m_nodes[object].type != Type::Object) {
        return kNone;
    }
    std::uint32_t found = kNone;
    for (std::uint32_t child = m_nodes[object].firstChild; child != kNone;
         child = m_nodes[child].nextSibling) {
        const Node& key = m_nodes[m_nodes[child].key];
        // Keys with escapes are compared unescaped, the rare slow way.
        if (key.escaped ? string(m_nodes[child].key) == name
                        : m_text.substr(key.begin, key.end - key.begin) == name) {
            found = child;
        }
    }
    return found;
}

void JsonView::members(std::uint32_t object, std::initializer_list<Wanted> wanted) const {
    for (const Wanted& w : wanted) {
        *w.slot = kNone;
    }
    if (object == kNone || m_nodes[object].type != Type::Object) {
        return;
    }
    for (std::uint32_t child = m_nodes[object].firstChild; child != kNone;
         child = m_nodes[child].nextSibling) {
        const Node& key = m_nodes[m_nodes[child].key];
        if (key.escaped) {
            const std::string name = string(m_nodes[child].key);
            for (const Wanted& w : wanted) {
                if (w.name == name) {
                    *w.slot = child;
                }
            }
            continue;
        }
        const std::size_t length = key.end - key.begin;
        const char* text = m_text.data() + key.begin;
        for (const Wanted& w : wanted) {
            if (w.name.size() == length && std::memcmp(w.name.data(), text, length) == 0) {
                *w.slot = child;
                break;
            }
        }
    }
}

std::uint32_t JsonView::element(std::uint32_t array, std::size_t position) const {
    if (array == kNone || m_nodes[array].type != Type::Array) {
        return kNone;
    }
    std::uint32_t child = m_nodes[array].firstChild;
    for (std::size_t i = 0; i < position && child != kNone; ++i) {
        child = m_nodes[child].nextSibling;
    }
    return child;
}

std::string_view JsonView::raw(std::uint32_t index) const {
    const Node& n = m_nodes[index];
    return m_text.substr(n.begin, n.end - n.begin);
}

std::string JsonView::string(std::uint32_t index) const {
    const Node& n = m_nodes[index];
    const std::string_view text = raw(index);
    if (!n.escaped) {
        return std::string(text);
    }
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\') {
            out += text[i];
            continue;
        }
        const char e = text[++i];
        switch (e) {
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'u': {
                unsigned code = 0;
                readHex4(text, i + 1, code);
                i += 4;
                if (code >= 0xD800 && code <= 0xDBFF) {
                    unsigned low = 0;
                    readHex4(text, i + 3, low);
                    i += 6;
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                }
                appendUtf8(out, code);
                break;
            }
            default:
                out += e;
                break;
        }
    }
    return out;
}

std::optional<std::int64_t> JsonView::integer(std::uint32_t index) const {
    if (index == kNone || m_nodes[index].type != Type::Number) {
        return std::nullopt;
    }
    const std::string_view text = raw(index);
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size()) {
        return std::nullopt;  // fractions and exponents are not integers
    }
    return value;
}

}  // namespace ossynapse
