// make_jwt_verifier: JWT access tokens (RFC 9068) verified with the issuer's public keys, fetched over HTTPS
// from its JWKS and cached (key_cache.hpp). The token_verifier (verifier.hpp) the HTTP layer calls when the
// authorization server issues JWTs; validator.hpp does the checking itself.
//
//   verify(token) --key_cache::get--> key set (fetched on first use; discovery first when no jwks_url)
//                 --principal_cache::find(SHA-256 of the token, now, that set)--> principal, when a
//                   verification with this very set kept it and it is before min(then + cache_ttl, exp)
//                 --validate_token--> principal (kept in the cache), or why not (never kept)
//                 unknown_kid: key_cache::get(seen) (at most one fetch per min_refresh_interval), and
//                 validate_token once more with the set it returns
//
// The cache of verified tokens (principal_cache.hpp) spares the signature check (RS256 ~26 us, ES256 ~77 us,
// EdDSA ~118 us of CPU, docs/benchmarks.md) for a token a client sends again, as clients do on every request
// until it expires. An entry counts only for the key set it was verified with: once the key_cache holds
// another set (rotation, the max_age refetch, a refresh after unknown_kid) every token is validated again,
// so a key removed from the JWKS stops admitting its tokens at the first refresh that sees it gone.
//
// Where the keys come from: jwks_url, or when it is empty the issuer's metadata (discovery.hpp), whose
// `issuer` must be validation.issuer. Fetches follow http_fetch.hpp's rules (https, or http to loopback; no
// redirects; timeout) and a JWKS answer is at most max_jwks_bytes (jwk.hpp). Failures are logged at warn
// (the URL and what went wrong, never a token); a caller sees unavailable only while no key set was ever
// fetched: after that the last good set stays in use.
//
// Not for: opaque tokens (introspection.hpp), HTTP statuses (the middleware's business).
#pragma once

#include <mcp/auth/http_fetch.hpp>
#include <mcp/auth/validator.hpp>
#include <mcp/auth/verifier.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace mcp::auth {

struct jwt_verifier_options {
    validation_options validation; // issuer, audience, algorithms, required_type, clock (also the cache's)
    // Where the JWKS is. Empty: discovered from validation.issuer's metadata.
    std::string jwks_url;
    // No key fetch starts sooner than this after the previous one, whatever asks for it (key_cache.hpp).
    std::chrono::seconds min_refresh_interval{30};
    // While no key set was ever fetched (every request gets 503), the next fetch may start this soon after a
    // failed one; resource_options::retry_after_seconds tells clients the same figure.
    std::chrono::seconds retry_without_keys{5};
    // A key set older than this is fetched again, in the background at its next use; the old one serves
    // meanwhile, and on if the fetch fails.
    std::chrono::seconds max_age{3600};
    std::chrono::milliseconds timeout{5000}; // per HTTP exchange
    std::string ca_file;                     // PEM CAs trusted besides the system store
    // How long a verified token is reused without checking its signature again, never past its exp; 0: every
    // request is validated. Only successful validations are kept.
    std::chrono::seconds cache_ttl{300};
    // A full cache drops expired entries, then the one that expires first.
    std::size_t max_cache_entries = 10000;
};

// A verifier whose fetches run on `ex` (its execution context must outlive the verifier's fetches). No I/O
// here: the first verify() fetches. Errors (invalid_configuration): no issuer or audience, a jwks_url or an
// issuer (for discovery) that is not https or loopback http, an unreadable ca_file.
result<std::shared_ptr<token_verifier>> make_jwt_verifier(boost::asio::any_io_executor ex,
                                                          jwt_verifier_options options);

} // namespace mcp::auth
