// One HTTP/1.1 connection of the client's Streamable HTTP transport, plain or TLS: connect, send a request and
// read its head, then read the body in pieces as it arrives (an SSE stream may last as long as the session).
// Not an MCP concept: http_connection.cpp decides what to send and what the answers mean. Beast and Asio SSL
// templates live in http_link.cpp only.
//
//   connect(url) --> send(request) --> head --> read_some()* until the body ends --> reusable()? send(next)
#pragma once

#include <mcp/protocol/error.hpp>
#include <mcp/core/task.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mcp::transport {

// Where the server is: from an http:// or https:// URL.
struct http_endpoint {
    bool tls = false;
    std::string host; // a name or an address (IPv6 without brackets)
    std::string port; // "80", "443", or the URL's
    std::string target; // path and query, "/mcp" at least "/"
    std::string host_header; // host[:port] as the URL has it

    // Errors (invalid_params): not a URL, a scheme other than http and https, user info in the URL.
    static result<http_endpoint> parse(std::string_view url);
};

using header_list = std::vector<std::pair<std::string, std::string>>;

struct http_head {
    unsigned status = 0;
    header_list headers;
    bool keep_alive = false;
    // The first value of a header (case-insensitive name); nullopt when absent.
    std::optional<std::string_view> header(std::string_view name) const;
};

struct http_link_options {
    std::chrono::milliseconds connect_timeout{10000}; // resolve + connect + TLS handshake
    std::chrono::milliseconds head_timeout{30000};    // write the request + read the response head
    std::string ca_file; // extra trusted CAs (PEM) besides the system store
    bool verify_peer = true; // false only for tests against a self-signed server
};

class http_link {
public:
    // Errors (transport::code::unreachable): cannot resolve, connect or complete TLS, with the reason.
    static task<result<std::unique_ptr<http_link>>> connect(boost::asio::any_io_executor ex, http_endpoint const& ep,
                                                            http_link_options const& options);
    ~http_link();

    // Writes a request (Host and Content-Length are added) and reads the response head.
    task<result<http_head>> send(std::string_view method, std::string_view target, header_list const& headers,
                                 std::string_view body);
    // The same in two steps, for a GET stream whose head may come only with its first event: write within
    // head_timeout, then read the head within `head_limit` (nullopt: as long as it takes).
    task<result<>> write(std::string_view method, std::string_view target, header_list const& headers,
                         std::string_view body);
    task<result<http_head>> read_head(std::optional<std::chrono::milliseconds> head_limit);
    // The next bytes of the body (at most 64 KiB); an empty string once the body has ended.
    task<result<std::string>> read_some();
    // The rest of the body; an error when it exceeds `limit` bytes (the link is then unusable).
    task<result<std::string>> read_all(std::size_t limit);
    // Whether the body was read to its end and the server allows another request on this connection.
    bool reusable() const;
    // Whether the last send() failed before the server could have seen the request: the write failed, or the
    // connection ended before any byte of an answer (a kept-alive connection the server had closed). Only
    // then may the request be sent again on another connection; never after a timeout or a bad answer.
    bool unused() const;
    // Stops any operation in progress (it ends with an error); the link is then unusable. Thread-unsafe: call it
    // on the link's executor.
    void close();

    struct state;

private:
    explicit http_link(std::unique_ptr<state> s);
    std::unique_ptr<state> s_;
};

} // namespace mcp::transport
