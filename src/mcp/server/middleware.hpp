// Middleware: hooks around dispatch of every client request (not notifications or responses).
//
//   before hooks run in registration order; the first that returns an error stops the chain, and that error is
//   the client's reply (use mcp::error::unauthenticated / forbidden / rate_limited / invalid_request: their codes
//   are stable, see protocol/error.hpp). after hooks run in reverse order and see (and may replace) the outcome.
// Hooks run on the session's strand and must not block.
// `params` lives in the request's arena (mcp/json/arena.hpp) and is valid while the hooks run. session_state
// copies what it is given out of the arena; to keep a value anywhere else, copy it into the default storage:
// `boost::json::value kept(v, boost::json::storage_ptr())` (a plain copy would share the arena).
#pragma once

#include <mcp/protocol/error.hpp>
#include <mcp/server/request_metadata.hpp>
#include <mcp/server/session_state.hpp>

#include <boost/json.hpp>

#include <functional>
#include <string_view>

namespace mcp {

struct middleware_context {
    std::string_view method;
    boost::json::object const& params;
    request_metadata const& metadata;
    session_state& state;
};

struct middleware {
    std::function<result<>(middleware_context&)> before;
    std::function<void(middleware_context&, result<boost::json::value>& outcome)> after;
};

} // namespace mcp
