// What a client is told when a store fails: the one place where a storage::error (storage/error.hpp) becomes
// an HTTP status and a JSON-RPC error. Every store failure that reaches a client goes through here, over
// either front door (net/ and lambda/ both answer through the Streamable HTTP handler). Not for the stores'
// own logs, nor for opening the stores at start-up (that failure ends the process or the Lambda init).
//
//   storage::errc      HTTP   JSON-RPC code                    message shown
//   session_limit      503    -32011 code::session_limit       "Too many sessions: ... try again later"
//   any other          503    -32010 code::store_unavailable   "Service unavailable: ... try again later"
//   (unavailable, conflict, invalid_configuration, schema_mismatch, malformed_data, rejected)
//
// Invariants: the backend's own message (hosts, users, file paths, table names, AWS accounts) never reaches a
// client, who may not even be authenticated: reply_store_error() logs it with its context, and the client
// sees one generic message per code. A conflict only gets here when retries did not settle it
// (durable_record.hpp) or a new session id was taken: to the client, the store failed.
#pragma once

#include <mcp/http/exchange.hpp>
#include <mcp/protocol/jsonrpc.hpp>
#include <mcp/storage/error.hpp>

#include <optional>
#include <string_view>

namespace mcp::http {

struct public_failure {
    int status;     // the HTTP status of the answer
    error json_rpc; // its JSON-RPC error: the code names the kind, the message is generic
};

// The table above. Pure.
public_failure public_store_error(storage::error const& e);

// Logs `e` with `context` (the session, the operation) and answers with public_store_error(e): its status,
// and its JSON-RPC error as the body (with `id` when the failure answers a request).
task<> reply_store_error(response_writer& out, storage::error const& e, std::string_view context,
                         headers base, std::optional<protocol::request_id> const& id = std::nullopt);

} // namespace mcp::http
