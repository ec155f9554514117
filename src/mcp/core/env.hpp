// Reading configuration from the environment, in one shape for every front door and store: a function from a
// variable's name to its value, so tests pass a map and production passes the process environment.
#pragma once

#include <charconv>
#include <concepts>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace mcp {

// Reads one variable; nullopt when it is unset.
using environment = std::function<std::optional<std::string>(std::string_view name)>;

// The process environment (getenv).
std::optional<std::string> process_environment(std::string_view name);

// All of `text` as a whole number of type T (std::from_chars: digits, a '-' only for signed types, no spaces);
// nullopt when it is empty, has anything else, or does not fit T. The caller's error names the variable.
template <std::integral T>
std::optional<T> whole_number(std::string_view text) {
    T value{};
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

} // namespace mcp
