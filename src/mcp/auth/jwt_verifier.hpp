// make_jwt_verifier: JWT access tokens (RFC 9068) verified with the issuer's public keys, fetched over HTTPS
// from its JWKS and cached (key_cache.hpp). The token_verifier (verifier.hpp) the HTTP layer calls when the
// authorization server issues JWTs; validator.hpp does the checking itself.
//
//   verify(token) --key_cache::get--> key set (fetched on first use; discovery first when no jwks_url)
//                 --validate_token--> principal, or why not
//                 unknown_kid: key_cache::get(seen) (at most one fetch per min_refresh_interval), and
//                 validate_token once more with the set it returns
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
};

// A verifier whose fetches run on `ex` (its execution context must outlive the verifier's fetches). No I/O
// here: the first verify() fetches. Errors (invalid_configuration): no issuer or audience, a jwks_url or an
// issuer (for discovery) that is not https or loopback http, an unreadable ca_file.
result<std::shared_ptr<token_verifier>> make_jwt_verifier(boost::asio::any_io_executor ex,
                                                          jwt_verifier_options options);

} // namespace mcp::auth
