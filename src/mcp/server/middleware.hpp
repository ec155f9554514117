// Middleware: code around dispatch of every client request (not notifications or responses), in the style of
// the Go SDK's func(next). Not the HTTP front door's access policy: a 401 with WWW-Authenticate before any
// JSON-RPC work is http::streamable_options::access; middleware answers with JSON-RPC errors.
//
//   request -> m0.before -> m0.around( m1.before -> m1.around( ... handler ... ) -> m1.after ) -> m0.after
//
//   The chain runs in registration order. For each middleware: its before runs; then its around wraps
//   everything after it (later middlewares and the handler), reached by calling next(); then its after sees
//   the outcome. A before that returns an error stops the chain: that error is the client's reply (use
//   mcp::error::unauthenticated / forbidden / rate_limited / invalid_request: their codes are stable, see
//   protocol/error.hpp), and the afters of the middlewares before it run, in reverse order. An around that
//   returns without calling next() answers itself: nothing after it runs. An after may replace the outcome.
// Everything runs on the session's strand. before and after must not block; around may suspend (co_await),
// and while it waits the session serves its other requests.
// `params` lives in the request's arena (mcp/json/arena.hpp) and is valid until the request's reply.
// session_state copies what it is given out of the arena; to keep a value anywhere else, copy it into the
// default storage: `boost::json::value kept(v, boost::json::storage_ptr())` (a plain copy would share the
// arena).
#pragma once

#include <mcp/protocol/error.hpp>
#include <mcp/server/request_metadata.hpp>
#include <mcp/server/session_state.hpp>

#include <boost/json.hpp>

#include <mcp/core/task.hpp>

#include <functional>
#include <string_view>

namespace mcp {

struct middleware_context {
    std::string_view method;
    boost::json::object const& params;
    request_metadata const& metadata;
    session_state& state;
};

// The rest of the chain and the handler, as one call. Valid until the around that received it returns; a
// second call runs nothing and returns an internal error (the middleware has a bug).
using next_handler = std::function<task<result<boost::json::value>>()>;

struct middleware {
    std::function<result<>(middleware_context&)> before;
    std::function<void(middleware_context&, result<boost::json::value>& outcome)> after;
    // Wraps the rest of the chain and the handler: call `next()` (at most once) to go on, or return without
    // calling it to answer yourself. May suspend (co_await I/O: a token introspection, a rate-limit store)
    // before and after. An exception is the client's internal error (-32603; the text goes to the log only).
    // A coroutine: write a named function object, not a lambda with captures (g++ 12, ARCHITECTURE.md 4).
    std::function<task<result<boost::json::value>>(middleware_context&, next_handler const&)> around;
};

} // namespace mcp
