// How the auth layer reaches its authorization server: the issuer's metadata, its JWKS, its introspection
// endpoint, over mcp::aws::http_pool (a small keep-alive HTTP/1.1 + TLS client, one endpoint per pool; the
// auth layer links mcp::aws rather than carry a second client). Not a general client: one request, one
// answer, bounded.
//
// Rules, for every URL the auth layer fetches:
// - https with the certificate and host name verified (the system store, plus fetch_options::ca_file); plain
//   http only to a loopback host (localhost, 127.0.0.0/8, ::1: tests and a local authorization server), any
//   other http URL is invalid_configuration at construction;
// - redirects are not followed (a 3xx is a failed fetch: a key set must come from the configured place);
// - one deadline per exchange (fetch_options::timeout), a response body cap per use (max_response_bytes).
#pragma once

#include <mcp/auth/error.hpp>
#include <mcp/aws/http_pool.hpp>
#include <mcp/core/task.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace mcp::auth {

struct fetch_options {
    std::chrono::milliseconds timeout{5000}; // connect + TLS handshake + request + answer
    std::string ca_file;                     // a PEM file of CAs trusted besides the system store
};

// A pool for `url`, whose answers may be at most `max_response_bytes`. `what` names the URL's use in
// messages ("JWKS"). Errors: invalid_configuration (not an absolute http(s) URL, user info or fragment, http
// to a host that is not loopback, an unreadable ca_file).
result<aws::http_pool> open_pool(boost::asio::any_io_executor ex, std::string_view url, std::string_view what,
                                 fetch_options const& o, std::size_t max_response_bytes);

struct http_answer {
    unsigned status = 0;
    std::string body;
};

// Sends `request` to the pool's endpoint (its target is the URL's path and query). Suspends. The answer
// whatever its status; errors: unavailable when none came (refused, timed out, TLS rejected, body over the
// cap), with `what` and the URL in the message.
task<result<http_answer>> send(aws::http_pool pool, aws::http_request request, std::string what);

// GET of the pool's URL, expecting 200 and a JSON object: its text. Errors: unavailable (no answer, another
// status, a redirect, a body that is not a JSON object).
task<result<std::string>> get_json_object(aws::http_pool pool, std::string what);

} // namespace mcp::auth
