#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ossynapse {

// A strict, allocation-light JSON reader for the hot path of stream parsing: it validates a
// whole document (RFC 8259 grammar, UTF-8, escapes) into a flat node table that points into
// the text, and unescapes only the strings asked for. It accepts exactly what nlohmann/json
// accepts (a differential test holds it to that: a number beyond a double's range, 1e400, is
// refused by both), at several times the speed (tests/bench/parse_bench.cpp prints both); nlohmann
// stays the reader for everything that is not hot. One deliberate difference: nlohmann stops
// reading at a NUL byte, so it takes `{"a":1}<NUL>garbage` for `{"a":1}`; RFC 8259 allows no
// NUL byte outside a string nor a raw one inside, and this reader refuses the document.
class JsonView {
  public:
    enum class Type : std::uint8_t { Null, Boolean, Number, String, Array, Object };
    static constexpr std::uint32_t kNone = 0xFFFFFFFFu;

    struct Node {
        Type type;
        std::uint32_t begin;  // for strings: after the opening quote; otherwise the first byte
        std::uint32_t end;    // for strings: the closing quote; otherwise one past the last byte
        std::uint32_t firstChild = kNone;
        std::uint32_t nextSibling = kNone;
        std::uint32_t key = kNone;  // for members of an object: the node of the key string
        bool escaped = false;       // a string with backslash escapes
    };

    // Returns false (and keeps no nodes) when the text is not exactly one JSON value.
    bool parse(std::string_view text);

    std::uint32_t root() const { return m_nodes.empty() ? kNone : 0; }
    const Node& node(std::uint32_t index) const { return m_nodes[index]; }
    // The member of object `object` named `name` (the last one if repeated, as nlohmann does).
    std::uint32_t member(std::uint32_t object, std::string_view name) const;
    // Several members of one object in a single pass: each `*slot` gets the member named
    // `name`, or kNone.
    struct Wanted {
        std::string_view name;
        std::uint32_t* slot;
    };
    void members(std::uint32_t object, std::initializer_list<Wanted> wanted) const;
    std::uint32_t element(std::uint32_t array, std::size_t position) const;
    bool isString(std::uint32_t index) const {
        return index != kNone && m_nodes[index].type == Type::String;
    }
    std::string string(std::uint32_t index) const;
    std::string_view raw(std::uint32_t index) const;
    std::optional<std::int64_t> integer(std::uint32_t index) const;

  private:
    bool value(std::uint32_t depth);
    bool parseString();
    bool parseNumber();
    bool literal(std::string_view word, Type type);
    void skipSpace();
    std::uint32_t add(Type type, std::uint32_t begin);

    std::string_view m_text;
    std::size_t m_at = 0;
    std::vector<Node> m_nodes;
};

}  // namespace ossynapse
