// Small text codecs the emulator needs to build events and read responses: base64 and UTF-8 validation (the
// framework's, mcp/json/bytes.hpp), percent-decoding of query strings, random identifiers and the API Gateway
// time format. Pure functions.
//
// Not for: base64url, MIME line wrapping, URL encoding (events carry the raw query string as received).
#pragma once

#include <mcp/json/bytes.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace lambda_emulator {

using mcp::json::base64_decode;
using mcp::json::base64_encode;
inline bool is_utf8(std::string_view bytes) { return mcp::json::is_valid_utf8(bytes); }

// %XX sequences decoded; a malformed one (a '%' not followed by two hex digits) is kept as is. '+' stays '+'.
std::string percent_decode(std::string_view text);

// `count` random lowercase hex digits (std::random_device seeded, not for secrets).
std::string random_hex(std::size_t count);
// A random version 4 UUID in its 8-4-4-4-12 form, as Lambda request ids look.
std::string random_uuid();
// `count` random characters from [a-z0-9], as API ids and Function URL ids look.
std::string random_id(std::size_t count);

// "12/Mar/2020:19:03:58 +0000", the format of requestContext.time (v2) and requestContext.requestTime (v1).
std::string gateway_time(std::chrono::system_clock::time_point t);
// Milliseconds since the Unix epoch.
long long epoch_ms(std::chrono::system_clock::time_point t);

} // namespace lambda_emulator
