// How the emulator's front turns what a function returned into the HTTP response its client sees, as API
// Gateway and Function URLs do: a buffered payload ({statusCode, headers, multiValueHeaders, cookies, body,
// isBase64Encoded}, or for payload 2.0 any other JSON as a 200 application/json body), the prelude of a
// streamed response (application/vnd.awslambda.http-integration-response: JSON {statusCode, headers,
// cookies}, eight NUL bytes, then the body), and the gateway's own error answers (502 for a broken function,
// 504 for a timeout). Pure functions and an I/O-free reader.
//
// Not for: the invocation events (events.hpp), the Runtime API (runtime_api.hpp).
#pragma once

#include <lambda_emulator/events.hpp>

#include <mcp/http/exchange.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace lambda_emulator {

struct http_answer {
    int status = 200;
    mcp::http::headers headers;
    std::string body;
};

// The HTTP response a buffered function payload stands for; nullopt when API Gateway would answer 502 (not
// JSON, a malformed structured response, or for payload 1.0 no statusCode at all).
std::optional<http_answer> decode_buffered(event_format f, std::string_view payload);

// Status and headers of a streamed response from its JSON prelude; nullopt when it is malformed.
std::optional<http_answer> decode_prelude(std::string_view prelude);

enum class gateway_failure {
    bad_gateway, // 502: the function failed, crashed or returned something the gateway cannot read
    timeout,     // 504: no answer within the timeout
};

// The gateway's own answer to a failed invocation, with the body API Gateway sends.
http_answer gateway_error(event_format f, gateway_failure why);

// "errorType: errorMessage" of a Runtime API error document ({"errorMessage", "errorType", ...}) for the log;
// `type` (the Lambda-Runtime-Function-Error-Type header or trailer) wins when not empty. A body that is not
// such a document is shown as is, cut at 500 bytes.
std::string describe_function_error(std::string const& type, std::string const& body);

// Splits the start of a streamed http-integration-response into the prelude and the body. Feed it bytes as
// they arrive until it says ready (or malformed); then head() is the status and headers and leftover() the
// body bytes that came in the same piece after the delimiter.
class prelude_reader {
public:
    static constexpr std::size_t delimiter_size = 8;
    enum class state { need_more, ready, malformed };

    explicit prelude_reader(std::size_t max_prelude = 16 * 1024) : max_(max_prelude) {}

    state feed(std::string_view bytes);
    state current() const { return state_; }
    http_answer const& head() const { return head_; }
    std::string take_leftover() { return std::move(leftover_); }

private:
    std::size_t max_;
    state state_ = state::need_more;
    std::string pending_; // bytes of the prelude (and maybe of the delimiter) so far
    http_answer head_;
    std::string leftover_;
};

} // namespace lambda_emulator
