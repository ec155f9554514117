// The wire trace: HTTP requests and answers of the MCP endpoint as they pass, at the framework log's trace
// level, for debugging a client (docs/operations.md). Pure text making; exchange_account.hpp writes the
// lines.
//
//   trace #7 > POST /mcp {content-type: application/json, authorization: [redacted], ...} body:
//   {"jsonrpc":... trace #7 < 200 {content-type: application/json, mcp-session-id: 1a2b3c4d...} body:
//   {"jsonrpc":... trace #7 < event: id: 0a1b_1\x0Adata: {...}
//
// Invariants: a secret's value never appears: credentials (Authorization, Proxy-Authorization, Cookie,
// Set-Cookie, any name with "auth", "token", "secret", "password", "api-key" or "apikey" in it, every
// x-authorizer-*) are shown as [redacted], and a session id by its first 8 characters. Bodies are cut to a
// bound and escaped to printable ASCII, so one trace line is one log line. Not redacted: what a body carries
// (tool arguments and results): a trace is for a developer's own traffic, off unless LOG_LEVEL=trace.
#pragma once

#include <mcp/http/exchange.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace mcp::http {

// Bytes of a body shown in a trace line; the rest is cut to "...".
inline constexpr std::size_t trace_body_limit = 2048;

// Whether a header's value is a credential (names as above; `name` in any case).
bool is_secret_header(std::string_view name);

// "{name: value, ...}" with secrets redacted and session ids shortened.
std::string traced_headers(headers const& h);

// A body as printable text, cut at `limit` bytes.
std::string traced_body(std::string_view body, std::size_t limit = trace_body_limit);

} // namespace mcp::http
