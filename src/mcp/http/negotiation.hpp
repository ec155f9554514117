// Header checks of the Streamable HTTP transport, as pure functions, and the JSON-RPC error bodies of its
// HTTP errors (2025-11-25 basic/transports: a 4xx body MAY be a JSON-RPC error response without an id). What
// a store failure looks like to a client is store_errors.hpp's.
#pragma once

#include <mcp/http/exchange.hpp>
#include <mcp/protocol/jsonrpc.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace mcp::http {

// Whether an Accept header value admits `type` ("application/json"): exact, "application/*" or "*/*", q > 0.
bool accepts(std::optional<std::string_view> accept, std::string_view type);
// Whether a Content-Type names application/json (parameters such as charset are allowed).
bool is_json_content_type(std::optional<std::string_view> content_type);

// The path of a request target, without the query.
std::string_view path_of(std::string_view target);

// Answers `status` with a JSON-RPC error response body.
task<> reply_error(response_writer& out, int status, error const& e, headers base,
                   std::optional<protocol::request_id> const& id = std::nullopt);
task<> reply_json(response_writer& out, int status, boost::json::value const& body, headers base);

} // namespace mcp::http
