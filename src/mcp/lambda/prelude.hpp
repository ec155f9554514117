// Lambda response streaming for HTTP (Function URLs, API Gateway streaming): the function posts its response
// with `Lambda-Runtime-Function-Response-Mode: streaming` and content type
// `application/vnd.awslambda.http-integration-response`. The stream starts with a JSON prelude carrying
// status, headers and cookies, then eight NUL bytes, then the body as it is produced. Pure: this only encodes
// the prelude; the Runtime API client writes it and the body chunks (and trailers for a mid-stream error).
//
//   {"statusCode":200,"headers":{"content-type":"text/event-stream"},"cookies":[]} \0\0\0\0\0\0\0\0 body...
#pragma once

#include <mcp/http/exchange.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <string>
#include <string_view>

namespace mcp::lambda {

// The content type of a streamed HTTP integration response (the Runtime API request's Content-Type).
inline constexpr std::string_view http_integration_content_type =
    "application/vnd.awslambda.http-integration-response";
// The header that switches the Runtime API response to streaming.
inline constexpr std::string_view response_mode_header = "Lambda-Runtime-Function-Response-Mode";
inline constexpr std::string_view response_mode_streaming = "streaming";
// What separates the prelude from the body.
inline constexpr std::string_view prelude_delimiter{"\0\0\0\0\0\0\0\0", 8};

// The prelude followed by the delimiter: {"statusCode":<status>,"headers":{...},"cookies":[...]} then 8 NULs.
// set-cookie values go to "cookies" in order (always present, possibly empty); other repeated names are
// joined with ", " under their lowercase name, in first-appearance order.
std::string streaming_prelude(int status, http::headers const& headers);

namespace detail {
// Response headers as payload 2.0 and the prelude carry them: one string per lowercase name (repeated values
// joined with ", ", first-appearance order) and the set-cookie values apart, in order.
struct single_value_headers {
    boost::json::object headers;
    boost::json::array cookies;
};
single_value_headers split_cookies(http::headers const& headers);
} // namespace detail

} // namespace mcp::lambda
