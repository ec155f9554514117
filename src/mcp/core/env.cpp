#include <mcp/core/env.hpp>

#include <cstdlib>

namespace mcp {

std::optional<std::string> process_environment(std::string_view name) {
    std::string const key(name);
    if (char const* v = std::getenv(key.c_str())) {
        return std::string(v);
    }
    return std::nullopt;
}

} // namespace mcp
