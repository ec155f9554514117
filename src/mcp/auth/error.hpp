// auth::error: why a bearer token or a key set was refused, in the auth layer's own terms (an errc and a
// boost::system category, as storage/error.hpp and aws/error.hpp). Not HTTP: the middleware still to come
// turns every token failure into 401 `invalid_token` (RFC 6750 section 3.1); the codes are distinct so that
// it can refresh the key set on unknown_kid, log precisely, and so that tests can tell the failures apart.
//
//   errc                   when
//   malformed              not a JWS compact serialization: not three parts, bad base64url, a header or
//                          claims set that is not a JSON object, a claim of the wrong JSON type, a `crit`
//   too_large              the token is longer than validation_options::max_token_bytes (checked first)
//   unsupported_alg        `alg` is not one the configuration allows (`none` and HS* never are)
//   key_mismatch           the key named by `kid` is of another family than `alg` (RSA key for ES256), or
//                          its own `alg` differs from the token's: algorithm confusion
//   unknown_kid            no key of the set has the token's `kid` (or, without `kid`, none fits `alg`):
//                          the caller may refresh its key set and try again
//   ambiguous_key          no `kid` and several keys fit `alg`
//   bad_signature          the signature does not verify (wrong length included)
//   expired                `exp` is not after now minus the skew
//   not_yet_valid          `nbf` or `iat` after now plus the skew
//   wrong_issuer           `iss` differs from the configured issuer
//   wrong_audience         `aud` does not contain the configured audience
//   missing_claim          `iss`, `aud`, `exp` or `sub` absent
//   malformed_key_set      a JWKS document that is not {"keys": [...]} or is too large
//   unsupported_key        one JWK that cannot be used (unknown kty, use=enc, a symmetric or private key,
//                          a weak RSA modulus, a point off the curve): parse_jwks skips it with this message
//   invalid_configuration  validation_options that cannot work (no issuer, no audience, no algorithm), a
//                          key or introspection URL that is not https (or http to a loopback host)
//   unavailable            the keys (or the introspection endpoint) cannot be had now: the caller answers
//                          503, never access, and never 401 (the token may be good)
//   inactive               the introspection endpoint said `active: false` (RFC 7662 section 2.2)
//   wrong_type             the JOSE header's `typ` is not validation_options::required_type (RFC 9068
//                          section 4: `at+jwt`)
//
// Invariant: a message never holds the token or a value taken from it (no claim, no header value): it says
// which check failed, for an operator's log.
#pragma once

#include <mcp/core/coded_error.hpp>

#include <boost/system/error_category.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

#include <type_traits>

namespace mcp::auth {

enum class errc {
    malformed = 1,
    too_large,
    unsupported_alg,
    key_mismatch,
    unknown_kid,
    ambiguous_key,
    bad_signature,
    expired,
    not_yet_valid,
    wrong_issuer,
    wrong_audience,
    missing_claim,
    malformed_key_set,
    unsupported_key,
    invalid_configuration,
    unavailable,
    inactive,
    wrong_type,
};

} // namespace mcp::auth

template <>
struct boost::system::is_error_code_enum<mcp::auth::errc> : std::true_type {};

namespace mcp::auth {

// The category of errc: name() is "mcp.auth", message(v) a short phrase per errc. A single instance.
boost::system::error_category const& error_category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), error_category()};
}

using error = core::coded_error<errc>;

template <class T = void>
using result = boost::system::result<T, error>;

} // namespace mcp::auth
