// Reading configuration from the environment, in one shape for every front door and store: a function from a
// variable's name to its value, so tests pass a map and production passes the process environment.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace mcp {

// Reads one variable; nullopt when it is unset.
using environment = std::function<std::optional<std::string>(std::string_view name)>;

// The process environment (getenv).
std::optional<std::string> process_environment(std::string_view name);

} // namespace mcp
