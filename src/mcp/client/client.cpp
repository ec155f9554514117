// mcp::client: the handshake, requests and their answers, and what the server sends unasked. The typed calls
// are in client_calls.cpp, the answers to the server's requests in client_serve.cpp.
#include <mcp/client/client.hpp>

#include <mcp/core/log.hpp>
#include <mcp/protocol/version.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace mcp {

namespace asio = boost::asio;

struct client::pending {
    explicit pending(asio::any_io_executor ex) : timer(std::move(ex)) {}
    asio::steady_timer timer;
    std::optional<result<boost::json::object>> outcome;
    std::function<void(progress_update const&)> on_progress;
    std::chrono::milliseconds timeout{0};
    bool progress_resets = true;
    bool extended = false; // the timer was moved by a progress notification, not cancelled by the caller
};

namespace {

std::optional<double> number_of(boost::json::object const& o, std::string_view name) {
    auto const* v = o.if_contains(name);
    if (!v || !v->is_number()) return std::nullopt;
    return v->to_number<double>();
}

std::optional<std::string> text_of(boost::json::object const& o, std::string_view name) {
    auto const* v = o.if_contains(name);
    if (!v || !v->is_string()) return std::nullopt;
    return std::string(v->as_string());
}

} // namespace

client::client(asio::any_io_executor ex, std::unique_ptr<transport::connection> conn, client_options o)
    : ex_(std::move(ex)), conn_(std::move(conn)), options_(std::move(o)) {}

client::~client() {
    for (auto& [id, p] : pending_) p->timer.cancel();
}

task<result<protocol::initialize_result>> client::connect() {
    if (!opened_) {
        auto opened = co_await conn_->open(ex_, *this);
        if (!opened) co_return opened.error();
        opened_ = true;
    }
    co_return co_await handshake();
}

task<result<protocol::initialize_result>> client::handshake() {
    ++session_generation_;
    boost::json::object params{{"protocolVersion", options_.protocol_version},
                               {"capabilities", capabilities()},
                               {"clientInfo", protocol::to_json(options_.info)}};
    request_options const options;
    auto answer = co_await exchange("initialize", std::move(params), options);
    if (!answer) co_return answer.error();
    auto init = protocol::read_initialize_result(*answer);
    if (!init) co_return error(client_code::bad_result, "the server's initialize result: " + init.error().message());
    if (!protocol::is_supported_version(init->protocol_version))
        co_return error(client_code::version_refused, "the server speaks MCP " + init->protocol_version +
                                                          ", which this client does not (it asked for " +
                                                          options_.protocol_version + ")");
    server_ = std::move(*init);
    session_lost_ = false;
    conn_->initialized(server_.protocol_version);
    auto ready = protocol::make_notification("notifications/initialized", {});
    auto told = co_await conn_->send(std::move(ready));
    if (!told) co_return told.error();
    // The listening stream opens after the server knows we are ready (HTTP), before any call that may need it.
    co_await conn_->start_listening();
    co_return server_;
}

boost::json::object client::capabilities() const {
    boost::json::object caps = options_.extra_capabilities;
    if (sampling_) caps["sampling"] = boost::json::object{};
    if (elicitation_) caps["elicitation"] = boost::json::object{{"form", boost::json::object{}}, {"url", boost::json::object{}}};
    if (roots_) caps["roots"] = boost::json::object{{"listChanged", true}};
    return caps;
}

bool client::server_can(std::string_view capability) const {
    return server_.capabilities.contains(capability);
}

task<result<boost::json::object>> client::request(std::string method, boost::json::object params,
                                                  request_options options) {
    if (!opened_ && method != "initialize")
        co_return error(client_code::not_connected, "call connect() before " + method);
    // A session lost earlier and not renewed then (the new one was lost at once too) is renewed first.
    if (session_lost_) {
        auto renewed = co_await handshake();
        if (!renewed) co_return renewed.error();
    }
    auto generation = session_generation_;
    auto answer = co_await exchange(method, params, options);
    if (answer || answer.error().code() != transport::code::session_expired) co_return answer;
    // 2025-11-25 basic/transports, session management: a 404 on our session means it is gone; start a new one
    // and send the request again, once.
    session_lost_ = true;
    if (generation == session_generation_) {
        log::info("mcp client: {} says the session ended; starting a new one", conn_->describe());
        auto renewed = co_await handshake();
        if (!renewed) co_return renewed.error();
    }
    answer = co_await exchange(std::move(method), std::move(params), options);
    if (!answer && answer.error().code() == transport::code::session_expired) session_lost_ = true;
    co_return answer;
}

task<result<boost::json::object>> client::exchange(std::string method, boost::json::object params,
                                                   request_options const& options) {
    if (closed_) co_return error(client_code::closed, "the client is closed");
    auto id = next_id_++;
    auto p = std::make_shared<pending>(ex_);
    p->timeout = options.timeout.value_or(options_.request_timeout);
    p->progress_resets = options.progress_resets_timeout;
    if (options.on_progress) {
        p->on_progress = options.on_progress;
        boost::json::object meta;
        if (auto const* m = params.if_contains("_meta"); m && m->is_object()) meta = m->as_object();
        meta["progressToken"] = id;
        params["_meta"] = std::move(meta);
    }
    p->timer.expires_after(p->timeout);
    pending_.emplace(id, p);
    // The delivery runs beside the wait, so the timeout and the caller's cancellation also cover a POST whose
    // answer is slow to come. A delivery given up on goes on (its answer is dropped): the server, told with
    // notifications/cancelled, ends it.
    asio::co_spawn(ex_, deliver(p, protocol::make_request(id, method, std::move(params))), asio::detached);
    // The answer may already be here. A progress notification moves the timer (extended), which also ends the
    // wait: wait again then.
    while (!p->outcome) {
        auto [ec] = co_await p->timer.async_wait(asio::as_tuple(asio::use_awaitable));
        if (p->outcome || !ec || !std::exchange(p->extended, false)) break;
    }
    pending_.erase(id);
    if (p->outcome) co_return std::move(*p->outcome);
    remember_abandoned(id);
    bool cancelled = p->timer.expiry() > std::chrono::steady_clock::now();
    std::string reason = cancelled ? "the caller cancelled " + method
                                   : method + " got no answer within " + std::to_string(p->timeout.count()) + " ms";
    // 2025-11-25 basic/utilities/cancellation: tell the server to stop working on it.
    auto cancel = protocol::make_notification("notifications/cancelled", {{"requestId", id}, {"reason", reason}});
    asio::co_spawn(ex_, deliver(nullptr, std::move(cancel)), asio::detached);
    co_return error(cancelled ? client_code::cancelled : protocol::code::request_timeout, reason);
}

// Sends one message; for a request (`p` set), a failure to deliver it is its answer.
task<> client::deliver(std::shared_ptr<pending> p, boost::json::object message) {
    struct counted {
        int& n;
        explicit counted(int& count) : n(++count) {}
        ~counted() { --n; }
    } under_way(deliveries_);
    auto sent = co_await conn_->send(std::move(message));
    if (sent || !p || p->outcome) co_return;
    p->outcome = sent.error();
    p->timer.cancel();
}

void client::remember_abandoned(std::int64_t id) {
    abandoned_.push_back(id);
    if (abandoned_.size() > 64) abandoned_.pop_front();
}

task<result<>> client::notify(std::string method, boost::json::object params) {
    if (closed_) co_return error(client_code::closed, "the client is closed");
    auto message = protocol::make_notification(method, std::move(params));
    co_return co_await conn_->send(std::move(message));
}

void client::on_message(boost::json::object message) {
    auto parsed = protocol::parse_message(boost::json::value(std::move(message)));
    if (!parsed) return problem("a message that is not JSON-RPC: " + parsed.error().message());
    if (auto* r = std::get_if<protocol::response>(&*parsed)) {
        if (!r->result.is_object())
            return on_answer(r->id, error(client_code::bad_result, "the result is not a JSON object"));
        return on_answer(r->id, std::move(r->result.as_object()));
    }
    if (auto* e = std::get_if<protocol::error_response>(&*parsed)) {
        if (!e->id) return problem("an error response without an id: " + e->err.message());
        return on_answer(*e->id, e->err);
    }
    if (auto* n = std::get_if<protocol::notification>(&*parsed)) return on_server_notification(n->method, n->params);
    serve(std::move(std::get<protocol::request>(*parsed)));
}

void client::on_answer(protocol::request_id const& id, result<boost::json::object> outcome) {
    auto const* number = std::get_if<std::int64_t>(&id);
    auto it = number ? pending_.find(*number) : pending_.end();
    if (it == pending_.end()) {
        // An answer to a request we gave up on (timed out, cancelled) may still come: not worth a warning.
        if (number && std::find(abandoned_.begin(), abandoned_.end(), *number) != abandoned_.end()) return;
        return problem("an answer to request " + protocol::to_string(id) + ", which is not waiting");
    }
    it->second->outcome = std::move(outcome);
    it->second->timer.cancel();
}

void client::on_progress(boost::json::object const& params) {
    auto const* token = params.if_contains("progressToken");
    if (!token || !token->is_int64()) return;
    auto it = pending_.find(token->as_int64());
    if (it == pending_.end() || it->second->outcome) return;
    auto& p = *it->second;
    if (p.progress_resets) {
        p.extended = true;
        p.timer.expires_after(p.timeout);
    }
    if (p.on_progress)
        p.on_progress({number_of(params, "progress").value_or(0), number_of(params, "total"),
                       text_of(params, "message")});
}

void client::on_garbage(std::string what) {
    problem(std::move(what));
}

void client::on_closed(std::string reason) {
    log::debug("mcp client: {} closed: {}", conn_->describe(), reason);
    finish_all(error(client_code::closed, "the connection to " + conn_->describe() + " ended: " + reason));
}

void client::finish_all(error const& why) {
    for (auto& [id, p] : pending_) {
        if (p->outcome) continue;
        p->outcome = why;
        p->timer.cancel();
    }
}

void client::problem(std::string const& what) {
    if (on_problem_) return on_problem_(what);
    log::warn("mcp client: {}: {}", conn_->describe(), what);
}

task<> client::close() {
    if (closed_) co_return;
    closed_ = true;
    finish_all(error(client_code::closed, "the client was closed"));
    if (!opened_) co_return;
    co_await conn_->close();
    // Deliveries still under way end with the connection; none may outlive the client.
    asio::steady_timer poll(ex_);
    for (int i = 0; deliveries_ > 0 && i < 500; ++i) {
        poll.expires_after(std::chrono::milliseconds(10));
        co_await poll.async_wait(asio::as_tuple(asio::use_awaitable));
    }
}

} // namespace mcp
