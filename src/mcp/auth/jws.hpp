// A JWS in compact serialization (RFC 7515 section 7.1) taken apart and checked for shape only: three
// base64url parts, a JOSE header and a payload that are both JSON objects (the payload of a JWT is its claims
// set, RFC 7519 section 7.2), `alg` a string, `kid` a string when present, no `crit`. Nothing here is
// verified or trusted: the signature, the key and the claims are validator.cpp's business.
//
// Header members that could point at keys (`jku`, `x5u`, `jwk`, `x5c`) are never used: keys come from the
// configured key set only (RFC 8725 section 3.10). Boost.JSON keeps the last of duplicate member names, which
// RFC 7515 section 4 allows.
//
// Not for: JSON serialization, JWE (five parts), unencoded payloads (RFC 7797: they need `crit`, refused).
#pragma once

#include <mcp/auth/error.hpp>

#include <boost/json/object.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace mcp::auth {

struct compact_jws {
    boost::json::object header;
    boost::json::object claims;
    std::string alg;           // the header's `alg`, as written ("none" and "HS256" included)
    std::string kid;           // the header's `kid`; empty when absent
    std::string signing_input; // BASE64URL(header) '.' BASE64URL(payload), the bytes that were signed
    std::string signature;     // decoded; may be empty (an unsecured JWS)
};

// The parts of `token`, or: too_large when it is longer than max_bytes (checked before anything else),
// malformed otherwise (not exactly three parts, a part that is not strict base64url, a header or payload
// that is not a JSON object, `alg` missing or not a string, `kid` not a string, a `crit` header).
result<compact_jws> parse_compact(std::string_view token, std::size_t max_bytes);

} // namespace mcp::auth
