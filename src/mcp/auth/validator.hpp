// The auth layer: bearer tokens (JWT access tokens, RFC 9068) validated against an issuer's public keys, for
// a resource server (MCP 2025-11-25, basic/authorization, "Token Handling"). This piece is the core, without
// network: the keys are given as a parsed JWKS, the time as a clock.
//
//   token --parse_compact--> header, claims, signature          (jws.hpp: shape only; too_large, malformed)
//         --typ required?--> RFC 9068 at+jwt, when configured   (wrong_type)
//         --alg allowed?---> algorithm                          (unsupported_alg: none, HS*, unconfigured)
//         --select_key-----> one public_key of key_set          (jwk.hpp; unknown_kid, key_mismatch,
//                                                                ambiguous_key)
//         --verify_signature (jwa.hpp) -->                       (bad_signature)
//         --validate_claims (claims.hpp) --> principal           (wrong_issuer, wrong_audience, expired, ...)
//
// Invariants:
// - Claims are read only after the signature verified; nothing of an unverified token reaches a principal.
// - The algorithm is the token's `alg`, allowed by the configuration, and the key must be of its family and
//   declare no other `alg` (RFC 8725 sections 2.1 and 3.1): an RSA key never verifies an ES256 or HS256
//   token, and no symmetric key exists to verify HS256 with.
// - Keys come from the key_set only, never from the token's header (`jku`, `jwk`, `x5u`, `x5c` are ignored).
// - Error messages never contain the token or its values (error.hpp).
//
// The keys fetched over HTTPS, cached and refreshed on unknown_kid: jwt_verifier.hpp; opaque tokens:
// introspection.hpp. Still to come (issue 16): the middleware that answers 401 with WWW-Authenticate; the
// client's authorization flow.
#pragma once

#include <mcp/auth/claims.hpp>
#include <mcp/auth/error.hpp>
#include <mcp/auth/jwa.hpp>
#include <mcp/auth/jwk.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace mcp::auth {

// How tokens are validated. `issuer` and `audience` have no default: validate_token refuses to run without
// them (invalid_configuration), so a forgotten setting fails closed.
struct validation_options {
    std::string issuer;   // `iss` must equal it (the authorization server's issuer identifier)
    std::string audience; // `aud` must contain it: this resource's URI (RFC 8707)
    std::vector<algorithm> algorithms{algorithm::rs256, algorithm::es256, algorithm::eddsa};
    std::chrono::seconds skew{60};           // allowed clock difference for exp, nbf and iat
    std::vector<std::string> copied_claims;  // claims copied into principal::claims when present
    std::size_t max_token_bytes = 16 * 1024; // longer tokens are too_large before any decoding
    // The JOSE header's `typ` a token must carry (RFC 9068 section 4: "at+jwt"), compared case-insensitively
    // and with or without "application/" (RFC 7515 section 4.1.9); a token without `typ`, or with another,
    // is wrong_type. Empty (the default): `typ` is not looked at, because many authorization servers
    // (Keycloak, Entra ID, Cognito) write "JWT" or nothing in access tokens; the audience check already
    // refuses an ID token (its `aud` is a client id, not this resource). Set "at+jwt" when your authorization
    // server emits it (oidc-provider, Ory Hydra with JWT access tokens): it then also refuses an ID token or
    // another JWT of that issuer that happens to name this audience.
    std::string required_type;
    std::function<std::chrono::system_clock::time_point()> clock = std::chrono::system_clock::now;
};

// The principal `token` (the credentials of "Authorization: Bearer <token>") speaks for, or why it is
// refused (error.hpp lists the codes). Pure and synchronous: no I/O, no suspension, safe to call from several
// threads with the same key set and options.
result<principal> validate_token(std::string_view token, key_set const& keys,
                                 validation_options const& options);

// The key that verifies a token with `alg` and `kid` (empty: the token has none): with a kid, the key of that
// kid and alg's family (unknown_kid when no key has the kid, key_mismatch when none of them fits alg);
// without one, the only key that fits alg (unknown_kid when none does, ambiguous_key when several do). A key
// fits alg when it is of key_type_for(alg) and its own `alg` is absent or equal. The pointer is into `keys`.
result<public_key const*> select_key(key_set const& keys, std::string_view kid, algorithm alg);

} // namespace mcp::auth
