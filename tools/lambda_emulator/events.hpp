// The invocation events the emulator's front builds from HTTP requests, shaped as AWS documents them:
// API Gateway HTTP API payload format 2.0 (`v2`, the default), API Gateway REST API proxy payload 1.0 (`v1`,
// with multiValueHeaders and multiValueQueryStringParameters), and Lambda Function URLs (`url`: payload 2.0
// with a `<url-id>.lambda-url.<region>.on.aws` domain and the invocation id as requestContext.requestId).
// References: API Gateway developer guide, "Create AWS Lambda proxy integrations for HTTP APIs" (payload
// format versions) and "Set up Lambda proxy integrations" (REST input format); Lambda developer guide,
// "Invoking Lambda function URLs" (request payload).
//
// Written from those documents independently of the framework's own event parser (src/mcp/lambda), so the two
// cross-check each other. Pure functions: the caller supplies ids, time and addresses.
//
// Not for: ALB events, authorizer contexts (the emulated APIs have no authorizer), WebSocket APIs.
#pragma once

#include <mcp/http/exchange.hpp>

#include <boost/json/object.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace lambda_emulator {

enum class event_format { v2, v1, url };

std::optional<event_format> parse_event_format(std::string_view name); // "v2", "v1" or "url"
std::string_view format_name(event_format f);

// The emulated API: fixed for the emulator's lifetime.
struct gateway_identity {
    event_format format = event_format::v2;
    std::string account_id = "123456789012";
    std::string api_id; // 10 characters for API Gateway, 32 for a Function URL id
    std::string region = "us-east-1";
    std::string stage = "prod"; // v1 only: REST APIs have named stages (v2 and url use "$default")

    // id.execute-api.region.amazonaws.com, or id.lambda-url.region.on.aws for a Function URL.
    std::string domain_name() const;
};

// What the front knows of one request beyond its method, target, headers and body.
struct request_facts {
    std::string invocation_id; // the Lambda request id (Lambda-Runtime-Aws-Request-Id)
    std::string gateway_id;    // API Gateway's own request id (v1, v2); a Function URL uses invocation_id
    std::chrono::system_clock::time_point time;
    std::string source_ip;
    unsigned short front_port = 0; // x-forwarded-port
    std::string trace_root;        // "1-5e6a9b2e-0123456789abcdef01234567", for x-amzn-trace-id
};

// The request's IP address without the port ("127.0.0.1:5123" -> "127.0.0.1", "[::1]:5123" -> "::1").
std::string address_only(std::string_view remote_address);

// True when the body travels base64-encoded: it is not valid UTF-8, or its media type is not textual (text/*,
// JSON, XML, JavaScript, form data, GraphQL, or no Content-Type at all with a UTF-8 body).
bool body_is_binary(std::string_view content_type, std::string_view body);

// The whole event for `req` in the identity's format.
boost::json::object make_event(gateway_identity const& id, request_facts const& facts,
                               mcp::http::request const& req);

} // namespace lambda_emulator
