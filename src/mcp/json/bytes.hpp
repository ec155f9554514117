// Bytes in JSON text: standard base64 (RFC 4648 section 4: DynamoDB's B attributes, Lambda bodies with
// `isBase64Encoded`, MCP's image and blob data) and the UTF-8 check that decides whether bytes can travel as a
// JSON string or must be base64-encoded. Pure functions, no allocation beyond the result.
//
// And base64url without padding (RFC 4648 section 5, as RFC 7515 section 2 uses it in JWS and RFC 7517 in JWK
// members; the requestState token and pagination cursors), strict: one spelling per byte string.
//
// Not for: MIME line wrapping, streaming decoders.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mcp::json {

// Standard alphabet, padded with '='.
std::string base64_encode(std::string_view bytes);

// The bytes, or nullopt when `text` is not standard base64: a character outside the alphabet (whitespace and
// the URL-safe '-' '_' included), '=' anywhere but at the end, more than two '=', or a length that cannot be
// base64. Padding may be omitted ("YQ" decodes like "YQ=="), as many encoders do.
std::optional<std::string> base64_decode(std::string_view text);

// True when `bytes` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
// U+10FFFF).
bool is_valid_utf8(std::string_view bytes);

// The URL-safe alphabet ('-' and '_'), no '=' padding.
std::string base64url_encode(std::string_view bytes);

// The bytes, or nullopt when `text` is not the unpadded base64url spelling of some bytes: a character outside
// the alphabet ('=', '+', '/', whitespace included), a length of 4k+1, or non-zero bits after the last byte
// (so "YR" is refused where "YQ" means "a"). The empty text is the empty byte string.
std::optional<std::string> base64url_decode(std::string_view text);

} // namespace mcp::json
