// A small HTTP/1.1 server on 127.0.0.1 (a free port) for tests: it answers every request with what a handler
// returns and records the requests. The credential tests make it speak as STS, the container credential
// endpoint and the instance metadata service; the DynamoDB tests as a recording DynamoDB endpoint. Not for
// production; not a general server (no TLS, no streaming, whole bodies).
//
// The server runs on a thread of its own; the handler is called there, one request at a time.
#pragma once

#include <mcp/aws/sigv4.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mcp::aws::testing {

struct recorded_request {
    std::string method;
    std::string target;
    std::vector<sigv4::header> headers;
    std::string body;

    // The first value of a header (case-insensitive); empty when absent.
    std::string header(std::string_view name) const;
};

struct canned_answer {
    unsigned status = 200;
    std::string body;
    std::vector<sigv4::header> headers;
    bool never = false; // read the request, then neither answer nor close (a hung server)
    bool close = false; // close the connection without answering
};

class local_http_server {
public:
    using handler = std::function<canned_answer(recorded_request const&)>;

    // Listens at once; throws std::runtime_error when it cannot.
    explicit local_http_server(handler h);
    ~local_http_server();
    local_http_server(local_http_server const&) = delete;
    local_http_server& operator=(local_http_server const&) = delete;

    std::uint16_t port() const;
    std::string url() const; // "http://127.0.0.1:<port>"

    // The requests received so far (copies), in order; and how many had this target.
    std::vector<recorded_request> requests() const;
    std::size_t count(std::string_view target) const;

    struct state;

private:
    std::shared_ptr<state> state_;
};

} // namespace mcp::aws::testing
