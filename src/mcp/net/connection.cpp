// One HTTP/1.1 connection: a coroutine that reads requests with Beast, runs the handler on each, and writes
// the answer through the response_writer it implements. All Beast templates of the listener live in this
// file.
//
// One owner per socket: everything of a connection happens on its strand: the read loop, the handler (spawned
// as a child coroutine so that cancelling it never cancels the loop), the watch read of a streamed response,
// the shutdown notices posted by the listener, and the socket work of every writer call. The handler may call
// the writer from another strand (the MCP session's: http/streamable_get.cpp): respond(), start(), write()
// and finish() then run on the connection's strand and resume their caller on its own executor; client_gone()
// reads atomics only.
#include <mcp/net/connection.hpp>

#include <mcp/core/log.hpp>
#include <mcp/core/strand.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace mcp::net::detail {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

// Expected I/O outcomes come back as values.
constexpr auto as_value = asio::as_tuple(asio::use_awaitable);
// The writer's socket operations run inside the handler's coroutine, which the shutdown may cancel; an empty
// slot keeps them out of that cancellation, so a chunk is never half-written.
auto shielded() {
    return asio::bind_cancellation_slot(asio::cancellation_slot(), as_value);
}
// The same shield for a writer call that hops to the connection's strand: the caller's cancellation would be
// delivered from its own strand.
auto shielded_hop() {
    return asio::bind_cancellation_slot(asio::cancellation_slot(), asio::use_awaitable);
}

constexpr std::size_t read_chunk = 4096;
constexpr std::size_t watch_buffer_limit = 64 * 1024; // bytes a client may send ahead while a stream is open
// The watch read of a streamed response expects nothing (a client only closes, or pipelines a rare request):
// a small chunk, so that each of thousands of open SSE streams does not pin a whole read_chunk.
constexpr std::size_t watch_chunk = 256;
constexpr auto linger_limit = std::chrono::seconds(2);

std::string_view sv(beast::string_view s) {
    return {s.data(), s.size()};
}

std::string rpc_error_body(int code, std::string_view message) {
    return R"({"jsonrpc":"2.0","id":null,"error":{"code":)" + std::to_string(code) + R"(,"message":")" +
           std::string(message) + R"("}})";
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

// The handler's headers, minus the framing fields the connection owns. True when they ask to close.
template <class Fields>
bool copy_fields(http::headers const& from, Fields& to, std::string const& peer) {
    bool close = false;
    for (auto const& [name, value] : from.fields()) {
        if (name == "content-length" || name == "transfer-encoding")
            continue;
        if (name == "connection") {
            close = close || beast::iequals(value, "close");
            continue;
        }
        if (name.find_first_of("\r\n") != std::string::npos ||
            value.find_first_of("\r\n") != std::string::npos) {
            log::warn("net: {}: dropped response header '{}' with a line break", peer, name);
            continue;
        }
        to.insert(name, value);
    }
    return close;
}

http::request to_exchange(bhttp::request<bhttp::string_body>& msg, std::string const& peer) {
    http::request r;
    r.method = std::string(sv(msg.method_string()));
    r.target = std::string(sv(msg.target()));
    for (auto const& f : msg)
        r.headers.add(sv(f.name_string()), std::string(sv(f.value())));
    r.body = std::move(msg.body());
    r.remote_address = peer;
    return r;
}

task<> call_handler(std::shared_ptr<handler const> h, http::request req, http::response_writer* w) {
    co_await (*h)(std::move(req), *w);
}

enum class phase { idle, reading, handling }; // idle: waiting for the first byte of a request
enum class reply { none, responded, streaming, finished };

class beast_connection final : public connection,
                               public http::response_writer,
                               public std::enable_shared_from_this<beast_connection> {
public:
    beast_connection(tcp::socket socket, listener_options const& opts, std::shared_ptr<handler const> h,
                     std::function<void(connection*)> on_end)
        : peer_(peer_of(socket)), strand_(strand_of(socket)), stream_(std::move(socket)), opts_(opts),
          handler_(std::move(h)), on_end_(std::move(on_end)), watch_done_(stream_.get_executor()) {
        // Answers and SSE events are small writes that must leave at once: with Nagle's algorithm on, the
        // second write of a response (an SSE event after the stream's first bytes) waits for the client's
        // delayed ACK, about 40 ms on Linux.
        error_code ec;
        stream_.socket().set_option(tcp::no_delay(true), ec);
    }

    void run() override;
    void begin_shutdown() override {
        asio::post(stream_.get_executor(), [self = shared_from_this()] { self->on_shutdown(); });
    }
    void force_close() override {
        asio::post(stream_.get_executor(), [self = shared_from_this()] { self->on_force_close(); });
    }

    // The writer, callable from any strand (see the file comment).
    task<> respond(int status, http::headers fields, std::string body) override {
        return owned(do_respond(status, std::move(fields), std::move(body)));
    }
    task<> start(int status, http::headers fields) override {
        return owned(do_start(status, std::move(fields)));
    }
    task<bool> write(std::string bytes) override { return owned(do_write(std::move(bytes))); }
    task<> finish() override { return owned(do_finish()); }
    bool client_gone() const override { return peer_gone_ || stopping_; }

    task<> serve();
    void end();
    std::string const& peer() const { return peer_; }

private:
    static io_strand strand_of(tcp::socket& socket) {
        auto ex = socket.get_executor();
        auto const* strand = ex.target<io_strand>();
        if (!strand)
            throw std::invalid_argument("net: a connection's socket must be bound to an io_strand");
        return *strand;
    }
    template <class T>
    task<T> owned(task<T> work);
    task<> do_respond(int status, http::headers fields, std::string body);
    task<> do_start(int status, http::headers fields);
    task<bool> do_write(std::string bytes);
    task<> do_finish();
    task<bool> read_request();
    task<bool> reject(error_code ec);
    task<bool> handle(bhttp::request<bhttp::string_body> msg);
    task<bool> conclude(std::exception_ptr failure);
    task<> send_error(int status, int code, std::string_view message);
    task<> linger_close();
    void arm_watch();
    void on_watch(error_code ec, std::size_t n);
    task<> stop_watch();
    void on_shutdown();
    void on_force_close();
    void wake_handler();
    bool wants_keep_alive(bool handler_asks_close) const {
        return keep_alive_ && !stopping_ && !handler_asks_close;
    }

    std::string peer_;
    io_strand strand_; // the socket's: the one owner of everything below
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    listener_options opts_;
    std::shared_ptr<handler const> handler_;
    std::function<void(connection*)> on_end_;
    asio::steady_timer watch_done_;                 // a wait that the end of the watch read cancels
    std::optional<asio::cancellation_signal> wake_; // engaged while the handler runs
    phase phase_ = phase::idle;
    reply reply_ = reply::none;
    unsigned version_ = 11;
    bool keep_alive_ = true; // what the request allows
    bool response_keep_alive_ = false;
    bool head_ = false; // HEAD: headers only
    bool get_ = false;  // GET: a streamed answer may stay open for hours (an SSE listening stream)
    bool raw_ = false;  // HTTP/1.0 stream: no chunking, the close ends the body
    bool watching_ = false;
    bool watch_stop_ = false;
    bool woken_ = false;
    std::atomic<bool> stopping_{false}; // atomic: client_gone() reads it from the handler's strand
    std::atomic<bool> peer_gone_{false};
};

// Runs a writer call's work on the connection's strand. From that strand (the handler's own coroutine, the
// common case) it runs inline; from another, it is spawned there and awaited, without the caller's
// cancellation (the shutdown reaches a writer through stopping_ and the socket's close, on the strand). The
// check is made when the call is awaited, on the caller's thread.
template <class T>
task<T> beast_connection::owned(task<T> work) {
    if (strand_.running_in_this_thread())
        co_return co_await std::move(work);
    co_return co_await asio::co_spawn(strand_, std::move(work), shielded_hop());
}

task<> serve_loop(std::shared_ptr<beast_connection> c) {
    try {
        co_await c->serve();
    } catch (std::exception const& e) {
        log::error("net: {}: connection failed: {}", c->peer(), e.what());
    }
    c->end();
}

void beast_connection::run() {
    asio::co_spawn(stream_.get_executor(), serve_loop(shared_from_this()), [](std::exception_ptr ep) {
        if (ep)
            log::error("net: connection coroutine failed: {}", describe(ep));
    });
}

task<> beast_connection::serve() {
    for (bool first = true; !stopping_; first = false) {
        if (buffer_.size() == 0) {
            // Nothing of the next request yet: the connection is idle, and a shutdown may close it.
            phase_ = phase::idle;
            stream_.expires_after(first ? opts_.header_timeout : opts_.idle_timeout);
            auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(read_chunk), as_value);
            if (ec) {
                log::debug("net: {}: closed while idle: {}", peer_, ec.message());
                co_return;
            }
            buffer_.commit(n);
            if (!first)
                stream_.expires_after(opts_.header_timeout);
        } else {
            stream_.expires_after(opts_.header_timeout);
        }
        phase_ = phase::reading;
        if (!co_await read_request())
            co_return;
        if (!co_await handle(parser_->release()))
            co_return;
    }
}

void beast_connection::end() {
    watch_stop_ =
        true; // a watch read still pending ends with the close below; that is not the client leaving
    error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
    auto on_end = std::move(on_end_);
    if (on_end)
        on_end(this);
}

// Reads the rest of a request whose first bytes are in buffer_; false when the connection must end.
task<bool> beast_connection::read_request() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(opts_.max_header_bytes));
    parser_->body_limit(opts_.max_body_bytes);
    auto [ec, n] = co_await bhttp::async_read_header(stream_, buffer_, *parser_, as_value);
    if (ec)
        co_return co_await reject(ec);
    if (!parser_->is_done()) {
        if (beast::iequals(parser_->get()[bhttp::field::expect], "100-continue")) {
            bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, 11};
            auto [wec, wn] = co_await bhttp::async_write(stream_, go_on, as_value);
            if (wec)
                co_return co_await reject(wec);
        }
        stream_.expires_after(opts_.body_timeout);
        auto [bec, bn] = co_await bhttp::async_read(stream_, buffer_, *parser_, as_value);
        if (bec)
            co_return co_await reject(bec);
    }
    co_return true;
}

// Answers a request that could not be read (when there is someone to answer) and says the connection must
// end.
task<bool> beast_connection::reject(error_code ec) {
    if (ec == bhttp::error::body_limit) {
        log::info("net: {}: request body over {} bytes: 413", peer_, opts_.max_body_bytes);
        co_await send_error(
            413, -32600, "Request body too large (limit " + std::to_string(opts_.max_body_bytes) + " bytes)");
        co_await linger_close();
    } else if (ec == bhttp::error::header_limit) {
        log::info("net: {}: request header over {} bytes: 431", peer_, opts_.max_header_bytes);
        co_await send_error(431, -32600, "Request header too large");
        co_await linger_close();
    } else if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category() &&
               ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
        log::info("net: {}: malformed HTTP request ({}): 400", peer_, ec.message());
        co_await send_error(400, -32600, "Malformed HTTP request");
        co_await linger_close();
    } else {
        log::debug("net: {}: request not read: {}", peer_, ec.message());
    }
    co_return false;
}

task<> beast_connection::send_error(int status, int code, std::string_view message) {
    bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(status), version_ < 11 ? 10u : 11u};
    res.set(bhttp::field::content_type, "application/json");
    res.keep_alive(false);
    res.body() = rpc_error_body(code, message);
    res.prepare_payload();
    stream_.expires_after(opts_.body_timeout);
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

// Runs the handler on one request; true when the connection stays open for the next one.
task<bool> beast_connection::handle(bhttp::request<bhttp::string_body> msg) {
    version_ = msg.version();
    keep_alive_ = msg.keep_alive();
    head_ = msg.method() == bhttp::verb::head;
    get_ = msg.method() == bhttp::verb::get;
    reply_ = reply::none;
    response_keep_alive_ = false;
    woken_ = false;
    auto req = to_exchange(msg, peer_);
    phase_ = phase::handling;
    wake_.emplace();
    auto [failure] =
        co_await asio::co_spawn(stream_.get_executor(), call_handler(handler_, std::move(req), this),
                                asio::bind_cancellation_slot(wake_->slot(), as_value));
    wake_.reset();
    co_return co_await conclude(failure);
}

// Settles what the handler left: a missing answer, a failure, an unfinished stream.
task<bool> beast_connection::conclude(std::exception_ptr failure) {
    if (failure) {
        if (woken_ && is_cancellation(failure))
            log::debug("net: {}: handler ended by shutdown", peer_);
        else
            log::error("net: {}: handler failed: {}", peer_, describe(failure));
    }
    switch (reply_) {
    case reply::none:
        if (!failure)
            log::error("net: {}: handler returned without a response", peer_);
        co_await send_error(500, -32603, "Internal error");
        co_return false;
    case reply::responded:
        co_return response_keep_alive_ && !peer_gone_ && !failure;
    case reply::streaming:
        // Woken by the shutdown, or returned without finish(): end the body cleanly. A failure mid-stream is
        // left unterminated (the close without a last chunk tells the client the response is incomplete).
        if (!failure || (woken_ && is_cancellation(failure)))
            co_await do_finish();
        co_return false;
    case reply::finished:
        co_await stop_watch();
        co_return response_keep_alive_ && !peer_gone_ && !stopping_ && !failure;
    }
    co_return false;
}

task<> beast_connection::do_respond(int status, http::headers fields, std::string body) {
    if (reply_ != reply::none)
        throw std::logic_error("response_writer: respond() after the response began");
    reply_ = reply::responded;
    bhttp::response<bhttp::string_body> res;
    res.version(version_ < 11 ? 10 : 11);
    res.result(static_cast<unsigned>(status));
    response_keep_alive_ = wants_keep_alive(copy_fields(fields, res, peer_));
    res.keep_alive(response_keep_alive_);
    res.body() = std::move(body);
    res.prepare_payload();
    stream_.expires_after(opts_.body_timeout);
    error_code ec;
    if (head_) {
        bhttp::response_serializer<bhttp::string_body> sr{res};
        std::tie(ec, std::ignore) = co_await bhttp::async_write_header(stream_, sr, shielded());
    } else {
        std::tie(ec, std::ignore) = co_await bhttp::async_write(stream_, res, shielded());
    }
    if (ec) {
        log::debug("net: {}: response not sent: {}", peer_, ec.message());
        peer_gone_ = true;
    }
}

task<> beast_connection::do_start(int status, http::headers fields) {
    if (reply_ != reply::none)
        throw std::logic_error("response_writer: start() after the response began");
    reply_ = reply::streaming;
    raw_ = version_ < 11;
    bhttp::response<bhttp::empty_body> res;
    res.version(raw_ ? 10 : 11);
    res.result(static_cast<unsigned>(status));
    response_keep_alive_ = wants_keep_alive(copy_fields(fields, res, peer_)) && !raw_;
    res.keep_alive(response_keep_alive_);
    if (!raw_)
        res.chunked(true);
    bhttp::response_serializer<bhttp::empty_body> sr{res};
    stream_.expires_after(opts_.body_timeout);
    auto [ec, n] = co_await bhttp::async_write_header(stream_, sr, shielded());
    if (ec) {
        log::debug("net: {}: stream header not sent: {}", peer_, ec.message());
        peer_gone_ = true;
        co_return;
    }
    stream_.expires_never(); // the watch read has no deadline; each write sets its own
    arm_watch();
}

task<bool> beast_connection::do_write(std::string bytes) {
    if (reply_ != reply::streaming)
        throw std::logic_error("response_writer: write() outside a started response");
    if (peer_gone_ || stopping_)
        co_return false;
    if (bytes.empty() || head_)
        co_return true;                        // an empty chunk would end the body
    stream_.expires_after(opts_.body_timeout); // only the write timer: the watch read is pending
    error_code ec;
    if (raw_)
        std::tie(ec, std::ignore) = co_await asio::async_write(stream_, asio::buffer(bytes), shielded());
    else
        std::tie(ec, std::ignore) =
            co_await asio::async_write(stream_, bhttp::make_chunk(asio::buffer(bytes)), shielded());
    if (ec) {
        log::debug("net: {}: stream write failed: {}", peer_, ec.message());
        peer_gone_ = true;
        co_return false;
    }
    co_return true;
}

task<> beast_connection::do_finish() {
    if (reply_ != reply::streaming)
        throw std::logic_error("response_writer: finish() outside a started response");
    reply_ = reply::finished;
    if (peer_gone_ || head_ || raw_)
        co_return;
    stream_.expires_after(opts_.body_timeout);
    auto [ec, n] = co_await asio::async_write(stream_, bhttp::make_chunk_last(), shielded());
    if (ec) {
        log::debug("net: {}: last chunk not sent: {}", peer_, ec.message());
        peer_gone_ = true;
    }
}

// While a stream is open, a pending read tells us when the client goes away. Bytes that arrive meanwhile (a
// pipelined request) are kept for the next read.
void beast_connection::arm_watch() {
    watching_ = true;
    watch_stop_ = false;
    // A GET stream may stay open for hours: give back the request's read buffer (the next request grows it
    // again). A POST's stream ends with its answer: keeping the buffer saves two allocations per call.
    if (get_ && buffer_.size() == 0)
        buffer_.shrink_to_fit();
    stream_.async_read_some(
        buffer_.prepare(watch_chunk),
        [self = shared_from_this()](error_code ec, std::size_t n) { self->on_watch(ec, n); });
}

void beast_connection::on_watch(error_code ec, std::size_t n) {
    watching_ = false;
    if (!ec) {
        buffer_.commit(n);
        if (!watch_stop_ && buffer_.size() < watch_buffer_limit)
            return arm_watch();
    } else if (!watch_stop_) {
        log::debug("net: {}: client gone during a stream: {}", peer_, ec.message());
        peer_gone_ = true;
    }
    if (watch_stop_)
        watch_done_.cancel();
}

task<> beast_connection::stop_watch() {
    watch_stop_ = true;
    if (!watching_)
        co_return;
    error_code ec;
    stream_.socket().cancel(ec);
    watch_done_.expires_at(asio::steady_timer::time_point::max());
    co_await watch_done_.async_wait(as_value);
}

void beast_connection::wake_handler() {
    if (!wake_)
        return;
    woken_ = true;
    wake_->emit(asio::cancellation_type::terminal);
}

void beast_connection::on_shutdown() {
    if (stopping_.exchange(true))
        return;
    if (phase_ == phase::idle) {
        stream_.cancel(); // the pending read ends with operation_aborted; the loop sees stopping_
    } else if (phase_ == phase::handling && reply_ == reply::streaming) {
        wake_handler();
    }
}

void beast_connection::on_force_close() {
    stopping_ = true;
    if (phase_ == phase::handling)
        wake_handler();
    stream_.close();
}

} // namespace

std::shared_ptr<connection> make_connection(tcp::socket socket, listener_options const& opts,
                                            std::shared_ptr<handler const> h,
                                            std::function<void(connection*)> on_end) {
    return std::make_shared<beast_connection>(std::move(socket), opts, std::move(h), std::move(on_end));
}

} // namespace mcp::net::detail
