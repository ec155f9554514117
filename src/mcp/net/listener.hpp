// The HTTP/1.1 front door: a Beast/Asio listener that turns each request into an exchange
// (mcp/http/exchange.hpp) and hands it to one handler. It knows sockets, limits and shutdown; it knows
// nothing of MCP.
//
//   acceptor (listener strand) --socket--> connection (own strand, one coroutine)
//        read request (timeouts, size limits) --http::request--> handler --respond() / start() write()
//        finish()--> keep-alive: next request | close
//
// Invariants
// - Every connection runs on its own strand; the handler runs on that strand too and gets the connection as
//   its response_writer, valid until the handler's task completes. One owner per socket: the handler may call
//   the writer from another strand (the MCP session's), and the writer's socket work still runs on the
//   connection's strand (a hop there and back per call; none when the caller is on it already).
// - Expected I/O outcomes (EOF, timeout, reset, cancellation) end a connection quietly (debug log); bad input
// gets
//   a status and a JSON-RPC error body: 400 malformed HTTP, 413 body over max_body_bytes, 431 header over
//   max_header_bytes, then the connection closes. Over max_connections, a new connection gets 503 and is
//   closed.
// - A handler that throws is logged; the client gets 500 if nothing was sent yet, and the connection closes.
//   A handler that returns without answering gets a 500 sent on its behalf.
// - Streamed responses (start/write/finish) use chunked transfer coding. While one is open, a read stays
// pending on
//   the socket, so a client that disconnects is noticed at once: client_gone() turns true and the next
//   write() returns false without touching the socket. The handler itself is not cancelled then (spec
//   2025-11-25, transports: a disconnect is not a cancellation); it sees the flag at its next write() or
//   poll.
//
// Graceful shutdown (stop())
// - The acceptor closes; idle keep-alive connections close at once; requests in flight may finish within
//   shutdown_grace and are answered with `Connection: close`.
// - Streaming responses end: from then on write() returns false and client_gone() is true; a handler blocked
//   between events is woken by terminal cancellation of its coroutine (Asio per-operation cancellation: its
//   pending wait completes with operation_aborted, its next co_await throws unless it turned
//   throw_if_cancelled off). The listener then ends the chunked body cleanly (last chunk) if the handler did
//   not call finish().
// - When shutdown_grace has passed, the remaining handlers get the same terminal cancellation and their
// sockets
//   are closed.
#pragma once

#include <mcp/net/listener_options.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <functional>
#include <memory>

namespace mcp::net {

namespace detail {
struct listener_state;
} // namespace detail

// Accepts HTTP/1.1 connections on one address and serves them with a handler. Thread-safe: start(), port()
// and stop() may be called from any thread. The listener's state outlives the object while connections run.
class listener {
public:
    // `ex`: an io_context's executor or a strand of one (std::invalid_argument otherwise).
    listener(boost::asio::any_io_executor ex, listener_options opts, net::handler h);
    listener(listener&&) noexcept = default;
    listener& operator=(listener&&) noexcept = default;
    listener(listener const&) = delete;
    listener& operator=(listener const&) = delete;
    ~listener(); // begins stop() if it has not begun; destroy the listener before its execution context

    // Binds, listens and starts accepting on the executor. Does not block and does not suspend. Call once.
    // Throws std::system_error with a message such as "cannot bind 127.0.0.1:8080: Address already in use"
    // (the listener may then be started again), std::logic_error when called twice or after stop().
    void start();

    // The bound port (the ephemeral one when options.port was 0); 0 before start().
    unsigned short port() const;

    // Begins a graceful shutdown (see the file comment) and returns at once. `on_stopped` runs once, on one
    // of the executor's threads, when every connection has ended, or at the latest shortly after
    // shutdown_grace (the connections still running are then abandoned to the executor, with their sockets
    // closed). A call after the shutdown has completed runs `on_stopped` at once on the caller's thread. Do
    // not block in it.
    void stop(std::function<void()> on_stopped = {});

private:
    std::shared_ptr<detail::listener_state> state_;
};

// Runs a listener on a fresh io_context driven by options.threads threads until SIGINT or SIGTERM, which
// begin a graceful stop() (a second signal stops at once). Returns the process exit code: 0 after a signal, 1
// when the listener cannot start (the reason is logged).
int serve(handler h, listener_options opts = {});

} // namespace mcp::net
