#include <mcp/server/session.hpp>

#include <mcp/core/log.hpp>
#include <mcp/server/methods.hpp>
#include <mcp/server/server.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace mcp {

namespace asio = boost::asio;

struct session::pending_answer {
    explicit pending_answer(asio::any_io_executor ex) : timer(std::move(ex)) {}
    asio::steady_timer timer;
    std::optional<result<boost::json::object>> outcome;
};

session::session(mcp::server& srv, asio::any_io_executor strand, std::shared_ptr<outbound> out,
                 std::string id)
    : server_(srv), strand_(std::move(strand)), out_(std::move(out)), id_(std::move(id)) {
    state_.observe([this](std::string const& key, std::optional<boost::json::value> const& value) {
        using k = session_change::kind;
        record(value ? session_change{k::state_set, key, *value} : session_change{k::state_erased, key, {}});
    });
}

namespace {
// Above every level a message can have: a modern request without logLevel receives no log (2026-07-28
// server/utilities/logging).
constexpr int no_logs = static_cast<int>(log_level::emergency) + 1;
} // namespace

session::session(mcp::server& srv, asio::any_io_executor strand, std::shared_ptr<outbound> out, std::string id,
                 protocol::request_envelope envelope)
    : server_(srv), strand_(std::move(strand)), out_(std::move(out)), id_(std::move(id)), modern_(true),
      phase_(phase::operational), version_(std::move(envelope.version)),
      client_info_(envelope.client_info.value_or(protocol::implementation{})),
      client_capabilities_(std::move(envelope.client_capabilities)),
      log_level_(envelope.level ? static_cast<int>(*envelope.level) : no_logs) {}

void session::start(std::string version, protocol::implementation client, boost::json::object capabilities) {
    boost::json::object started{{"protocolVersion", version},
                                {"clientInfo", protocol::to_json(client)},
                                {"capabilities", capabilities}};
    {
        std::lock_guard lock(durable_mutex_);
        version_ = std::move(version);
        client_info_ = std::move(client);
        client_capabilities_ = std::move(capabilities);
    }
    phase_.store(phase::initializing);
    record({session_change::kind::started, {}, std::move(started)});
}

void session::set_log_level(log_level level) {
    log_level_.store(static_cast<int>(level));
    record({session_change::kind::log_level, std::string(protocol::to_string(level)), {}});
}

void session::record(session_change c) {
    if (modern_)
        return; // a request's scope keeps nothing past the request
    std::lock_guard lock(durable_mutex_);
    journal_.push_back(std::move(c));
}

std::vector<session_change> session::take_changes() {
    std::lock_guard lock(durable_mutex_);
    return std::exchange(journal_, {});
}

bool session::has_changes() const {
    std::lock_guard lock(durable_mutex_);
    return !journal_.empty();
}

durable_session session::durable() const {
    durable_session d;
    {
        std::lock_guard lock(durable_mutex_);
        d.protocol_version = version_;
        d.client_info = protocol::to_json(client_info_).as_object();
        d.client_capabilities = client_capabilities_;
    }
    d.operational = operational();
    d.level = static_cast<log_level>(log_level_.load());
    {
        std::lock_guard lock(subscriptions_mutex_);
        d.subscriptions.assign(subscriptions_.begin(), subscriptions_.end());
    }
    d.state = state_.snapshot();
    std::lock_guard lock(durable_mutex_);
    d.lists_seen = lists_seen_;
    return d;
}

void session::restore(durable_session const& stored) {
    durable_session merged = stored;
    {
        std::lock_guard lock(durable_mutex_);
        for (auto const& c : journal_)
            apply(merged, c); // ours are newer than the store's copy
    }
    adopt(merged);
}

void session::adopt(durable_session const& d) {
    {
        std::lock_guard lock(durable_mutex_);
        version_ = d.protocol_version;
        client_info_ = protocol::implementation_from_json(d.client_info).value_or(protocol::implementation{});
        client_capabilities_ = d.client_capabilities;
        lists_seen_ = d.lists_seen;
    }
    if (!d.protocol_version.empty())
        phase_.store(d.operational ? phase::operational : phase::initializing);
    log_level_.store(static_cast<int>(d.level));
    {
        std::lock_guard lock(subscriptions_mutex_);
        subscriptions_ = {d.subscriptions.begin(), d.subscriptions.end()};
    }
    state_.replace_all(d.state);
}

namespace {

task<std::optional<boost::json::object>> no_answer() {
    co_return std::nullopt;
}

} // namespace

// Not a coroutine itself: a request's answer is on_request's, one frame fewer on every call.
task<std::optional<boost::json::object>> session::handle(protocol::message msg, request_metadata metadata) {
    if (auto* req = std::get_if<protocol::request>(&msg))
        return on_request(std::move(*req), std::move(metadata));
    take_message(msg);
    return no_answer();
}

void session::take_message(protocol::message& msg) {
    if (auto* n = std::get_if<protocol::notification>(&msg)) {
        on_notification(*n);
    } else if (auto* r = std::get_if<protocol::response>(&msg)) {
        if (r->result.is_object())
            on_answer(r->id, std::move(r->result.as_object()));
        else
            on_answer(r->id, error::invalid_params("The client's result is not an object"));
    } else if (auto* e = std::get_if<protocol::error_response>(&msg)) {
        if (e->id)
            on_answer(*e->id, e->err);
        else
            log::warn("session {}: client error without an id: {}", id_, e->err.message());
    }
}

// Runs the request in its own coroutine so that notifications/cancelled can stop it (2025-11-25
// basic/utilities/cancellation); a cancelled request gets no reply. Exceptions are bugs: -32603, details
// logged.
task<std::optional<boost::json::object>> session::on_request(protocol::request req,
                                                             request_metadata metadata) {
    auto key = protocol::to_string(req.id);
    if (inflight_.contains(key))
        co_return protocol::make_error_response(
            req.id,
            error::invalid_request("Request id " + key + " is already in use by a request in progress"));
    auto signal = std::make_shared<asio::cancellation_signal>();
    inflight_.emplace(key, signal);
    auto id = req.id;
    auto method = req.method;
    auto [failure, reply] = co_await asio::co_spawn(
        strand_, dispatch(std::move(req), std::move(metadata)),
        asio::bind_cancellation_slot(signal->slot(), asio::as_tuple(asio::use_awaitable)));
    auto it = inflight_.find(key);
    bool cancelled = it == inflight_.end() || it->second != signal;
    if (!cancelled)
        inflight_.erase(it);
    // A front door without an announcer (stdio, in-process): the request may have changed what it sees.
    if (!announcer_ && !modern_)
        co_await announce_lists();
    if (cancelled)
        co_return std::nullopt;
    if (failure) {
        try {
            std::rethrow_exception(failure);
        } catch (std::exception const& e) {
            log::error("session {}: {} (id {}) threw: {}", id_, method, key, e.what());
        } catch (...) {
            log::error("session {}: {} (id {}) threw a non-standard exception", id_, method, key);
        }
        co_return protocol::make_error_response(id, error::internal());
    }
    co_return std::move(reply);
}

task<boost::json::object> session::dispatch(protocol::request req, request_metadata metadata) {
    auto self = shared_from_this(); // the session lives as long as a request runs
    if (modern_)
        co_return co_await dispatch_modern(std::move(req), std::move(metadata));
    auto outcome = co_await detail::run_method(*this, req, metadata);
    if (outcome)
        co_return protocol::make_response(req.id, std::move(*outcome));
    co_return protocol::make_error_response(req.id, outcome.error());
}

void session::on_notification(protocol::notification const& n) {
    if (n.method == "notifications/initialized") {
        auto expected = phase::initializing;
        if (phase_.compare_exchange_strong(expected, phase::operational)) {
            record({session_change::kind::operational, {}, {}});
            mark_lists_seen(unseen_lists()); // the client lists what it needs now: nothing to tell it
        }
    } else if (n.method == "notifications/cancelled") {
        cancel_inflight(n.params);
    } else {
        log::debug("session {}: ignored notification {}", id_, n.method);
    }
}

void session::cancel_inflight(boost::json::object const& params) {
    auto const* raw = params.if_contains("requestId");
    auto id = raw ? protocol::id_from_json(*raw) : std::nullopt;
    if (!id)
        return; // 2025-11-25: invalid cancellation notifications are ignored
    auto it = inflight_.find(protocol::to_string(*id));
    if (it == inflight_.end())
        return; // already finished, or unknown: ignored
    auto signal = it->second;
    inflight_.erase(it);
    signal->emit(asio::cancellation_type::terminal);
}

void session::cancel_all() {
    auto running = std::move(inflight_);
    inflight_.clear();
    for (auto& [key, signal] : running)
        signal->emit(asio::cancellation_type::terminal);
}

bool session::awaits(protocol::request_id const& id) const {
    auto const* n = std::get_if<std::int64_t>(&id);
    return n && pending_.contains(*n);
}

void session::on_answer(protocol::request_id const& id, result<boost::json::object> outcome) {
    auto const* n = std::get_if<std::int64_t>(&id);
    auto it = n ? pending_.find(*n) : pending_.end();
    if (it == pending_.end()) {
        log::debug("session {}: answer to unknown request {}", id_, protocol::to_string(id));
        return;
    }
    it->second->outcome = std::move(outcome);
    it->second->timer.cancel();
}

void session::notify(std::string_view method, boost::json::object params,
                     std::optional<protocol::request_id> const& related) {
    if (listen_ && !detail::tag_for_listen(*listen_, method, params))
        return; // a listen stream carries only what it opted into
    out_->send(protocol::make_notification(method, std::move(params)), related);
}

task<result<boost::json::object>> session::request(std::string method, boost::json::object params,
                                                   std::optional<protocol::request_id> related,
                                                   std::chrono::milliseconds timeout) {
    auto id = next_request_id_.fetch_add(1);
    auto waiter = std::make_shared<pending_answer>(strand_);
    waiter->timer.expires_after(timeout);
    pending_.emplace(id, waiter);
    out_->send(protocol::make_request(id, method, std::move(params)), related);
    auto [ec] = co_await waiter->timer.async_wait(asio::as_tuple(asio::use_awaitable));
    pending_.erase(id);
    if (waiter->outcome)
        co_return std::move(*waiter->outcome);
    bool timed_out = !ec;
    std::string reason = timed_out
                             ? method + " got no answer within " + std::to_string(timeout.count()) + " ms"
                             : "the request that sent " + method + " was cancelled";
    // 2025-11-25 basic/lifecycle, timeouts: tell the client to stop working on it.
    notify("notifications/cancelled", {{"requestId", id}, {"reason", reason}}, related);
    co_return error(timed_out ? protocol::code::request_timeout : protocol::code::internal_error, reason);
}

void session::subscribe(std::string uri) {
    {
        std::lock_guard lock(subscriptions_mutex_);
        subscriptions_.insert(uri);
    }
    record({session_change::kind::subscribed, std::move(uri), {}});
}

void session::unsubscribe(std::string_view uri) {
    {
        std::lock_guard lock(subscriptions_mutex_);
        if (auto it = subscriptions_.find(uri); it != subscriptions_.end())
            subscriptions_.erase(it);
    }
    record({session_change::kind::unsubscribed, std::string(uri), {}});
}

std::size_t session::subscription_count() const {
    std::lock_guard lock(subscriptions_mutex_);
    return subscriptions_.size();
}

bool session::subscribed(std::string_view uri) const {
    std::lock_guard lock(subscriptions_mutex_);
    return subscriptions_.contains(uri);
}

} // namespace mcp
