// The framework log's level by name, for the command line and the environment (mcp::run's --log-level and
// LOG_LEVEL). The log itself is core/log.hpp.
#pragma once

#include <spdlog/common.h>

#include <optional>
#include <string_view>

namespace mcp::log {

// The level a name means, case aside: trace, debug, info, warn (or warning), error (or err), critical, off;
// nullopt for any other name.
std::optional<spdlog::level::level_enum> level_named(std::string_view name);

// Sets the framework log's level (LOG_LEVEL set it at the first line). Thread-safe.
void set_level(spdlog::level::level_enum level);

} // namespace mcp::log
