// The connection as Beast sees it: the class that connection.cpp (the serve loop: reading requests, running
// the handler, shutdown) and connection_writer.cpp (the response_writer and the watch read) implement.
// Internal to net/; included by those two files only, to keep Beast's templates in few translation units.
//
// One owner per socket: everything of a connection happens on its strand: the serve loop, the handler
// (spawned as a child coroutine so that cancelling it never cancels the loop), the watch read of a streamed
// response, the shutdown notices posted by the listener, and the socket work of every writer call. The
// handler may call the writer from another strand (the MCP session's: http/streamable_get.cpp): respond(),
// start(), write() and finish() then run on the connection's strand and resume their caller on its own
// executor; client_gone() reads an atomic only.
//
// Nothing here decides: every change of the connection's state goes through apply(), which asks the pure
// machine of connection_state.hpp, and the code performs the I/O the step names.
#pragma once

#include <mcp/core/strand.hpp>
#include <mcp/net/connection.hpp>
#include <mcp/net/connection_state.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/experimental/channel.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <optional>
#include <string>
#include <string_view>

namespace mcp::net::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

// Expected I/O outcomes come back as values.
inline constexpr auto as_value = asio::as_tuple(asio::use_awaitable);
// The writer's socket operations run inside the handler's coroutine, which the shutdown may cancel; an empty
// slot keeps them out of that cancellation, so a chunk is never half-written.
inline auto shielded() {
    return asio::bind_cancellation_slot(asio::cancellation_slot(), as_value);
}

class beast_connection final : public connection,
                               public http::response_writer,
                               public std::enable_shared_from_this<beast_connection> {
public:
    beast_connection(tcp::socket socket, listener_options const& opts, std::shared_ptr<handler const> h,
                     std::function<void(connection*)> on_end);

    void run() override;
    void begin_shutdown() override;
    void force_close() override;

    // The writer, callable from any strand (see the file comment).
    task<> respond(int status, http::headers fields, std::string body) override;
    task<> start(int status, http::headers fields) override;
    task<bool> write(std::string bytes) override;
    task<> finish() override;
    bool client_gone() const override { return gone_; }

    task<> serve();
    void end();
    std::string const& peer() const { return peer_; }

private:
    // The one place the state changes: steps the machine, mirrors client_gone(), sets the step's deadline.
    // A step the machine calls misuse throws std::logic_error (the writer's misuse, or a bug here).
    conn_step apply(conn_event e, conn_input const& in = {});

    // connection.cpp: the serve loop performs a step's I/O and returns the step of what came of it.
    task<conn_step> perform(conn_step st);
    task<conn_step> read_idle();
    task<conn_step> read_header();
    task<conn_step> send_continue();
    task<conn_step> read_body();
    task<conn_step> run_handler();
    task<> send_error(int status);
    task<> linger_close();
    conn_step rejected(error_code ec);
    conn_step handler_ended(std::exception_ptr const& failure);
    void on_shutdown();
    void on_force_close();

    // connection_writer.cpp
    template <class T>
    task<T> owned(task<T> work);
    task<> do_respond(int status, http::headers fields, std::string body);
    task<> do_start(int status, http::headers fields);
    task<bool> do_write(std::string bytes);
    task<> do_finish();
    task<> write_last_chunk();
    bool written(error_code ec, std::string_view what);
    void arm_watch(conn_step const& st);
    void on_watch(error_code ec, std::size_t n);
    task<conn_step> join_watch();

    std::string peer_;
    io_strand strand_; // the socket's: the one owner of everything below
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    listener_options opts_;
    std::shared_ptr<handler const> handler_;
    std::function<void(connection*)> on_end_;
    conn_state state_; // changed by apply() only
    std::atomic<bool> gone_{
        false}; // state_.peer_gone || state_.stopping, read by client_gone() from any strand
    std::optional<asio::cancellation_signal> wake_; // the handler's cancellation, for the run of one handler
    // The watch read's completion after a cancel_watch: the watch sends once, the serve loop receives.
    asio::experimental::channel<void(error_code)> watch_stopped_;
};

// From beast::string_view.
inline std::string_view sv(beast::string_view s) {
    return {s.data(), s.size()};
}

} // namespace mcp::net::detail
