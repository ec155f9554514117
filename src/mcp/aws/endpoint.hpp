// Where an AWS service is reached: the parsed endpoint URL and the rule for plain HTTP. Pure, no I/O.
//
// HTTPS always verifies the certificate and the host name. Plain HTTP sends the signed request (and a session
// token) in clear, so it is accepted only for a local endpoint (localhost, 127.0.0.0/8, ::1): dynalite or
// DynamoDB Local on the same machine.
#pragma once

#include <mcp/aws/error.hpp>

#include <string>
#include <string_view>

namespace mcp::aws {

struct endpoint {
    bool tls = true;
    std::string host;        // for DNS and the certificate check: "dynamodb.eu-west-1.amazonaws.com", "::1"
    std::string port;        // "443"
    std::string path = "/";  // requests go here
    std::string host_header; // "host[:port]" with the port only when not the scheme's default; IPv6 in brackets

    // scheme://host_header + path, for messages.
    std::string url() const;
};

// Exceptions to the rules below, for the credential endpoints (credential_sources.hpp) only.
struct endpoint_rules {
    // Plain HTTP to any host: the link-local container and instance metadata endpoints (169.254.170.2,
    // 169.254.169.254), whose host the caller has checked.
    bool plain_http_anywhere = false;
    // A query is kept, at the end of `path` (a container endpoint's URL may carry one).
    bool keep_query = false;
};

// http(s)://host[:port][/path]. Errors (invalid_configuration): not a URL, another scheme, user info, a query or
// fragment, plain HTTP to a host that is not local (unless `rules` allow them).
result<endpoint> parse_endpoint(std::string_view url, endpoint_rules rules = {});

// localhost (any case, with or without a trailing dot), an address in 127.0.0.0/8, or ::1.
bool is_local_host(std::string_view host);

// https://dynamodb.<region>.amazonaws.com (.amazonaws.com.cn for the China regions).
std::string default_dynamodb_endpoint(std::string_view region);

} // namespace mcp::aws
