// The Streamable HTTP transport (MCP 2025-11-25 basic/transports), as one handler of exchanges: no sockets
// here.
//
//   POST /mcp  one JSON-RPC message. Notifications and responses: 202. Requests: application/json when the
//              handler sends nothing before its result (and the client accepts JSON), otherwise an SSE stream
//              that carries the request's progress, logs and server-to-client requests, then its response.
//   GET  /mcp  the session's standalone SSE stream (messages tied to no request), or, with Last-Event-ID, the
//              replay of exactly the stream that broke and then its live remainder.
//   DELETE /mcp  ends the session; its id then gets 404.
//
// Every SSE stream starts with a priming event (an id, empty data, and `retry`); event ids are
// "<stream>_<sequence>". Origin and Host are checked before anything else (403), CORS is opt-in, and sessions
// and events live in the session and event stores (in memory unless others are given).
#pragma once

#include <mcp/http/access.hpp>
#include <mcp/http/cors.hpp>
#include <mcp/http/creation_limit.hpp>
#include <mcp/http/exchange.hpp>
#include <mcp/http/listen_slots.hpp>
#include <mcp/http/origin.hpp>
#include <mcp/http/session_cache.hpp>
#include <mcp/server/server.hpp>
#include <mcp/storage/stores.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace mcp::http {

class http_session;
class metrics;

using route_handler = std::function<task<>(request const&, response_writer&)>;

// The Prometheus endpoint (metrics.hpp, docs/operations.md): GET `path` answers the text exposition. Off unless
// enabled (MCP_METRICS=true). It sits behind the endpoint's Origin and Host checks, and its series carry no
// session id and no client text.
struct metrics_endpoint {
    bool enabled = false;
    std::string path = "/metrics";
};

struct streamable_options {
    std::string path = "/mcp";
    std::size_t max_body_bytes = 4 << 20;                                     // larger POST bodies get 413
    bool always_sse = false;                                                  // answer every request with SSE
    std::chrono::milliseconds retry = std::chrono::seconds(1);                // the SSE retry hint
    std::chrono::milliseconds keepalive = std::chrono::seconds(15);           // comment lines on idle streams
    std::chrono::milliseconds max_stream_time = std::chrono::milliseconds(0); // 0: GET streams stay open
    // Sessions shared with other processes (a store they share): how often a request of ours that waits for
    // the client's answer looks for it in the event store (the answer may reach another process), and how
    // often a GET following a stream that another process produces looks for its new events. Each look is one
    // read of that stream's events after the last one seen (on DynamoDB one Query of that key range). While
    // looks find nothing, the wait doubles up to the *_max value; a look that finds something starts again
    // from the first value.
    std::chrono::milliseconds reply_poll = std::chrono::milliseconds(100);
    std::chrono::milliseconds reply_poll_max = std::chrono::seconds(1);
    std::chrono::milliseconds remote_stream_poll = std::chrono::milliseconds(500);
    std::chrono::milliseconds remote_stream_poll_max = std::chrono::seconds(5);
    // How long a GET may follow a stream produced elsewhere before it ends (the client then resumes again).
    std::chrono::milliseconds remote_stream_time = std::chrono::minutes(5);
    origin_policy origins;
    cors_policy cors;
    // How many sessions one client (address, IPv6 /64) may create: more get 429 with Retry-After. Per process.
    creation_limit_options session_creation;
    // How many 2026-07-28 subscriptions/listen streams one client, and the process, hold open (more get 429).
    listen_limits listens;
    std::map<std::string, route_handler> routes; // extra routes by path; "/health" is built in
    metrics_endpoint metrics;                    // off by default
    // Who may use the endpoint (access.hpp): null lets anyone who passes the Origin check. mcp::auth's
    // resource_server makes it an OAuth 2.1 protected resource (docs/auth.md).
    std::shared_ptr<access_policy> access;
    // Whether this handler looks for list changes in the background too (every server_options::
    // list_check_interval, when the state store does not push), besides on requests. Off on Lambda, whose
    // frozen containers look when a request arrives.
    bool background_list_checks = true;
};

class streamable {
public:
    // `executor` runs the sessions' strands: an io_context's executor or a strand of one
    // (std::invalid_argument otherwise, when the first session is made). Null stores mean in-memory ones,
    // storage::open_memory(stores.limits), which are then this handler's own. stores.limits.ttl is also how
    // long a session may stay idle (no request, no open stream) before this process drops it, whatever the
    // store (session_cache.hpp). stores.tasks (a memory one when null) becomes the server's task store unless
    // server_options.tasks.store named one (server::use_task_store); stores.state likewise its state store. Throws std::invalid_argument for a CORS
    // policy that cors_policy_problem() refuses, and when tools require tasks but the server has no task store.
    streamable(server& srv, boost::asio::any_io_executor executor, streamable_options options = {},
               storage::stores stores = {});
    ~streamable();

    // Handles one exchange; safe to call from many connections at once. Suspends while a stream is open.
    task<> handle(request req, response_writer& out);
    // Ends every open stream (graceful shutdown); requests in flight still get their responses.
    void shutdown();
    // Waits (until `until` at most) for what this process still has to store: list changes being told, and
    // messages queued for listening streams. A front door about to be frozen (Lambda, before asking for the next
    // invocation) calls it, or a notification whose claim is stored could be lost with the frozen container.
    task<> settle(std::chrono::steady_clock::time_point until);

    streamable_options const& options() const { return options_; }
    // Sessions this process holds in memory now (for metrics and tests).
    std::size_t live_sessions() const;

private:

    task<> serve(request req, response_writer& out); // handle() without the account (exchange_account.hpp)
    task<> dispatch(request req, response_writer& out, headers base);
    task<> post(request req, response_writer& out, headers base);
    task<> post_in_session(request req, protocol::message msg, response_writer& out, headers base);
    // A 2026-07-28 request (era.hpp): no session, its own scope (streamable_modern.cpp).
    task<> post_modern(request req, protocol::message msg, response_writer& out, headers base);
    // Mcp-Param-* of a tools/call against its arguments (SEP-2243), for the tool the request names.
    std::optional<std::string> tool_header_problem(headers const& h, protocol::request const& r) const;
    // The request's metadata: the client's headers but the reserved names, then the front door's trusted
    // fields; moved out of `req`, whose headers are empty afterwards.
    static request_metadata take_metadata(request& req);
    task<> get(request req, response_writer& out, headers base);
    task<> erase(request req, response_writer& out, headers base);
    task<> initialize(protocol::request r, request const& req, request_metadata meta, response_writer& out,
                      headers base);
    // The live session a request names, or the HTTP error to answer (400, 404, 503).
    task<std::shared_ptr<http_session>> session_for(request const& req, response_writer& out,
                                                    headers const& base);
    // A new session (initialize), or this process's copy of one a store knows.
    std::shared_ptr<http_session> make_session(std::optional<std::string> id);
    // How often a waiting request looks for answers relayed through the stores; 0 when they are this
    // handler's own.
    std::chrono::milliseconds reply_poll() const {
        return cache_.owns_stores() ? std::chrono::milliseconds(0) : options_.reply_poll;
    }

    server& server_;
    boost::asio::any_io_executor executor_;
    streamable_options options_;
    storage::stores stores_; // both set (see the constructor)
    creation_limiter creations_{options_.session_creation};
    listen_slots listens_{options_.listens};
    session_cache cache_;
    std::shared_ptr<void> list_checks_; // the background looks run while it lives
    std::unique_ptr<http::metrics> counters_; // null unless options_.metrics.enabled
};

} // namespace mcp::http
