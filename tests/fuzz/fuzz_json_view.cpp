// The strict JSON reader of the stream's hot path, held to its promise: it accepts exactly
// what nlohmann/json accepts, but for a raw NUL byte, which is never JSON (RFC 8259) while
// nlohmann stops reading at it (core/json_view.h); every node it keeps reads without a fault.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "core/json_view.h"
#include "tests/fuzz/fuzz_check.h"

using namespace ossynapse;

namespace {

void walk(const JsonView& json, std::uint32_t index, std::size_t textSize) {
    for (; index != JsonView::kNone; index = json.node(index).nextSibling) {
        const JsonView::Node& node = json.node(index);
        FUZZ_CHECK(node.begin <= node.end && node.end <= textSize);
        (void)json.raw(index);
        (void)json.integer(index);
        if (node.type == JsonView::Type::String) {
            (void)json.string(index);
        }
        if (node.key != JsonView::kNone) {
            (void)json.string(node.key);
        }
        walk(json, node.firstChild, textSize);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    JsonView json;
    const bool accepted = json.parse(text);
    const bool nul = text.find('\0') != std::string_view::npos;
    FUZZ_CHECK(accepted == (!nul && nlohmann::json::accept(text)));
    if (accepted) {
        walk(json, json.root(), text.size());
        if (json.node(json.root()).type == JsonView::Type::Object) {
            (void)json.member(json.root(), "choices");
            std::uint32_t a = JsonView::kNone, b = JsonView::kNone;
            json.members(json.root(), {{"delta", &a}, {"usage", &b}});
        }
        if (json.node(json.root()).type == JsonView::Type::Array) {
            (void)json.element(json.root(), 0);
            (void)json.element(json.root(), 3);
        }
    }
    return 0;
}
