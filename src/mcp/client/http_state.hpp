// Private to the Streamable HTTP transport (http_connection.cpp, http_streams.cpp): the state its POSTs, its
// streams and its listening loop share. Held by shared_ptr, so a stream still unwinding after close() (or after
// the connection is gone) touches nothing freed; it never calls the receiver once `closing` is set.
#pragma once

#include <mcp/client/http_connection.hpp>
#include <mcp/client/oauth_flow.hpp>

#include <boost/asio/steady_timer.hpp>
#include <boost/json.hpp>

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace mcp::transport {

struct http_state : std::enable_shared_from_this<http_state> {
    http_options options;
    http_endpoint endpoint;
    boost::asio::any_io_executor ex;
    transport::receiver* receiver = nullptr;
    std::optional<std::string> session_id;
    std::optional<std::string> version;
    std::shared_ptr<oauth::authorizer> auth; // when options.authorization is set, from open() on
    bool closing = false;
    bool listening = false;
    std::vector<std::unique_ptr<http_link>> idle;
    std::set<http_link*> busy;                  // links in use, closed by close()
    std::set<boost::asio::steady_timer*> waits; // reconnect delays, cancelled by close()
    // start_listening() waits on it until the listening GET's head has come or the GET failed (cancelled then),
    // at most a few seconds (a server that sends the head only with its first event).
    std::shared_ptr<boost::asio::steady_timer> listen_gate;

    // The headers of every request: the user's, the bearer token, the session and the version.
    header_list common_headers() const;
    // A kept-alive link, or a new one.
    task<result<std::unique_ptr<http_link>>> take_link(bool& reused);
    void give_back(std::unique_ptr<http_link> link);
    // Hands one message to the receiver (nothing once closing).
    void deliver(boost::json::object message);
    void garbage(std::string what);
    // Delivers a made-up error response for request `id` (transport.hpp).
    void fail_request(boost::json::value const& id, int code, std::string message);
    // Sleeps `delay`, unless close() comes first (then false).
    task<bool> pause(std::chrono::milliseconds delay);
};

// One SSE answer or listening stream, read to its end. `awaited` is the id of the request whose answer the
// stream carries (null for the listening stream); when the stream breaks before that answer, it is resumed with
// GET and Last-Event-ID (at most options.max_resume_attempts times) or the request fails.
task<> read_stream(std::shared_ptr<http_state> s, std::unique_ptr<http_link> link, boost::json::value awaited);
// The GET listening stream, reopened after each break until close().
task<> listen(std::shared_ptr<http_state> s);

} // namespace mcp::transport
