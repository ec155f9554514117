// Test support for the auth suites (not installed): throwaway keys made with OpenSSL, their public JWKs, and
// tokens signed with them, so that every test makes the exact token it needs.
#pragma once

#include <mcp/auth/jwa.hpp>

#include <boost/json/object.hpp>

#include <openssl/types.h>

#include <memory>
#include <string>
#include <string_view>

namespace mcp::auth::testing {

// A private key of `alg`'s family (RSA 2048, P-256, Ed25519), made anew, and the kid it is published under.
struct signing_key {
    std::shared_ptr<EVP_PKEY> key;
    algorithm alg = algorithm::rs256;
    std::string kid;
};

signing_key make_key(algorithm alg, std::string kid);

// The public JWK of `k`: kty and its members, kid (when not empty), use "sig" and alg.
boost::json::object public_jwk(signing_key const& k);

// {"keys": [...]} as text.
std::string jwks_text(std::initializer_list<boost::json::object> jwks);

// The JWS signature (RS256: PKCS#1 v1.5; ES256: raw R || S; EdDSA: Ed25519) of `input`. With `der`, an ES256
// signature stays in OpenSSL's DER form (what a JWS must not carry).
std::string sign_bytes(signing_key const& k, std::string_view input, bool der = false);

// A compact JWS of `claims` signed by `k`; the header is {"alg": <k's alg>, "kid": <k's kid>} plus `extra`
// (whose members win, so a test can drop or change alg and kid: a null member is removed).
std::string sign_token(signing_key const& k, boost::json::object const& claims,
                       boost::json::object const& extra = {});

// HS256 over `input` with `secret` (the algorithm confusion attack signs with the public key's PEM).
std::string hmac_sha256(std::string_view secret, std::string_view input);

// The SubjectPublicKeyInfo PEM of `k`.
std::string public_pem(signing_key const& k);

} // namespace mcp::auth::testing
