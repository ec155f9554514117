// base64url without padding (RFC 4648 section 5, as RFC 7515 section 2 uses it in JWS and RFC 7517 in JWK
// members), strict: the one spelling of each byte string is accepted and no other.
//
// Not for: standard base64 (json/bytes.hpp), padded input, whitespace or line breaks.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mcp::auth {

// The URL-safe alphabet ('-' and '_'), no '=' padding.
std::string base64url_encode(std::string_view bytes);

// The bytes, or nullopt when `text` is not the unpadded base64url spelling of some bytes: a character outside
// the alphabet ('=', '+', '/', whitespace included), a length of 4k+1, or non-zero bits after the last byte
// (so "YR" is refused where "YQ" means "a"). The empty text is the empty byte string.
std::optional<std::string> base64url_decode(std::string_view text);

} // namespace mcp::auth
