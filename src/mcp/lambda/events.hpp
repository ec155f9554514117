// Lambda invocation payloads <-> the framework's HTTP exchange (ARCHITECTURE.md sections 3 and 9). Pure: JSON
// text in, an http::request out; a status, headers and body in, the response JSON the event's source expects
// out. The Runtime API client, the invocation loop and the response writers (buffered and streaming) build on
// this.
//
//   payload --parse_invocation--> http_event --streamable handler--> status, headers, body
//                                 completion_notice (acknowledge quietly)          |
//                                 error (not HTTP, bad JSON, bad base64)           v
//                                           buffered_response(event, ...) or streaming_prelude (prelude.hpp)
//
// Sources and what tells them apart (first match wins):
//   alb                  requestContext.elb
//   function_url         payload 2.0 (version "2.0" or requestContext.http) whose requestContext.domainName
//                        contains ".lambda-url." (<url-id>.lambda-url.<region>.on.aws)
//   api_gateway_http     any other payload 2.0 (HTTP API). An emulator that sends a Function URL event from
//                        "localhost" lands here: harmless, both answer in the same format.
//   api_gateway_http_v1  httpMethod with version "1.0" (HTTP API, payload format 1.0)
//   api_gateway_rest     httpMethod without a version (REST API proxy integration)
//   completion_notice    top-level invokeCompletionStatus and none of the above
//
// Invariants of a parsed http_event:
//   - request.target is path + ("?" + query when there is one). HTTP API paths arrive with "/<stage>" in
//     front for a named stage; it is removed here, so a route is the same on every stage and on REST (whose
//     `path` never carries the stage). `stage` keeps the name.
//   - header names are lowercase; repeated fields keep their order (v1 multiValueHeaders, ALB multi-value
//     mode); payload 2.0 already joins them with ",". Payload 2.0's `cookies` become one "cookie" header.
//   - no client-sent x-authorizer-* header survives; authorizer context is forwarded as
//     x-authorizer-<snake_case> (authorizer.hpp).
//   - body is decoded (isBase64Encoded); remote_address is the caller's IP as the front end saw it, for
//     logs and rate limits only, never identity.
#pragma once

#include <mcp/http/exchange.hpp>
#include <mcp/protocol/error.hpp>

#include <string>
#include <string_view>
#include <variant>

namespace mcp::lambda {

enum class event_source {
    api_gateway_rest,    // REST API, payload 1.0
    api_gateway_http_v1, // HTTP API, payload format 1.0
    api_gateway_http,    // HTTP API, payload format 2.0
    function_url,        // Lambda function URL (payload 2.0 shape)
    alb,                 // Application Load Balancer target group
};

// "api_gateway_rest", ... for logs.
std::string_view to_string(event_source s);

struct http_event {
    event_source source = event_source::api_gateway_http;
    http::request request;
    std::string stage; // API Gateway stage ("$default", "prod"); empty for Function URLs and ALB
    // The response must carry repeated headers in multiValueHeaders: payload 1.0 (REST, HTTP API 1.0) always,
    // ALB when the target group has multi-value headers on (the request then came with multiValueHeaders).
    bool multi_value_headers = false;
};

// A streaming invocation's completion notice (undocumented shape observed from AWS: a top-level
// "invokeCompletionStatus", e.g. "Success"). The loop acknowledges it without an error log or error metric.
struct completion_notice {
    std::string status; // the value when it is a string, else its compact JSON
};

using invocation = std::variant<http_event, completion_notice>;

// Classifies a payload and maps it. Errors are mcp::error with code invalid_request and a message a person
// can act on: "payload is not valid JSON: ...", "not an HTTP event: no httpMethod, requestContext.http or
// requestContext.elb, and no invokeCompletionStatus (top-level keys: ...)", "body is marked base64
// (isBase64Encoded) but is not valid base64", "httpMethod must be a string, not a number". Never throws on
// bad input.
result<invocation> parse_invocation(std::string_view payload);

// The whole response as the event's source expects it (buffered mode), as JSON text:
//   REST, HTTP API 1.0: {statusCode, headers, multiValueHeaders, body, isBase64Encoded}; a name with one
//     value goes in headers, a repeated name and every set-cookie in multiValueHeaders.
//   HTTP API 2.0, Function URL: {statusCode, headers, cookies, body, isBase64Encoded}; set-cookie values go
//     in cookies, other repeated names are joined with ", ".
//   ALB: {statusCode, statusDescription ("200 OK"), multiValueHeaders or headers, body, isBase64Encoded};
//     multiValueHeaders when e.multi_value_headers, else headers with repeated names joined with ", ",
//     except set-cookie, of which only the LAST value can be sent (a single-value map cannot hold several
//     cookies; enable multi-value headers on the target group to keep them all).
// A body that is not valid UTF-8 is base64-encoded (isBase64Encoded true); any other body travels as is.
std::string buffered_response(http_event const& e, int status, http::headers const& headers,
                              std::string const& body);

// "OK" for 200, ... ("Unknown" for codes without a standard reason phrase). ALB's statusDescription uses it.
std::string_view reason_phrase(int status);

} // namespace mcp::lambda
