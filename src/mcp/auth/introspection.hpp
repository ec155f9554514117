// make_introspection_verifier: opaque bearer tokens checked by asking the authorization server (OAuth 2.0
// Token Introspection, RFC 7662). The token_verifier (verifier.hpp) to use when tokens are not JWTs, or when
// revocation must take effect before a token's exp.
//
//   verify(token) --cache (SHA-256 of the token) hit, not past its time ------------------------> principal
//                 --POST endpoint: token=...&token_type_hint=access_token, HTTP Basic client auth
//                   active: true, checks pass --> principal (cached until min(now + cache_ttl, exp))
//                   active: false ------------> inactive (401)
//                   no answer, not 200, not JSON --> unavailable (503)
//
// The client authenticates with client_secret_basic: client_id and client_secret each form-urlencoded, then
// joined by ':' and base64-encoded (RFC 6749 section 2.3.1). Checks on an active answer: `exp`, when present,
// after now minus the skew (expired); `iss` equal to `issuer` when one is set (wrong_issuer); `aud` (a string
// or an array) holding `audience` when one is set (wrong_audience); `sub` a string (missing_claim: sessions
// are bound to it, so a token that names no subject is refused); `scope` a space-separated string.
//
// Invariants: only positive answers are cached (principal_cache.hpp, shared with the JWT verifier; a refused
// or unknown token is asked about again), never past the token's exp, at most max_cache_entries of them (0,
// or a cache_ttl of 0: none); the cache holds digests, never tokens; neither the token nor the client secret
// appears in a message or a log line.
// Not for: JWT access tokens (jwt_verifier.hpp), token revocation (RFC 7009), other client auth methods.
#pragma once

#include <mcp/auth/verifier.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace mcp::auth {

struct introspection_options {
    std::string endpoint; // the introspection endpoint: https, or http to a loopback host
    std::string client_id;
    std::string client_secret;
    std::string issuer;   // when not empty, `iss` must equal it
    std::string audience; // when not empty, `aud` must contain it (this resource's URI, RFC 8707)
    std::vector<std::string> copied_claims;  // members of the answer copied into principal::claims
    std::chrono::seconds cache_ttl{60};      // how long a positive answer is reused; 0: never
    std::size_t max_cache_entries = 10000;   // a full cache drops expired entries, then the soonest to expire
    std::size_t max_token_bytes = 16 * 1024; // longer tokens are too_large, never sent
    std::chrono::seconds skew{60};           // for exp
    std::chrono::milliseconds timeout{5000}; // per HTTP exchange
    std::string ca_file;                     // PEM CAs trusted besides the system store
    std::function<std::chrono::system_clock::time_point()> clock = std::chrono::system_clock::now;
};

// A verifier whose requests run on `ex` (its execution context must outlive them). Errors
// (invalid_configuration): no endpoint or client_id, an endpoint that is not https or loopback http, an
// unreadable ca_file, no clock.
result<std::shared_ptr<token_verifier>> make_introspection_verifier(boost::asio::any_io_executor ex,
                                                                    introspection_options options);

// The principal of an introspection answer (its JSON text), checked as above against `options` at `now`.
// Pure. Errors: unavailable (not a JSON object, `active` missing or not a boolean), inactive, expired,
// wrong_issuer, wrong_audience, missing_claim, malformed (a member of the wrong JSON type).
result<principal> principal_of_introspection(std::string_view answer, introspection_options const& options,
                                             std::chrono::system_clock::time_point now);

} // namespace mcp::auth
