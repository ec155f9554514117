// Protocol versions this framework speaks, newest first, and negotiation (2025-11-25 basic/lifecycle).
//
// Two eras share one server (2026-07-28 basic/versioning, backward compatibility): the legacy versions
// negotiate once per session through initialize; the modern ones carry the version on every request
// (protocol/envelope.hpp) and have no session.
#pragma once

#include <array>
#include <string_view>

namespace mcp::protocol {

inline constexpr std::string_view latest_version = "2025-11-25";
inline constexpr std::array<std::string_view, 4> supported_versions = {"2025-11-25", "2025-06-18",
                                                                       "2025-03-26", "2024-11-05"};
// The version a server assumes when an HTTP client sends no MCP-Protocol-Version header (transports page).
inline constexpr std::string_view default_http_version = "2025-03-26";

// The stateless era (2026-07-28): every request names its version in _meta.
inline constexpr std::array<std::string_view, 1> modern_versions = {"2026-07-28"};
// Every version served, modern first: server/discover's supportedVersions and -32022's data.supported.
inline constexpr std::array<std::string_view, 5> served_versions = {"2026-07-28", "2025-11-25", "2025-06-18",
                                                                    "2025-03-26", "2024-11-05"};

// A legacy version (one that initialize negotiates).
bool is_supported_version(std::string_view v);
bool is_modern_version(std::string_view v);
// The client's version when we support it, otherwise our latest (the client then decides whether to go on).
std::string_view negotiate_version(std::string_view requested);

} // namespace mcp::protocol
