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

// http(s)://host[:port][/path]. Errors (invalid_configuration): not a URL, another scheme, user info, a query or
// fragment, plain HTTP to a host that is not local.
result<endpoint> parse_endpoint(std::string_view url);

// localhost (any case, with or without a trailing dot), an address in 127.0.0.0/8, or ::1.
bool is_local_host(std::string_view host);

// https://dynamodb.<region>.amazonaws.com (.amazonaws.com.cn for the China regions).
std::string default_dynamodb_endpoint(std::string_view region);

} // namespace mcp::aws
