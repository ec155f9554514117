// Public keys from a JSON Web Key Set (RFC 7517 sections 4 and 5) as OpenSSL 3 EVP_PKEY values, built from
// their parameters with EVP_PKEY_fromdata and checked with EVP_PKEY_public_check. Which keys are usable:
//
//   kty   members           key_type   refused when
//   RSA   n, e              rsa        n under 2048 bits (RFC 7518 section 3.3) or over 8192, e over 32 bits
//                                    or refused by OpenSSL's public-key check (an even e, among others)
//   EC    crv=P-256, x, y   ec_p256    another curve, x or y not exactly 32 bytes, the point off the curve
//   OKP   crv=Ed25519, x    ed25519    another curve (X25519 is for key agreement), x not 32 bytes
//
// Every key is refused that has `use` other than "sig", `key_ops` without "verify", an `alg` this validator
// does not verify or that belongs to another family (an RSA key with alg ES256), private members (d, p, q,
// dp, dq, qi, k: a published key set must not hold them), kty "oct" (a resource server never verifies with a
// shared secret) or any other kty. parse_jwks skips such keys and says why, so that one odd key in an
// issuer's set does not lock everyone out.
//
// Not for: fetching or caching the set over HTTPS (still to come), choosing a key for a token
// (validator.cpp).
#pragma once

#include <mcp/auth/error.hpp>
#include <mcp/auth/jwa.hpp>

#include <boost/json/object.hpp>

#include <openssl/types.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcp::auth {

// One usable public key. `key` is shared by copies of a key_set; OpenSSL allows concurrent verifications with
// one EVP_PKEY, so a key set may be read from several threads once built.
struct public_key {
    std::string kid; // empty when the JWK has none
    key_type type = key_type::rsa;
    std::optional<algorithm> alg; // the JWK's own `alg`, when it has one
    std::shared_ptr<EVP_PKEY> key;
};

// A key parse_jwks left out, with the JWK's kid (possibly empty) and the reason, for the operator's log.
struct skipped_key {
    std::string kid;
    std::string reason;
};

struct key_set {
    std::vector<public_key> keys;
    std::vector<skipped_key> skipped;
};

// A JWKS document longer than this, or with more keys, is refused whole (malformed_key_set).
inline constexpr std::size_t max_jwks_bytes = 256 * 1024;
inline constexpr std::size_t max_jwks_keys = 100;

// One JWK as a public key, or unsupported_key with the reason.
result<public_key> parse_jwk(boost::json::object const& jwk);

// Every usable key of a JWKS document ({"keys": [...]}), in its order; the others in `skipped`. A second key
// with the kid and key type of an earlier one is skipped (a token's kid must name one key). Errors:
// malformed_key_set for a document that is too large, not JSON, not an object with a "keys" array, or with
// more than max_jwks_keys keys. An empty "keys" array is a valid, empty set.
result<key_set> parse_jwks(std::string_view document);

} // namespace mcp::auth
