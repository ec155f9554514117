// The connection's response_writer (respond, start, write, finish) and the watch read that notices a client
// leaving while a stream is open. Each call asks the machine of connection_state.hpp for its step and
// performs the write it names, on the connection's strand (see beast_connection.hpp for the ownership rules).
// Not for reading requests or running the handler: that is connection.cpp.
#include <mcp/net/beast_connection.hpp>

#include <mcp/core/log.hpp>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/string.hpp>

#include <string>
#include <utility>

namespace mcp::net::detail {
namespace {

// The bytes a client may send ahead while a stream is open (a pipelined request is kept for later).
constexpr std::size_t watch_buffer_limit = 64 * 1024;
// The watch read of a streamed response expects nothing (a client only closes, or pipelines a rare request):
// a small chunk, so that each of thousands of open SSE streams does not pin a whole read chunk.
constexpr std::size_t watch_chunk = 256;

// The shield of shielded() for a writer call that hops to the connection's strand: the caller's cancellation
// would be delivered from its own strand.
auto shielded_hop() {
    return asio::bind_cancellation_slot(asio::cancellation_slot(), asio::use_awaitable);
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

} // namespace

// Runs a writer call's work on the connection's strand. From a coroutine whose executor is that strand (the
// handler's own coroutine, the common case) it runs inline; from another, it is spawned there and awaited,
// without the caller's cancellation (the shutdown reaches a writer through the machine's stopping and the
// socket's close, on the strand). The caller's executor decides, not running_in_this_thread(): a strand that
// dispatches to another runs it inline, inside its own call stack, and the work would then resume on the
// other.
template <class T>
task<T> beast_connection::owned(task<T> work) {
    auto const caller =
        co_await asio::this_coro::executor; // named: g++ 12 miscompiles a co_await in the condition
    if (caller == asio::any_io_executor(strand_))
        co_return co_await std::move(work);
    co_return co_await asio::co_spawn(strand_, std::move(work), shielded_hop());
}

task<> beast_connection::respond(int status, http::headers fields, std::string body) {
    return owned(do_respond(status, std::move(fields), std::move(body)));
}

task<> beast_connection::start(int status, http::headers fields) {
    return owned(do_start(status, std::move(fields)));
}

task<bool> beast_connection::write(std::string bytes) {
    return owned(do_write(std::move(bytes)));
}

task<> beast_connection::finish() {
    return owned(do_finish());
}

// After a response write: a failure means the client is gone. True when written.
bool beast_connection::written(error_code ec, std::string_view what) {
    if (!ec)
        return true;
    log::debug("net: {}: {} not sent: {}", peer_, what, ec.message());
    apply(conn_event::write_failed);
    return false;
}

task<> beast_connection::do_respond(int status, http::headers fields, std::string body) {
    bhttp::response<bhttp::string_body> res;
    auto st = apply(conn_event::respond, {.asks_close = copy_fields(fields, res, peer_)});
    res.version(state_.request.http10 ? 10 : 11);
    res.result(static_cast<unsigned>(status));
    res.keep_alive(state_.keep);
    res.body() = std::move(body);
    res.prepare_payload();
    error_code ec;
    if (st.has(act_write_response_head)) {
        bhttp::response_serializer<bhttp::string_body> sr{res};
        std::tie(ec, std::ignore) = co_await bhttp::async_write_header(stream_, sr, shielded());
    } else {
        std::tie(ec, std::ignore) = co_await bhttp::async_write(stream_, res, shielded());
    }
    written(ec, "response");
}

task<> beast_connection::do_start(int status, http::headers fields) {
    bhttp::response<bhttp::empty_body> res;
    auto st = apply(conn_event::start, {.asks_close = copy_fields(fields, res, peer_)});
    bool raw = st.has(act_write_raw_stream_head); // HTTP/1.0: no chunking, the close ends the body
    res.version(raw ? 10 : 11);
    res.result(static_cast<unsigned>(status));
    res.keep_alive(state_.keep);
    if (!raw)
        res.chunked(true);
    bhttp::response_serializer<bhttp::empty_body> sr{res};
    auto [ec, n] = co_await bhttp::async_write_header(stream_, sr, shielded());
    if (written(ec, "stream header"))
        arm_watch(apply(conn_event::stream_head_sent));
}

task<bool> beast_connection::do_write(std::string bytes) {
    auto st = apply(conn_event::write, {.empty = bytes.empty()});
    error_code ec;
    if (st.has(act_write_raw))
        std::tie(ec, std::ignore) = co_await asio::async_write(stream_, asio::buffer(bytes), shielded());
    else if (st.has(act_write_chunk))
        std::tie(ec, std::ignore) =
            co_await asio::async_write(stream_, bhttp::make_chunk(asio::buffer(bytes)), shielded());
    else
        co_return st.result;
    co_return written(ec, "stream write");
}

task<> beast_connection::do_finish() {
    if (apply(conn_event::finish).has(act_write_last_chunk))
        co_await write_last_chunk();
}

task<> beast_connection::write_last_chunk() {
    auto [ec, n] = co_await asio::async_write(stream_, bhttp::make_chunk_last(), shielded());
    written(ec, "last chunk");
}

// While a stream is open, a pending read tells us when the client goes away. Bytes that arrive meanwhile (a
// pipelined request) are kept for the next read.
void beast_connection::arm_watch(conn_step const& st) {
    // A GET stream may stay open for hours: give back the request's read buffer (the next request grows it
    // again). A POST's stream ends with its answer: keeping the buffer saves two allocations per call.
    if (st.has(act_release_buffer) && buffer_.size() == 0)
        buffer_.shrink_to_fit();
    if (!st.has(act_arm_watch))
        return;
    // On the connection's strand: the socket's own executor would run it on any I/O thread, beside a writer.
    stream_.async_read_some(
        buffer_.prepare(watch_chunk),
        asio::bind_executor(
            strand_, [self = shared_from_this()](error_code ec, std::size_t n) { self->on_watch(ec, n); }));
}

void beast_connection::on_watch(error_code ec, std::size_t n) {
    if (!ec)
        buffer_.commit(n);
    else if (state_.watch == watch_phase::armed)
        log::debug("net: {}: client gone during a stream: {}", peer_, ec.message());
    auto st = apply(ec ? conn_event::watch_failed : conn_event::watch_bytes,
                    {.buffer_full = buffer_.size() >= watch_buffer_limit});
    if (st.has(act_watch_stopped))
        watch_stopped_.try_send(error_code{});
    arm_watch(st);
}

// The handler is done after a finished stream: stop the watch read and wait for its completion, so that the
// next request's read does not race it for the socket.
task<conn_step> beast_connection::join_watch() {
    error_code ec;
    stream_.socket().cancel(ec);
    co_await watch_stopped_.async_receive(as_value);
    co_return apply(conn_event::watch_joined);
}

} // namespace mcp::net::detail
