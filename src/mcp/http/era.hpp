// Which protocol era an HTTP request belongs to (MCP 2026-07-28 basic/versioning, backward compatibility;
// basic/transports/streamable-http, earlier revisions): one endpoint serves 2025 sessions and 2026-07-28
// stateless requests side by side. Pure: reads headers and the parsed body, decides nothing else.
//
//   POST, MCP-Protocol-Version names a version initialize negotiates      -> legacy (a session, as before)
//   POST, MCP-Protocol-Version names any other version                    -> modern, unless the request
//         names a session and its body does not claim the modern era        (then legacy: 400 unsupported)
//   POST without the header: initialize, or a session id, or no _meta     -> legacy (2025-03-26 default)
//         protocolVersion
//   POST without the header, no session id, _meta claims the modern era   -> modern (then -32020: the header
//                                                                             is missing)
//   GET or DELETE naming no session, whose MCP-Protocol-Version is there   -> modern (405: no streams, no
//         and not a legacy version                                            sessions in 2026-07-28)
//
// A modern request's Mcp-Session-Id is ignored: it never reaches a session.
#pragma once

#include <mcp/http/exchange.hpp>
#include <mcp/protocol/jsonrpc.hpp>

namespace mcp::http {

enum class era { legacy, modern };

era era_of_post(headers const& h, protocol::message const& msg);
era era_of_stream_request(headers const& h); // GET and DELETE

} // namespace mcp::http
