// Protocol versions this framework speaks, newest first, and negotiation (2025-11-25 basic/lifecycle).
#pragma once

#include <array>
#include <string_view>

namespace mcp::protocol {

inline constexpr std::string_view latest_version = "2025-11-25";
inline constexpr std::array<std::string_view, 4> supported_versions = {"2025-11-25", "2025-06-18",
                                                                       "2025-03-26", "2024-11-05"};
// The version a server assumes when an HTTP client sends no MCP-Protocol-Version header (transports page).
inline constexpr std::string_view default_http_version = "2025-03-26";

bool is_supported_version(std::string_view v);
// The client's version when we support it, otherwise our latest (the client then decides whether to go on).
std::string_view negotiate_version(std::string_view requested);

} // namespace mcp::protocol
