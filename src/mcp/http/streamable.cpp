// The entry of the Streamable HTTP handler: security checks, routing, DELETE, and the session a request names
// (the sessions held here are session_cache.cpp's).
// POST is in streamable_post.cpp, GET in streamable_get.cpp.
#include <mcp/http/streamable.hpp>

#include <mcp/http/era.hpp>
#include <mcp/http/exchange_account.hpp>
#include <mcp/http/http_session.hpp>
#include <mcp/http/list_announce.hpp>
#include <mcp/http/negotiation.hpp>
#include <mcp/http/store_errors.hpp>
#include <mcp/protocol/version.hpp>
#include <mcp/core/log.hpp>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <stdexcept>

namespace mcp::http {

namespace {

// Null stores are in-memory ones bounded by `stores.limits`.
storage::stores with_memory_defaults(storage::stores stores) {
    if (stores.sessions && stores.events && stores.tasks && stores.state)
        return stores;
    auto memory = storage::open_memory(stores.limits);
    if (!stores.state)
        stores.state = std::move(memory.state);
    if (!stores.tasks)
        stores.tasks = std::move(memory.tasks);
    if (!stores.sessions)
        stores.sessions = std::move(memory.sessions);
    if (!stores.events)
        stores.events = std::move(memory.events);
    return stores;
}

streamable_options checked(streamable_options options) {
    if (auto problem = cors_policy_problem(options.cors))
        throw std::invalid_argument(*problem);
    if (options.metrics.enabled && (!options.metrics.path.starts_with("/") || options.metrics.path == options.path))
        throw std::invalid_argument("the metrics path must start with / and differ from the MCP endpoint's");
    return options;
}

} // namespace

streamable::streamable(server& srv, boost::asio::any_io_executor executor, streamable_options options,
                       storage::stores stores)
    : server_(srv), executor_(std::move(executor)), options_(checked(std::move(options))),
      stores_(with_memory_defaults(stores)),
      // Both null: the default in-memory stores, which nobody else uses.
      cache_(executor_, stores_, !stores.sessions && !stores.events,
             [this](std::string const& id) { return make_session(id); }) {
    server_.use_task_store(stores_.tasks);
    server_.check_task_tools();
    server_.use_state_store(stores_.state, executor_);
    if (options_.background_list_checks)
        list_checks_ = server_.start_list_checks(executor_);
    if (options_.metrics.enabled)
        counters_ = std::make_unique<metrics>();
}

streamable::~streamable() {
    server_.release_task_store(stores_.tasks);
    server_.release_state_store(stores_.state);
}

std::shared_ptr<http_session> streamable::make_session(std::optional<std::string> id) {
    auto s = http_session::create(server_, executor_, stores_.events, std::move(id), reply_poll(),
                                  options_.reply_poll_max);
    s->core()->set_list_announcer([weak = std::weak_ptr(s), sessions = stores_.sessions] {
        return announce_lists(weak, sessions);
    });
    return s;
}

namespace {

task<> health(request const&, response_writer& out) {
    boost::json::object body;
    body["status"] = "ok";
    co_await reply_json(out, 200, body, headers());
}

// The exposition of metrics.hpp; GET only.
// A document of the access policy (protected-resource metadata): public, GET only, with the CORS headers so that
// a browser client can read it.
task<> publish(request const& req, response_writer& out, std::string document, headers base) {
    if (req.method != "GET") {
        base.set("allow", "GET, OPTIONS");
        co_return co_await reply_error(out, 405, error::invalid_request("Method not allowed: " + printable(req.method)),
                                       std::move(base));
    }
    base.set("content-type", "application/json");
    base.set("cache-control", "max-age=3600");
    co_await out.respond(200, std::move(base), std::move(document));
}

task<> serve_metrics(metrics const& counters, std::size_t sessions, request const& req, response_writer& out) {
    if (req.method != "GET") {
        headers allow{{"allow", "GET"}};
        co_return co_await out.respond(405, std::move(allow), "");
    }
    headers h{{"content-type", metrics_content_type}, {"cache-control", "no-store"}};
    co_await out.respond(200, std::move(h), counters.exposition(sessions));
}

} // namespace

// The request line, trace and counters (exchange_account.hpp) of exchanges with the endpoint, when any is on.
task<> streamable::handle(request req, response_writer& out) {
    auto const to = exchange_account::wanted(counters_.get());
    if (!to.any() || path_of(req.target) != options_.path)
        co_return co_await serve(std::move(req), out);
    exchange_account account(req, to);
    observed_writer seen(out, account);
    try {
        co_await serve(std::move(req), seen);
    } catch (...) {
        account.close(true);
        throw;
    }
    account.close();
}

task<> streamable::serve(request req, response_writer& out) {
    auto origin = req.headers.get("origin");
    // 2025-11-25 basic/transports, security: validate Origin (and Host, against DNS rebinding) before
    // anything.
    if (auto refusal = check_origin(options_.origins, origin, req.headers.get("host"))) {
        log::warn("refused {} {} from {}: {}", printable(req.method), printable(req.target),
                  req.remote_address, *refusal);
        co_return co_await reply_error(out, 403, error::invalid_request("Forbidden: " + *refusal), headers());
    }
    headers base = cors_response_headers(options_.cors, origin);
    auto path = path_of(req.target);
    if (auto route = options_.routes.find(std::string(path)); route != options_.routes.end())
        co_return co_await route->second(req, out);
    if (path == "/health" && req.method == "GET")
        co_return co_await health(req, out);
    if (counters_ && path == options_.metrics.path)
        co_return co_await serve_metrics(*counters_, cache_.size(), req, out);
    if (options_.access) {
        if (auto document = options_.access->document(path))
            co_return co_await publish(req, out, std::move(*document), std::move(base));
    }
    if (path != options_.path)
        co_return co_await reply_error(out, 404, error::invalid_request("Not found: " + printable(path)),
                                       base);
    if (req.method == "OPTIONS") {
        // 204 has no body by definition; a front door whose gateway needs a first byte (Lambda response
        // streaming) maps the preflight itself.
        auto requested = req.headers.get("access-control-request-headers");
        co_return co_await out.respond(204, cors_preflight_headers(options_.cors, origin, requested), "");
    }
    co_await dispatch(std::move(req), out, std::move(base));
}

task<> streamable::dispatch(request req, response_writer& out, headers base) {
    if (options_.access) { // before any store is read or any JSON is parsed
        if (auto refusal = co_await options_.access->admit(req))
            co_return co_await reply_refusal(out, std::move(*refusal), std::move(base));
    }
    // 2026-07-28 basic/transports/streamable-http: no GET stream and no session to end.
    if ((req.method == "GET" || req.method == "DELETE") && era_of_stream_request(req.headers) == era::modern) {
        base.set("allow", "POST, OPTIONS");
        co_return co_await reply_error(out, 405,
                                       error::invalid_request("Method not allowed: a 2026-07-28 client sends "
                                                              "each request as a POST (no sessions, no GET "
                                                              "stream)"),
                                       std::move(base));
    }
    if (req.method == "POST" || req.method == "GET")
        co_await server_.refresh_lists_if_due(); // at most one state store read per check interval
    if (req.method == "POST")
        co_return co_await post(std::move(req), out, std::move(base));
    if (req.method == "GET")
        co_return co_await get(std::move(req), out, std::move(base));
    if (req.method == "DELETE")
        co_return co_await erase(std::move(req), out, std::move(base));
    base.set("allow", "GET, POST, DELETE, OPTIONS");
    co_await reply_error(out, 405, error::invalid_request("Method not allowed: " + printable(req.method)),
                         std::move(base));
}

namespace {
error session_not_found() {
    return error::invalid_request("Session not found: it expired, was terminated, or never existed; "
                                  "initialize a new one");
}
} // namespace

task<std::shared_ptr<http_session>> streamable::session_for(request const& req, response_writer& out,
                                                            headers const& base) {
    auto id = req.headers.get("mcp-session-id");
    if (!id || id->empty()) {
        co_await reply_error(
            out, 400, error::invalid_request("Bad Request: the Mcp-Session-Id header is required"), base);
        co_return nullptr;
    }
    // 2025-11-25 basic/transports, protocol version header: absent means 2025-03-26; unsupported is a 400.
    if (auto v = req.headers.get("mcp-protocol-version"); v && !protocol::is_supported_version(*v)) {
        co_await reply_error(
            out, 400,
            error::invalid_request("Bad Request: unsupported MCP-Protocol-Version " + printable(*v)), base);
        co_return nullptr;
    }
    if (!is_session_id(*id)) { // not one of ours: no store is asked about it
        co_await reply_error(out, 404, session_not_found(), base);
        co_return nullptr;
    }
    auto live = co_await cache_.lookup(std::string(*id));
    if (!live) {
        co_await reply_store_error(out, live.error(), "session " + std::string(*id) + ": load", base);
        co_return nullptr;
    }
    // Another principal's session is answered as an unknown one: its id proves nothing about the caller.
    if (!*live || (*live)->principal() != principal_from(req.trusted)) {
        co_await reply_error(out, 404, session_not_found(), base);
        co_return nullptr;
    }
    co_return *live;
}

namespace {
task<> forget_events(std::shared_ptr<storage::event_store> events, std::string id) {
    if (auto done = co_await events->forget(id); !done)
        log::warn("session {}: events not forgotten: {}", id, done.error().message());
}
} // namespace

// 2025-11-25 basic/transports, session management: DELETE ends the session; later use of the id gets 404.
task<> streamable::erase(request req, response_writer& out, headers base) {
    auto s = co_await session_for(req, out, base);
    if (!s)
        co_return;
    auto ended = co_await stores_.sessions->terminate(s->id());
    if (!ended)
        co_return co_await reply_store_error(out, ended.error(), "session " + s->id() + ": terminate", base);
    cache_.erase(s->id());
    co_await forget_events(stores_.events, s->id());
    co_await out.respond(200, std::move(base), "");
}

std::size_t streamable::live_sessions() const {
    return cache_.size();
}

void streamable::shutdown() {
    cache_.shutdown();
    server_.end_listens(); // 2026-07-28 listen streams answer their graceful result, then end
}

task<> streamable::settle(std::chrono::steady_clock::time_point until) {
    boost::asio::steady_timer timer(executor_);
    while ((server_.announcing() || !cache_.quiet()) && std::chrono::steady_clock::now() < until) {
        timer.expires_after(std::chrono::milliseconds(1));
        co_await timer.async_wait(boost::asio::use_awaitable);
    }
}

} // namespace mcp::http
