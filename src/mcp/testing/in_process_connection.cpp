// The in-process transport (in_process_connection.hpp): requests built as a Streamable HTTP client sends them,
// and a response writer that turns the handler's answers into messages for the receiver.
#include <mcp/testing/in_process_connection.hpp>

#include <mcp/client/http_answers.hpp>
#include <mcp/core/log.hpp>
#include <mcp/http/sse.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/channel.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <set>

namespace mcp::testing {

namespace asio = boost::asio;
namespace code = transport::code;

namespace detail {

// What the connection, its exchanges and its listening loop share: held by shared_ptr, so an exchange still
// running after close() (or after the connection is gone) touches nothing freed; once `closing` is set nobody
// is called.
struct exchange_state {
    http::streamable* handler = nullptr;
    in_process_connection_options options;
    asio::any_io_executor ex;
    transport::receiver* receiver = nullptr;
    std::optional<std::string> session_id;
    std::optional<std::string> version;
    std::optional<std::string> listening_session; // the session the listening loop serves, while it runs
    bool closing = false;
    std::size_t in_flight = 0;
    std::set<asio::steady_timer*> waits; // the listening loop's pauses, cancelled by close()

    void deliver(boost::json::object message) {
        if (closing || !receiver) return;
        if (options.observe) options.observe(message);
        receiver->on_message(std::move(message));
    }
    void garbage(std::string what) {
        if (!closing && receiver) receiver->on_garbage(std::move(what));
    }
    void fail_request(boost::json::value const& id, int c, std::string message) {
        deliver({{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", c}, {"message", std::move(message)}}}});
    }

    // A request as a Streamable HTTP client sends it (2025-11-25 basic/transports): the session and the
    // negotiated version after initialize, the user's headers, a loopback Host (the handler checks it).
    http::request make_request(std::string method, bool with_session) const {
        http::request req;
        req.method = std::move(method);
        req.target = handler->options().path;
        req.headers.add("host", "127.0.0.1");
        if (with_session && session_id) req.headers.add("mcp-session-id", *session_id);
        if (with_session && version) req.headers.add("mcp-protocol-version", *version);
        for (auto const& [name, value] : options.headers) req.headers.add(name, value);
        req.remote_address = options.remote_address;
        req.trusted = options.trusted;
        return req;
    }
};

} // namespace detail

namespace {

using state_ptr = std::shared_ptr<detail::exchange_state>;

// What an exchange carries: a message of the client (its POST), initialize (which makes the session), or
// a GET or DELETE (whose 404 says nothing about the next request: that one learns it).
enum class role { message, initialize, other };

// The response writer of one exchange. The handler writes; the connection's send() (or the listening loop)
// waits until the answer's status is known (ready), then reads `outcome`.
class exchange_reader final : public http::response_writer {
public:
    exchange_reader(state_ptr s, boost::json::value awaited, role r)
        : s_(std::move(s)), awaited_(std::move(awaited)), role_(r), ready_(s_->ex, 1) {}

    task<> respond(int status, http::headers h, std::string body) override {
        head(status, std::move(h));
        body_ = std::move(body);
        settle();
        co_return;
    }

    task<> start(int status, http::headers h) override {
        head(status, std::move(h));
        // An SSE stream with a success status: the events follow. Anything else is read whole (finish()).
        if (sse_ && status_ / 100 == 2) decide(result<>{});
        co_return;
    }

    task<bool> write(std::string bytes) override {
        if (client_gone()) co_return false;
        if (!sse_ || status_ / 100 != 2) {
            body_ += bytes;
            co_return true;
        }
        parser_.feed(bytes);
        while (auto e = parser_.next()) take(std::move(*e));
        co_return true;
    }

    task<> finish() override {
        if (!decided_)
            settle();
        else if (sse_ && !awaited_.is_null() && !answered_ && !s_->closing)
            s_->fail_request(awaited_, code::unreachable, "the server's stream ended before the answer");
        co_return;
    }

    bool client_gone() const override { return s_->closing; }

    // The handler's exchange ended (or threw) without an answer: the wait ends too.
    void ended() {
        if (!decided_) decide(error(code::unreachable, "the handler ended the exchange without an answer"));
    }

    // Suspends until the status is known; then what it means for the message sent.
    task<result<>> outcome() {
        if (!decided_) (void)co_await ready_.async_receive(asio::as_tuple(asio::use_awaitable));
        co_return outcome_;
    }

    int status() const { return status_; }
    bool streaming() const { return sse_ && status_ == 200; }
    std::optional<std::string> const& last_event_id() const { return parser_.last_event_id(); }
    std::optional<std::uint32_t> retry_ms() const { return retry_ms_; }

private:
    void head(int status, http::headers h) {
        status_ = status;
        sse_ = transport::has_media_type(h.get("content-type"), "text/event-stream");
        if (role_ == role::initialize && status / 100 == 2)
            if (auto sid = h.get("mcp-session-id")) s_->session_id = std::string(*sid);
        headers_ = std::move(h);
    }

    void decide(result<> r) {
        if (decided_) return;
        decided_ = true;
        outcome_ = std::move(r);
        ready_.try_send(boost::system::error_code{});
    }

    // A whole answer (respond(), or a stream that is not an SSE success): what it means.
    void settle() {
        if (status_ == 404 && s_->session_id && role_ == role::message) {
            s_->session_id.reset();
            return decide(error(code::session_expired, "the server no longer knows our session (HTTP 404)"));
        }
        if (status_ / 100 != 2) return decide(transport::status_error(static_cast<unsigned>(status_), body_));
        if (awaited_.is_null() && !sse_) return decide(result<>{}); // 202 for a notification or response
        if (sse_) {
            decide(result<>{});
            parser_.feed(body_);
            while (auto e = parser_.next()) take(std::move(*e));
            if (!awaited_.is_null() && !answered_ && !s_->closing)
                s_->fail_request(awaited_, code::unreachable, "the server's stream ended before the answer");
            return;
        }
        if (!transport::has_media_type(headers_.get("content-type"), "application/json"))
            return decide(error(code::bad_answer, "the server answered a request with HTTP " +
                                                      std::to_string(status_) + " and content type \"" +
                                                      std::string(headers_.get("content-type").value_or("")) +
                                                      "\", neither application/json nor text/event-stream"));
        boost::system::error_code ec;
        auto v = boost::json::parse(body_, ec);
        if (ec || !v.is_object())
            return decide(error(code::bad_answer, "the server's answer is not a JSON object: " + body_.substr(0, 200)));
        decide(result<>{});
        s_->deliver(std::move(v.as_object()));
    }

    void take(http::sse::event e) {
        if (e.retry_ms) retry_ms_ = e.retry_ms;
        if (e.data.empty()) return; // a priming event
        boost::system::error_code ec;
        auto v = boost::json::parse(e.data, ec);
        if (ec || !v.is_object()) return s_->garbage("an SSE event that is not a JSON object: " + e.data.substr(0, 120));
        auto const& m = v.as_object();
        if (!awaited_.is_null() && !m.contains("method") && m.contains("id") && m.at("id") == awaited_)
            answered_ = true;
        s_->deliver(std::move(v.as_object()));
    }

    state_ptr s_;
    boost::json::value awaited_; // the id of the request this exchange answers; null for others
    role role_;
    asio::experimental::channel<void(boost::system::error_code)> ready_;
    int status_ = 0;
    http::headers headers_;
    std::string body_;
    bool sse_ = false;
    bool decided_ = false;
    bool answered_ = false;
    result<> outcome_;
    http::sse::parser parser_;
    std::optional<std::uint32_t> retry_ms_;
};

// Runs one exchange to its end, counted in `in_flight` (the owner waits for none before the handler goes).
// This is the connection loop of this front door: an exception ends the exchange, logged.
task<> run_exchange(state_ptr s, http::request req, std::shared_ptr<exchange_reader> reader) {
    ++s->in_flight;
    auto const method = req.method;
    try {
        co_await s->handler->handle(std::move(req), *reader);
    } catch (std::exception const& e) {
        log::error("mcp::testing in-process exchange: {} threw: {}", method, e.what());
    }
    reader->ended();
    --s->in_flight;
}

// Sleeps `delay` unless close() comes first (then false).
task<bool> pause(state_ptr s, std::chrono::milliseconds delay) {
    asio::steady_timer timer(s->ex, delay);
    s->waits.insert(&timer);
    auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    s->waits.erase(&timer);
    co_return !ec && !s->closing;
}

http::request listen_request(detail::exchange_state const& s, std::optional<std::string> const& last_id) {
    auto req = s.make_request("GET", true);
    req.headers.add("accept", "text/event-stream");
    if (last_id) req.headers.add("last-event-id", *last_id);
    return req;
}

// The listening stream of one session: the GET `first` answers, then, each time the server ends the stream,
// another with Last-Event-ID after the server's retry, until close(), a new session, or a refusal (405: no
// listening stream; 404: the session is gone, the next request learns it).
task<> listen(state_ptr s, http::request req, std::shared_ptr<exchange_reader> first) {
    ++s->in_flight;
    auto const session = s->session_id;
    std::optional<std::string> last_id;
    for (auto reader = std::move(first);;) {
        co_await run_exchange(s, std::move(req), reader);
        if (reader->last_event_id()) last_id = reader->last_event_id();
        if (!reader->streaming() || s->closing || s->session_id != session) break;
        auto delay = std::chrono::milliseconds(reader->retry_ms().value_or(1000));
        if (!co_await pause(s, delay) || s->session_id != session) break;
        req = listen_request(*s, last_id);
        reader = std::make_shared<exchange_reader>(s, nullptr, role::other);
    }
    if (s->listening_session == session) s->listening_session.reset();
    --s->in_flight;
}

} // namespace

in_process_connection::in_process_connection(http::streamable& handler, in_process_connection_options options)
    : s_(std::make_shared<detail::exchange_state>()) {
    s_->handler = &handler;
    s_->options = std::move(options);
}

in_process_connection::~in_process_connection() {
    s_->closing = true;
    for (auto* t : s_->waits) t->cancel();
}

task<result<>> in_process_connection::open(asio::any_io_executor ex, transport::receiver& r) {
    s_->ex = std::move(ex);
    s_->receiver = &r;
    co_return result<>{};
}

task<result<>> in_process_connection::send(boost::json::object message) {
    if (s_->closing) co_return error(code::unreachable, "the in-process connection is closed");
    auto const* method = message.if_contains("method");
    bool const initialize = method && *method == "initialize";
    boost::json::value id = method && message.contains("id") ? message.at("id") : nullptr;
    auto req = s_->make_request("POST", !initialize);
    req.headers.add("content-type", "application/json");
    req.headers.add("accept", "application/json, text/event-stream");
    req.body = boost::json::serialize(message);
    auto reader = std::make_shared<exchange_reader>(s_, std::move(id), initialize ? role::initialize : role::message);
    asio::co_spawn(s_->ex, run_exchange(s_, std::move(req), reader), asio::detached);
    co_return co_await reader->outcome();
}

void in_process_connection::initialized(std::string_view protocol_version) {
    s_->version = std::string(protocol_version);
}

task<> in_process_connection::start_listening() {
    if (!s_->options.listen || s_->closing || !s_->session_id || s_->listening_session == s_->session_id)
        co_return;
    s_->listening_session = s_->session_id;
    auto reader = std::make_shared<exchange_reader>(s_, nullptr, role::other);
    asio::co_spawn(s_->ex, listen(s_, listen_request(*s_, std::nullopt), reader), asio::detached);
    auto opened = co_await reader->outcome();
    if (!opened) log::debug("mcp::testing in-process: no listening stream: {}", opened.error().message());
}

task<> in_process_connection::close() {
    if (s_->closing) co_return;
    s_->closing = true;
    for (auto* t : s_->waits) t->cancel();
    if (!s_->session_id) co_return;
    // 2025-11-25 basic/transports: a client that no longer needs the session SHOULD delete it.
    auto reader = std::make_shared<exchange_reader>(s_, nullptr, role::other);
    co_await run_exchange(s_, s_->make_request("DELETE", true), reader);
    if (reader->status() != 200 && reader->status() != 204 && reader->status() != 405)
        log::debug("mcp::testing in-process: DELETE of the session answered {}", reader->status());
}

std::optional<std::string> in_process_connection::session_id() const {
    return s_->session_id;
}

std::string in_process_connection::describe() const {
    return "in-process " + s_->handler->options().path;
}

std::size_t in_process_connection::exchanges_in_flight() const {
    return s_->in_flight;
}

} // namespace mcp::testing
