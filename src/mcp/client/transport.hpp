// The client's side of a transport: how an mcp::client sends JSON-RPC messages to one server and hears back.
// Each transport (Streamable HTTP, stdio, the in-process one of mcp::testing) implements `connection`; the
// client above it is the same for all (correlation, handshake, typed calls).
//
//   mcp::client --send(message)--> connection --(HTTP POST / a line on the child's stdin / an exchange)--> server
//        ^                              |
//        +---- receiver::on_message <---+   (answers, server requests and notifications, in arrival order)
//
// Invariants: a connection calls its receiver on the executor it was opened with, one call at a time. A request
// whose send() succeeded is answered exactly once through on_message: by the server, or, when the transport
// loses its answer later (a broken stream that cannot be resumed, an event too big), by an error response for
// its id that the transport makes up (transport::code, the message saying what happened). The answer may
// arrive before send() returns (an HTTP answer in the POST's own body).
#pragma once

#include <mcp/protocol/error.hpp>
#include <mcp/core/task.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace mcp::transport {

// JSON-RPC codes a transport uses in the error responses it makes up (ours, in the server-defined range).
namespace code {
inline constexpr int unreachable = -32050;     // the request could not be delivered or its answer was lost
inline constexpr int http_status = -32051;     // the server answered with an HTTP error; data: {"status": n}
inline constexpr int bad_answer = -32052;      // the answer was not JSON-RPC, too big, or of a wrong type
inline constexpr int session_expired = -32053; // HTTP 404 on the session: the client starts a new one
} // namespace code

class receiver {
public:
    virtual ~receiver() = default;
    // One message from the server: a response (or made-up error response), a request, or a notification.
    virtual void on_message(boost::json::object message) = 0;
    // Something the server sent that is not a message the client can use (a line of garbage, an answer that is
    // not JSON): the transport skips it and goes on. For logs.
    virtual void on_garbage(std::string what) = 0;
    // The transport can neither send nor receive any more (the process exited, close() was called).
    virtual void on_closed(std::string reason) = 0;
};

class connection {
public:
    virtual ~connection() = default;

    // Makes the connection ready (starts the server process; nothing for HTTP). From here on, messages go to
    // `r` on `ex`; `r` must outlive the connection.
    virtual task<result<>> open(boost::asio::any_io_executor ex, receiver& r) = 0;
    // Sends one message. Returns once it is handed over (written to the pipe, or the POST answered with its
    // status); the answer to a request comes through the receiver. An error here means the message will get no
    // answer (not delivered, or refused: an HTTP error status, a wrong content type, a 404 on the session).
    virtual task<result<>> send(boost::json::object message) = 0;
    // Told once initialize has succeeded (and again after a new session): HTTP sends the version in every later
    // request.
    virtual void initialized(std::string_view protocol_version) { (void)protocol_version; }
    // After notifications/initialized: HTTP opens its listening stream (GET) and returns once the server answered
    // it (at most a few seconds), so what the server sends unasked (dropped while there is no stream) can come.
    virtual task<> start_listening() { co_return; }
    // Ends the connection (HTTP: DELETE of the session; stdio: close stdin, wait, then SIGTERM, SIGKILL).
    virtual task<> close() = 0;
    // The session the server gave (HTTP's MCP-Session-Id), when there is one.
    virtual std::optional<std::string> session_id() const { return std::nullopt; }
    // What the connection talks to, for messages: "http://127.0.0.1:8080/mcp", "stdio: ./server --flag".
    virtual std::string describe() const = 0;
};

} // namespace mcp::transport
