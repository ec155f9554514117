// What every 2026-07-28 answer carries besides the method's own fields (basic/index: resultType and the
// per-response _meta; server/utilities/caching: ttlMs and cacheScope), added in one place, after the method
// table, so that no method (nor a user's handler) has to know the era it answers in.
// Not for: 2025 sessions, whose answers stay as the methods make them.
#pragma once

#include <mcp/protocol/error.hpp>

#include <boost/json.hpp>

#include <string_view>

namespace mcp {
class server;
}

namespace mcp::detail {

// Adds resultType "complete" when the method set none, the caching hints of `method` to a complete result of
// a cacheable method (lists, resources/read, server/discover; fields the method set stay), and the server's
// identity to _meta unless server_options::advertise_server_info is off. An error keeps its code, except
// -32002 (resource not found), which 2026-07-28 answers as -32602 with the same data (server/resources,
// error handling).
void finish_modern(result<boost::json::value>& outcome, std::string_view method, mcp::server const& srv);

} // namespace mcp::detail
