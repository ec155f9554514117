// The states of one HTTP/1.1 connection as a pure machine: a state and an event in, the next state and the
// I/O to do out. No Beast, no Asio, no clock: connection.cpp feeds it what happened on the socket and in the
// handler, and performs what the step asks for, in the order of the action bits below. Not for deciding
// anything about the request's content (that is the handler's).
//
//   idle --bytes--> reading --request_read--> awaiting_answer --respond--> responded ---+
//    ^                 |                            |                                    |
//    |           reject: error,                   start --> streaming --finish--> finished
//    |           linger, closed                     |           |                        |
//    |                                      handler end:  handler end:          handler end: stop the watch
//    |                                      500, closed   last chunk, closed    (settling), then
//    +---- keep-alive and not stopping, not peer gone, handler did not fail -------------+--> closed
//    otherwise
//
// Invariants (each has a named test in connection_state_test.cpp)
// - The response keeps the connection alive only if the request allows it, no shutdown has begun, the
// handler's
//   headers do not ask to close, and it is not an HTTP/1.0 stream (whose body ends with the close).
// - write() after the peer is gone or a shutdown began does nothing and returns false; an empty or HEAD write
//   does nothing and returns true.
// - finish() writes the last chunk unless the peer is gone, the request was HEAD or the stream is HTTP/1.0.
// - A shutdown acts only on an idle connection (cancel its read) or a streaming one (wake its handler); once.
// - A forced close always closes the socket, and wakes the handler if one runs.
// - The handler ending without a response gets a 500 and the connection closes; ending while streaming gets
//   the last chunk (unless it failed on its own) and the connection closes.
// - A next request is read only if the response kept alive, the peer is not gone and the handler did not
// fail;
//   after a stream, also only if no shutdown began.
// - An event that the phase does not allow changes nothing and returns `misuse` (connection.cpp throws
//   std::logic_error for the writer's calls, where today's code did).
#pragma once

#include <cstdint>
#include <string_view>

namespace mcp::net::detail {

enum class conn_phase : std::uint8_t {
    idle,            // waiting for the first byte of a request (a shutdown may close it)
    reading,         // the rest of the request's header and body
    awaiting_answer, // the handler runs and has not answered
    responded,       // the handler runs and answered in one piece
    streaming,       // the handler runs and streams (start() called, finish() not)
    finished,        // the handler runs and finished its stream
    settling,        // the handler ended after a stream: waiting for the watch read to stop
    closed,          // the connection is over (or ends as soon as the current I/O does)
};
inline constexpr int conn_phase_count = 8;

// The read that watches for the client leaving while a stream is open.
enum class watch_phase : std::uint8_t { off, armed, stopping };
inline constexpr int watch_phase_count = 3;

// What the request line and header said, as far as the connection cares.
struct request_facts {
    bool http10 = false;    // HTTP/1.0: answered as 1.0, a stream is raw (no chunking)
    bool keep_alive = true; // the request allows keeping the connection open
    bool head = false;      // HEAD: headers only
    bool get = false;       // GET: a stream may stay open for hours (an SSE listening stream)
    bool operator==(request_facts const&) const = default;
};

struct conn_state {
    conn_phase phase = conn_phase::idle;
    watch_phase watch = watch_phase::off;
    request_facts request{};
    bool first = true;      // no request read yet on this connection
    bool keep = false;      // the response said keep-alive
    bool stopping = false;  // a shutdown (or forced close) began
    bool peer_gone = false; // a write failed or the watch saw the client leave; never cleared
    bool woken = false;     // the handler was cancelled by the shutdown
    bool failed = false;    // the handler ended with an exception

    bool handler_runs() const;
    bool raw_stream() const { return request.http10; }
    bool operator==(conn_state const&) const = default;
};

enum class conn_event : std::uint8_t {
    opened,            // the connection starts
    bytes,             // the first bytes of a request are in the buffer
    read_failed,       // a read ended without a request (EOF, timeout, reset, cancellation)
    expect_continue,   // the header is read, the body is not, and the client waits for 100 Continue
    body_follows,      // the header is read, the body is not
    request_read,      // a whole request is read (facts in conn_input::request)
    body_too_large,    // 413
    header_too_large,  // 431
    malformed,         // 400
    respond,           // the handler's respond() (conn_input::asks_close)
    start,             // the handler's start() (conn_input::asks_close)
    stream_head_sent,  // the stream's header is written
    write,             // the handler's write() (conn_input::empty)
    finish,            // the handler's finish()
    write_failed,      // a response write failed
    watch_bytes,       // the watch read got bytes (conn_input::buffer_full: over the read-ahead limit)
    watch_failed,      // the watch read ended with an error (the client left, or our cancel or close)
    watch_joined,      // the watch read's completion was awaited after a cancel_watch
    handler_done,      // the handler's task completed
    handler_failed,    // the handler's task threw
    handler_cancelled, // the handler's task threw operation_aborted (woken or not)
    shutdown,          // the listener begins a graceful shutdown
    force_close,       // the shutdown grace is over
    ended,             // the serve loop returned: the socket closes
};
inline constexpr int conn_event_count = 24;

struct conn_input {
    request_facts request{}; // request_read
    bool asks_close = false; // respond, start: the handler's headers say Connection: close
    bool empty = false;      // write: no bytes
    bool buffer_full = false;
};

// The I/O a step asks for, a bit set, performed in this order.
enum conn_action : std::uint32_t {
    act_none = 0,
    act_read_idle = 1u << 0,              // read the first bytes of the next request
    act_read_request = 1u << 1,           // read the request's header (the first bytes are buffered)
    act_send_100 = 1u << 2,               // 100 Continue
    act_read_body = 1u << 3,              // read the request's body
    act_send_error = 1u << 4,             // an error response with conn_step::status, Connection: close
    act_linger = 1u << 5,                 // shut our side, drain the client's input for a moment
    act_spawn_handler = 1u << 6,          // run the handler on the request
    act_write_response = 1u << 7,         // the whole response
    act_write_response_head = 1u << 8,    // the response's header only (HEAD)
    act_write_stream_head = 1u << 9,      // a chunked stream's header
    act_write_raw_stream_head = 1u << 10, // an HTTP/1.0 stream's header (the close ends the body)
    act_arm_watch = 1u << 11,             // (re)start the watch read; it has no deadline
    act_release_buffer = 1u << 12,        // give back the read buffer if empty (a long GET stream)
    act_write_chunk = 1u << 13,
    act_write_raw = 1u << 14,
    act_write_last_chunk = 1u << 15,
    act_cancel_watch = 1u << 16,  // cancel the watch read, then await its completion (then watch_joined)
    act_watch_stopped = 1u << 17, // complete the wait of the one who cancelled the watch
    act_wake_handler = 1u << 18,  // terminal cancellation of the handler's coroutine
    act_cancel_read = 1u << 19,   // cancel the pending idle read
    act_close = 1u << 20,         // close the socket now
    act_misuse = 1u << 21,        // the event is not allowed in this phase; nothing changed
};
inline constexpr conn_action operator|(conn_action a, conn_action b) {
    return static_cast<conn_action>(static_cast<std::uint32_t>(a) | static_cast<std::uint32_t>(b));
}

// Which deadline the step's first I/O gets (act_linger carries its own).
enum class conn_timer : std::uint8_t { keep, header, idle, body, never };

struct conn_step {
    conn_state next;
    conn_action actions = act_none;
    conn_timer timer = conn_timer::keep;
    int status = 0;      // act_send_error
    bool result = false; // write: what it returns when the step does no I/O
    bool has(conn_action a) const { return (actions & a) != 0; }
};

// Pure and total: every state and event give a step.
conn_step step(conn_state const& s, conn_event e, conn_input const& in = {}) noexcept;

std::string_view name_of(conn_phase p);
std::string_view name_of(conn_event e);

} // namespace mcp::net::detail
