// What the listener and each of its connections share: the limits (listener_options) and the handler's
// signature. Its own header so that connection.hpp and listener.hpp need not include each other; users
// include <mcp/net/listener.hpp>.
#pragma once

#include <mcp/core/task.hpp>
#include <mcp/http/exchange.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

namespace mcp::net {

struct listener_options {
    std::string address = "127.0.0.1";
    unsigned short port = 8080;                   // 0: an ephemeral port, see listener::port()
    std::size_t threads = 0;                      // serve() only; 0: hardware concurrency
    std::chrono::seconds header_timeout{10};      // from connect or first byte to the end of the header
    std::chrono::seconds body_timeout{30};        // to read a request body; also each response write
    std::chrono::seconds idle_timeout{60};        // between requests on a keep-alive connection
    std::size_t max_connections = 1024;           // open connections; more get 503 and are closed
    std::size_t max_header_bytes = 16 * 1024;     // request line and fields; more gets 431
    std::size_t max_body_bytes = 4 * 1024 * 1024; // more gets 413
    std::chrono::seconds shutdown_grace{10};      // how long stop() lets requests in flight run
};

// Answers one request. Runs on the connection's strand; `writer` stays valid until the returned task
// completes and may be used from any strand, by one coroutine at a time.
using handler = std::function<task<>(http::request, http::response_writer&)>;

} // namespace mcp::net
