// token_verifier: the one seam between the HTTP layer and the ways a bearer token is checked. The http
// boundary calls verify() with the credentials of "Authorization: Bearer <token>" and maps the outcome:
//
//   principal          the request acts for it
//   errc::unavailable  503: the keys (or the introspection endpoint) cannot be had now; never access
//   any other errc     401 invalid_token (RFC 6750 section 3.1)
//
// Implementations: make_jwt_verifier (jwt_verifier.hpp: JWT access tokens against the issuer's JWKS, fetched
// and cached) and make_introspection_verifier (introspection.hpp: RFC 7662, for opaque tokens).
// Not for: scopes required per tool, WWW-Authenticate, metadata documents (the HTTP middleware's business).
#pragma once

#include <mcp/auth/claims.hpp>
#include <mcp/auth/error.hpp>
#include <mcp/core/task.hpp>

#include <string>

namespace mcp::auth {

class token_verifier {
public:
    virtual ~token_verifier() = default;
    // The principal the bearer token speaks for. Errors: errc::unavailable when the keys (or the
    // introspection endpoint) cannot be had now: the caller answers 503, never access; any other errc: the
    // token is refused (401). May suspend (a key fetch, an introspection request); safe to call from many
    // coroutines and threads at once. Neither the token nor any value of it appears in an error message or a
    // log line.
    virtual task<result<principal>> verify(std::string token) = 0;
};

} // namespace mcp::auth
