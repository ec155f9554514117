// Protocol version negotiation (2025-11-25 basic/lifecycle, version negotiation).
#include <mcp/protocol/version.hpp>

#include <algorithm>

namespace mcp::protocol {

bool is_supported_version(std::string_view v) {
    return std::find(supported_versions.begin(), supported_versions.end(), v) != supported_versions.end();
}

bool is_modern_version(std::string_view v) {
    return std::find(modern_versions.begin(), modern_versions.end(), v) != modern_versions.end();
}

// Returns a view into our own table, never into `requested`, so the result outlives the caller's buffer.
std::string_view negotiate_version(std::string_view requested) {
    auto it = std::find(supported_versions.begin(), supported_versions.end(), requested);
    return it != supported_versions.end() ? *it : latest_version;
}

} // namespace mcp::protocol
