// The HTTP/1.1 transport under the AWS clients: connections to one endpoint, kept alive and reused. Not a
// general HTTP client (one endpoint, no redirects, no proxies, no compression, whole bodies in memory).
//
//   exchange(request) --> idle connection? ---- no ---> resolve, connect, TLS handshake (SNI, verify peer + name)
//                              | yes                          |
//                              v                              v
//                          write request, read response (one deadline for the whole exchange)
//                              |
//              keep-alive answer -> back to the idle list (at most max_idle, each for at most max_idle_time)
//
// A reused connection that the server had already closed (the keep-alive race) is dropped and the request is
// sent again on another one, without counting as a failure. Every other failure is returned as a value; retrying
// is the caller's decision (see retry.hpp). Beast and Asio SSL templates live in http_pool.cpp only.
#pragma once

#include <mcp/aws/endpoint.hpp>
#include <mcp/aws/error.hpp>
#include <mcp/aws/sigv4.hpp>
#include <mcp/core/task.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcp::aws {

struct http_request {
    std::string method = "POST";
    std::string target = "/";
    std::vector<sigv4::header> headers; // Host, Content-Length and Connection are set by the pool
    std::string body;
};

struct http_response {
    unsigned status = 0;
    std::vector<sigv4::header> headers;
    std::string body;

    // The first value of a header (case-insensitive name); empty when absent.
    std::string_view header(std::string_view name) const;
};

struct http_outcome {
    std::optional<http_response> response; // set when the server answered, whatever the status
    std::string failure;                   // otherwise: what went wrong ("cannot connect: Connection refused")
    bool transient = true;                 // false when trying again cannot help (certificate rejected)
};

struct http_pool_options {
    std::chrono::milliseconds timeout{5000}; // connect + handshake + write + read of one exchange
    std::size_t max_idle = 8;                // idle connections kept for reuse
    std::chrono::milliseconds max_idle_time{20000};
    std::string ca_file; // a PEM file of extra trusted CAs, besides the system store (AWS_CA_BUNDLE)
    std::size_t max_response_bytes = 32 * 1024 * 1024;
};

class http_pool {
public:
    // Errors (invalid_configuration): the TLS context cannot be set up (for example an unreadable ca_file).
    // `ex` runs the connections' I/O; the pool must not outlive its execution context.
    static result<http_pool> create(boost::asio::any_io_executor ex, endpoint ep, http_pool_options o = {});

    // Sends one request and reads the answer. Suspends; safe to call from several coroutines and threads at once
    // (each exchange has a connection to itself). The pool's state is shared with the exchange, so a copy of the
    // pool, or none, may be all that is left while it runs.
    task<http_outcome> exchange(http_request request) const;

    endpoint const& target() const;
    std::size_t idle_connections() const;

    struct state;

private:
    explicit http_pool(std::shared_ptr<state> s) : state_(std::move(s)) {}
    std::shared_ptr<state> state_;
};

} // namespace mcp::aws
