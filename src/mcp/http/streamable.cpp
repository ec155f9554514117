// The entry of the Streamable HTTP handler: security checks, routing, DELETE and session lookup.
// POST is in streamable_post.cpp, GET in streamable_get.cpp.
#include <mcp/http/streamable.hpp>

#include <mcp/http/durable_record.hpp>
#include <mcp/http/http_session.hpp>
#include <mcp/http/negotiation.hpp>
#include <mcp/http/store_errors.hpp>
#include <mcp/protocol/version.hpp>
#include <mcp/core/log.hpp>

#include <algorithm>
#include <stdexcept>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace mcp::http {

streamable::streamable(server& srv, boost::asio::any_io_executor executor, streamable_options options,
                       std::shared_ptr<storage::session_store> sessions,
                       std::shared_ptr<storage::event_store> events)
    : server_(srv), executor_(std::move(executor)), options_(std::move(options)),
      owns_stores_(!sessions && !events), // before the stores below move the arguments out
      sessions_(sessions ? std::move(sessions)
                         : std::make_shared<storage::memory_session_store>(options_.memory_sessions)),
      events_(events ? std::move(events)
                     : std::make_shared<storage::memory_event_store>(options_.memory_events)) {
    if (auto problem = cors_policy_problem(options_.cors))
        throw std::invalid_argument(*problem);
    if (owns_stores_)
        own_sessions_ = static_cast<storage::memory_session_store*>(sessions_.get());
    boost::asio::co_spawn(executor_,
                          sweep(live_, sessions_, events_, options_.memory_sessions.ttl, owns_stores_),
                          boost::asio::detached);
}

streamable::~streamable() = default;

namespace {

// Stops what a session still runs and ends its streams, on its strand. `forgotten`: the session ended in the
// store too (its events are forgotten), not only dropped from this process.
void end_session(std::shared_ptr<http_session> s, bool forgotten) {
    auto strand = s->strand();
    boost::asio::post(strand, [s = std::move(s), forgotten] {
        if (forgotten)
            s->stop_storing();
        s->core()->cancel_all();
        s->close_all();
    });
}

} // namespace

// Drops sessions idle longer than `idle_limit` from this process; a session whose client holds a stream open
// counts as active (its record's TTL is refreshed). The session ends in the store too when the store is this
// process's own; a shared store keeps it (another process may be serving it, and the store's TTL expires it).
// Ends when the handler is gone.
task<> sweep(std::weak_ptr<streamable::session_table> table, std::shared_ptr<storage::session_store> store,
             std::shared_ptr<storage::event_store> events, std::chrono::milliseconds idle_limit,
             bool owns_stores) {
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
    auto every = std::clamp<std::chrono::milliseconds>(idle_limit / 4, std::chrono::milliseconds(10),
                                                       std::chrono::seconds(60));
    for (;;) {
        timer.expires_after(every);
        auto [ec] = co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
        auto t = table.lock();
        if (ec || !t)
            co_return;
        std::vector<std::shared_ptr<http_session>> idle, listening;
        {
            std::lock_guard lock(t->mutex);
            for (auto it = t->sessions.begin(); it != t->sessions.end();) {
                auto& s = it->second;
                if (s->streaming())
                    listening.push_back(s);
                if (s->streaming() || s->idle_for() < idle_limit) {
                    ++it;
                    continue;
                }
                idle.push_back(std::move(s));
                it = t->sessions.erase(it);
            }
        }
        for (auto& s : listening)
            co_await store->load(s->id()); // refreshes the TTL
        for (auto& s : idle) {
            log::debug("session {}: idle for too long; dropped from this process", s->id());
            if (owns_stores) {
                co_await store->terminate(s->id());
                co_await events->forget(s->id());
            }
            end_session(s, owns_stores);
        }
    }
}

namespace {

task<> health(request const&, response_writer& out) {
    boost::json::object body;
    body["status"] = "ok";
    co_await reply_json(out, 200, body, headers());
}

} // namespace

task<> streamable::handle(request req, response_writer& out) {
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
    if (path != options_.path)
        co_return co_await reply_error(out, 404, error::invalid_request("Not found: " + printable(path)),
                                       base);
    if (req.method == "OPTIONS") {
        // 204 has no body by definition; a front door whose gateway needs a first byte (Lambda response
        // streaming) maps the preflight itself.
        co_return co_await out.respond(204, cors_preflight_headers(options_.cors, origin), "");
    }
    co_await dispatch(std::move(req), out, std::move(base));
}

task<> streamable::dispatch(request req, response_writer& out, headers base) {
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
    if (auto owned = owned_session(std::string(*id))) {
        owned->touch();
        co_return owned;
    }
    auto record = co_await sessions_->load(std::string(*id));
    if (!record) {
        co_await reply_store_error(out, record.error(), "session " + std::string(*id) + ": load", base);
        co_return nullptr;
    }
    std::shared_ptr<http_session> live;
    if (*record) {
        live = co_await live_session(**record);
    } else {
        forget(std::string(*id));
    }
    if (live)
        live->touch();
    if (!live)
        co_await reply_error(out, 404, session_not_found(), base);
    co_return live;
}

std::shared_ptr<http_session> streamable::owned_session(std::string const& id) {
    if (!own_sessions_)
        return nullptr;
    auto revision = own_sessions_->touch(id);
    if (!revision)
        return nullptr; // load() says so too, and the caller answers 404
    std::lock_guard lock(live_->mutex);
    auto it = live_->sessions.find(id);
    if (it == live_->sessions.end() || it->second->synced_revision() != *revision)
        return nullptr;
    return it->second;
}

namespace {
task<> sync(std::shared_ptr<http_session> s, durable_session d, std::int64_t revision) {
    s->core()->restore(d);
    s->set_synced_revision(revision);
    co_return;
}
} // namespace

// The session on this process: rebuilt from the record when another process (or this one before a restart)
// created it, brought up to date when another process changed it since.
task<std::shared_ptr<http_session>> streamable::live_session(storage::session_record const& record) {
    std::shared_ptr<http_session> s;
    {
        std::lock_guard lock(live_->mutex);
        if (auto it = live_->sessions.find(record.id); it != live_->sessions.end())
            s = it->second;
    }
    if (s) {
        if (record.revision != s->synced_revision())
            co_await on_strand(s->strand(), sync(s, durable_of(record), record.revision));
        co_return s;
    }
    s = http_session::create(server_, executor_, events_, record.id, reply_poll(), options_.reply_poll_max);
    s->core()->restore(durable_of(record)); // not shared yet: no strand needed
    s->set_synced_revision(record.revision);
    std::lock_guard lock(live_->mutex);
    co_return live_->sessions.emplace(record.id, s).first->second; // a concurrent rebuild may have won
}

void streamable::forget(std::string const& id) {
    std::shared_ptr<http_session> gone;
    {
        std::lock_guard lock(live_->mutex);
        auto it = live_->sessions.find(id);
        if (it == live_->sessions.end())
            return;
        gone = std::move(it->second);
        live_->sessions.erase(it);
    }
    end_session(gone, true);
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
    auto ended = co_await sessions_->terminate(s->id());
    if (!ended)
        co_return co_await reply_store_error(out, ended.error(), "session " + s->id() + ": terminate", base);
    forget(s->id());
    co_await forget_events(events_, s->id());
    co_await out.respond(200, std::move(base), "");
}

std::size_t streamable::live_sessions() const {
    std::lock_guard lock(live_->mutex);
    return live_->sessions.size();
}

void streamable::shutdown() {
    std::lock_guard lock(live_->mutex);
    for (auto const& entry : live_->sessions) {
        auto s = entry.second;
        boost::asio::post(s->strand(), [s] { s->close_standalone(); });
    }
}

} // namespace mcp::http
