#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace ossynapse {

// An enum's names, in the enum's order: the name of a value, and the value of a name.
template <typename Enum, std::size_t N>
constexpr std::string_view nameOf(const std::array<std::string_view, N>& names, Enum value) {
    return names[static_cast<std::size_t>(value)];
}

template <typename Enum, std::size_t N>
constexpr std::optional<Enum> valueNamed(const std::array<std::string_view, N>& names,
                                         std::string_view name) {
    for (std::size_t i = 0; i < N; ++i) {
        if (names[i] == name) {
            return static_cast<Enum>(i);
        }
    }
    return std::nullopt;
}

}  // namespace ossynapse
