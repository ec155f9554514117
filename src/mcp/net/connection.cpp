// One HTTP/1.1 connection's serve loop: read a request with Beast, run the handler on it, settle what the
// handler left, and again while the connection is kept alive; plus the shutdown notices of the listener.
// The machine of connection_state.hpp decides each step; this file performs the I/O it names. The response
// writer and the watch read are in connection_writer.cpp; the ownership rules in beast_connection.hpp.
#include <mcp/net/beast_connection.hpp>

#include <mcp/core/log.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/string.hpp>

#include <stdexcept>
#include <string>
#include <utility>

namespace mcp::net::detail {
namespace {

constexpr std::size_t read_chunk = 4096;
constexpr auto linger_limit = std::chrono::seconds(2);

std::string rpc_error_body(int code, std::string_view message) {
    return R"({"jsonrpc":"2.0","id":null,"error":{"code":)" + std::to_string(code) + R"(,"message":")" +
           std::string(message) + R"("}})";
}

// The body of an error response the connection sends on its own.
std::string error_body(int status, std::size_t max_body_bytes) {
    switch (status) {
    case 413:
        return rpc_error_body(-32600,
                              "Request body too large (limit " + std::to_string(max_body_bytes) + " bytes)");
    case 431:
        return rpc_error_body(-32600, "Request header too large");
    case 400:
        return rpc_error_body(-32600, "Malformed HTTP request");
    default:
        return rpc_error_body(-32603, "Internal error");
    }
}

std::string describe(std::exception_ptr const& ep) {
    try {
        std::rethrow_exception(ep);
    } catch (std::exception const& e) {
        return e.what();
    } catch (...) {
        return "unknown exception";
    }
}

bool is_cancellation(std::exception_ptr const& ep) {
    try {
        std::rethrow_exception(ep);
    } catch (boost::system::system_error const& e) {
        return e.code() == asio::error::operation_aborted;
    } catch (...) {
        return false;
    }
}

std::string peer_of(tcp::socket const& s) {
    error_code ec;
    auto ep = s.remote_endpoint(ec);
    if (ec)
        return "unknown";
    auto ip = ep.address().to_string();
    if (ep.address().is_v6())
        ip = "[" + ip + "]";
    return ip + ":" + std::to_string(ep.port());
}

io_strand strand_of(tcp::socket& socket) {
    auto ex = socket.get_executor();
    auto const* strand = ex.target<io_strand>();
    if (!strand)
        throw std::invalid_argument("net: a connection's socket must be bound to an io_strand");
    return *strand;
}

request_facts facts_of(bhttp::request<bhttp::string_body> const& msg) {
    return {.http10 = msg.version() < 11,
            .keep_alive = msg.keep_alive(),
            .head = msg.method() == bhttp::verb::head,
            .get = msg.method() == bhttp::verb::get};
}

http::request to_exchange(bhttp::request<bhttp::string_body>& msg, std::string const& peer) {
    http::request r;
    r.method = std::string(sv(msg.method_string()));
    r.target = std::string(sv(msg.target()));
    std::size_t count = 0, bytes = 0;
    for (auto const& f : msg) {
        ++count;
        bytes += f.name_string().size() + f.value().size();
    }
    r.headers.reserve(count, bytes); // every field's text in one buffer
    for (auto const& f : msg)
        r.headers.add(sv(f.name_string()), sv(f.value()));
    r.body = std::move(msg.body());
    r.remote_address = peer;
    return r;
}

task<> call_handler(std::shared_ptr<handler const> h, http::request req, http::response_writer* w) {
    co_await (*h)(std::move(req), *w);
}

task<> serve_loop(std::shared_ptr<beast_connection> c) {
    try {
        co_await c->serve();
    } catch (std::exception const& e) {
        log::error("net: {}: connection failed: {}", c->peer(), e.what());
    }
    c->end();
}

} // namespace

beast_connection::beast_connection(tcp::socket socket, listener_options const& opts,
                                   std::shared_ptr<handler const> h, std::function<void(connection*)> on_end)
    : peer_(peer_of(socket)), strand_(strand_of(socket)), stream_(std::move(socket)), opts_(opts),
      handler_(std::move(h)), on_end_(std::move(on_end)), watch_stopped_(stream_.get_executor(), 1) {
    // Answers and SSE events are small writes that must leave at once: with Nagle's algorithm on, the
    // second write of a response (an SSE event after the stream's first bytes) waits for the client's
    // delayed ACK, about 40 ms on Linux.
    error_code ec;
    stream_.socket().set_option(tcp::no_delay(true), ec);
}

void beast_connection::run() {
    asio::co_spawn(stream_.get_executor(), serve_loop(shared_from_this()), [](std::exception_ptr ep) {
        if (ep)
            log::error("net: connection coroutine failed: {}", describe(ep));
    });
}

void beast_connection::begin_shutdown() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] { self->on_shutdown(); });
}

void beast_connection::force_close() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] { self->on_force_close(); });
}

conn_step beast_connection::apply(conn_event e, conn_input const& in) {
    auto st = step(state_, e, in);
    if (st.has(act_misuse))
        throw std::logic_error("response_writer: " + std::string(name_of(e)) + " not allowed while " +
                               std::string(name_of(state_.phase)));
    state_ = st.next;
    gone_ = state_.peer_gone || state_.stopping;
    switch (st.timer) {
    case conn_timer::keep:
        break;
    case conn_timer::header:
        stream_.expires_after(opts_.header_timeout);
        break;
    case conn_timer::idle:
        stream_.expires_after(opts_.idle_timeout);
        break;
    case conn_timer::body:
        stream_.expires_after(opts_.body_timeout);
        break;
    case conn_timer::never: // the watch read has no deadline; each write sets its own
        stream_.expires_never();
        break;
    }
    return st;
}

task<> beast_connection::serve() {
    for (auto st = apply(conn_event::opened); st.actions != act_none;)
        st = co_await perform(st);
}

// Performs the serve loop's part of a step; returns the step of what came of it (no actions: the end).
task<conn_step> beast_connection::perform(conn_step st) {
    if (st.has(act_read_idle))
        co_return co_await read_idle();
    if (st.has(act_read_request))
        co_return co_await read_header();
    if (st.has(act_send_100))
        co_return co_await send_continue();
    if (st.has(act_read_body))
        co_return co_await read_body();
    if (st.has(act_spawn_handler))
        co_return co_await run_handler();
    if (st.has(act_cancel_watch))
        co_return co_await join_watch();
    if (st.has(act_send_error))
        co_await send_error(st.status);
    if (st.has(act_linger))
        co_await linger_close();
    if (st.has(act_write_last_chunk))
        co_await write_last_chunk();
    co_return conn_step{.next = state_};
}

void beast_connection::end() {
    apply(conn_event::ended);
    error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
    auto on_end = std::move(on_end_);
    if (on_end)
        on_end(this);
}

// Idle: waits for the first bytes of a request, unless a pipelined one is in the buffer already.
task<conn_step> beast_connection::read_idle() {
    if (buffer_.size() == 0) {
        auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(read_chunk), as_value);
        if (ec) {
            log::debug("net: {}: closed while idle: {}", peer_, ec.message());
            co_return apply(conn_event::read_failed);
        }
        buffer_.commit(n);
    }
    co_return apply(conn_event::bytes);
}

task<conn_step> beast_connection::read_header() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(opts_.max_header_bytes));
    parser_->body_limit(opts_.max_body_bytes);
    auto [ec, n] = co_await bhttp::async_read_header(stream_, buffer_, *parser_, as_value);
    if (ec)
        co_return rejected(ec);
    if (parser_->is_done())
        co_return apply(conn_event::request_read, {.request = facts_of(parser_->get())});
    if (beast::iequals(parser_->get()[bhttp::field::expect], "100-continue"))
        co_return apply(conn_event::expect_continue);
    co_return apply(conn_event::body_follows);
}

task<conn_step> beast_connection::send_continue() {
    bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, 11};
    auto [ec, n] = co_await bhttp::async_write(stream_, go_on, as_value);
    if (ec)
        co_return rejected(ec);
    co_return apply(conn_event::body_follows);
}

task<conn_step> beast_connection::read_body() {
    auto [ec, n] = co_await bhttp::async_read(stream_, buffer_, *parser_, as_value);
    if (ec)
        co_return rejected(ec);
    co_return apply(conn_event::request_read, {.request = facts_of(parser_->get())});
}

// A request that could not be read: a status to answer when there is someone to answer, else the end.
conn_step beast_connection::rejected(error_code ec) {
    if (ec == bhttp::error::body_limit) {
        log::info("net: {}: request body over {} bytes: 413", peer_, opts_.max_body_bytes);
        return apply(conn_event::body_too_large);
    }
    if (ec == bhttp::error::header_limit) {
        log::info("net: {}: request header over {} bytes: 431", peer_, opts_.max_header_bytes);
        return apply(conn_event::header_too_large);
    }
    if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category() &&
        ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
        log::info("net: {}: malformed HTTP request ({}): 400", peer_, ec.message());
        return apply(conn_event::malformed);
    }
    log::debug("net: {}: request not read: {}", peer_, ec.message());
    return apply(conn_event::read_failed);
}

task<> beast_connection::send_error(int status) {
    bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(status),
                                            state_.request.http10 ? 10u : 11u};
    res.set(bhttp::field::content_type, "application/json");
    res.keep_alive(false);
    res.body() = error_body(status, opts_.max_body_bytes);
    res.prepare_payload();
    auto [ec, n] = co_await bhttp::async_write(stream_, res, shielded());
    if (ec)
        log::debug("net: {}: error response not sent: {}", peer_, ec.message());
}

// Closes our side and drains what the client still sends for a moment, so that closing with unread input does
// not reset the connection before the client has read our error response.
task<> beast_connection::linger_close() {
    error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(linger_limit);
    for (std::size_t drained = 0; drained <= opts_.max_body_bytes;) {
        buffer_.clear();
        auto [rec, n] = co_await stream_.async_read_some(buffer_.prepare(read_chunk), as_value);
        if (rec)
            break;
        drained += n;
    }
    buffer_.clear();
}

// Runs the handler as a child coroutine with a cancellation slot of its own (the shutdown's wake).
task<conn_step> beast_connection::run_handler() {
    auto msg = parser_->release();
    auto req = to_exchange(msg, peer_);
    wake_.emplace();
    auto [failure] =
        co_await asio::co_spawn(stream_.get_executor(), call_handler(handler_, std::move(req), this),
                                asio::bind_cancellation_slot(wake_->slot(), as_value));
    wake_.reset();
    co_return handler_ended(failure);
}

conn_step beast_connection::handler_ended(std::exception_ptr const& failure) {
    if (!failure) {
        if (state_.phase == conn_phase::awaiting_answer)
            log::error("net: {}: handler returned without a response", peer_);
        return apply(conn_event::handler_done);
    }
    if (!is_cancellation(failure)) {
        log::error("net: {}: handler failed: {}", peer_, describe(failure));
        return apply(conn_event::handler_failed);
    }
    if (state_.woken)
        log::debug("net: {}: handler ended by shutdown", peer_);
    else
        log::error("net: {}: handler failed: {}", peer_, describe(failure));
    return apply(conn_event::handler_cancelled);
}

void beast_connection::on_shutdown() {
    auto st = apply(conn_event::shutdown);
    if (st.has(act_cancel_read))
        stream_.cancel(); // the pending idle read ends with operation_aborted: read_failed
    if (st.has(act_wake_handler) && wake_)
        wake_->emit(asio::cancellation_type::terminal);
}

void beast_connection::on_force_close() {
    auto st = apply(conn_event::force_close);
    if (st.has(act_wake_handler) && wake_)
        wake_->emit(asio::cancellation_type::terminal);
    if (st.has(act_close))
        stream_.close();
}

std::shared_ptr<connection> make_connection(tcp::socket socket, listener_options const& opts,
                                            std::shared_ptr<handler const> h,
                                            std::function<void(connection*)> on_end) {
    return std::make_shared<beast_connection>(std::move(socket), opts, std::move(h), std::move(on_end));
}

} // namespace mcp::net::detail
