// The pure parts of the client's authorization flow (oauth.hpp): parsing challenges, building discovery URLs,
// PKCE, scope selection, forms, redirects and the headless user agent's cookies. No I/O; oauth_flow.cpp and
// oauth_discovery.cpp do the requests.
#pragma once

#include <mcp/protocol/error.hpp>

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mcp::transport::oauth {

// The Bearer challenge of a WWW-Authenticate header (RFC 6750 section 3, RFC 9728 section 5.1).
struct bearer_challenge {
    std::string error;             // "invalid_token", "insufficient_scope", ...
    std::string scope;             // space-separated
    std::string resource_metadata; // the protected-resource metadata URL
};

// The Bearer challenge among the header's challenges (auth-param values quoted or not, any case of names);
// nullopt when there is none.
std::optional<bearer_challenge> parse_www_authenticate(std::string_view header);

// RFC 7636 section 4.2: base64url(SHA-256(verifier)) without padding.
std::string pkce_challenge_s256(std::string_view verifier);
// base64url without padding of `n` random bytes (OpenSSL's RAND_bytes); a PKCE verifier of 32 bytes has 43
// characters. Errors: the random source failed.
result<std::string> random_token(std::size_t n = 32);
std::string base64url(std::string_view bytes);

// RFC 9728 section 3.1 and 2025-11-25 authorization, protected resource metadata discovery: the path-suffixed
// well-known URI first (when the server URL has a path), then the root one. Errors: not an http(s) URL.
result<std::vector<std::string>> protected_resource_metadata_urls(std::string_view server_url);
// 2025-11-25 authorization, authorization server metadata discovery: for an issuer with a path, OAuth with
// path insertion, OpenID Connect with path insertion, OpenID Connect with path appending; without a path,
// OAuth then OpenID Connect.
result<std::vector<std::string>> authorization_server_metadata_urls(std::string_view issuer);

// Whether the protected-resource metadata's `resource` may stand for `server_url`: same scheme, host and port
// (case-insensitive), and its path is the server's path or a parent of it on a segment boundary.
bool resource_matches(std::string_view resource, std::string_view server_url);

// 2025-11-25 authorization, communication security: authorization server endpoints MUST be served over HTTPS.
// Plain http is accepted only for a loopback host (localhost, 127.0.0.1, [::1]): a local authorization server.
bool is_secure_endpoint(std::string_view url);

// The words of a space-separated scope string, without repeats.
std::vector<std::string> scope_words(std::string_view scope);
// `a`'s words, then `b`'s not in `a`, space-separated.
std::string scope_union(std::string_view a, std::string_view b);
// 2025-11-25 authorization, scope selection strategy: the challenge's scope, else the metadata's
// scopes_supported (joined), else nothing (the scope parameter is then omitted).
std::string select_scope(std::string_view challenge_scope, boost::json::value const* scopes_supported);

// application/x-www-form-urlencoded (RFC 6749 appendix B: every byte but unreserved ones percent-encoded).
std::string form_component(std::string_view text);
std::string form_encode(std::vector<std::pair<std::string, std::string>> const& fields);
// `base_url` with the fields appended to its query. Errors: not a URL.
result<std::string> with_query(std::string_view base_url,
                               std::vector<std::pair<std::string, std::string>> const& fields);

// The authorization response in the redirect (RFC 6749 section 4.1.2): the code when `state` matches.
// Errors name the problem: the server's error and its description, a missing code, a state that is not ours.
result<std::string> code_from_redirect(std::string_view redirect_url, std::string_view expected_state);

// A redirect's Location (RFC 9110 section 10.2.2: a URI reference, often a bare path, as oidc-provider's
// "/interaction/<uid>") resolved against the URL that answered (RFC 3986 section 5). Errors: either is not a
// URL.
result<std::string> resolve_location(std::string_view base_url, std::string_view location);

// The cookies of one headless authorization: what an authorization server's login and consent pages need to
// recognise the browser between redirects (oidc-provider keeps its interaction in a cookie). RFC 6265 in
// part: host-only (a Domain attribute is ignored, the port is part of the host), Path as section 5.1.4
// (default: the request path's directory), a Set-Cookie with an empty value or Max-Age=0 removes the cookie;
// no other expiry. Lives as long as one user agent's call, so no credential outlasts the authorization.
class cookie_jar {
public:
    // Keeps the cookie of one Set-Cookie header received from `url`; a header that is not name=value is
    // ignored.
    void take(std::string_view url, std::string_view set_cookie);
    // The Cookie header's value for a request to `url` ("a=1; b=2"); empty when no cookie applies.
    std::string header_for(std::string_view url) const;

private:
    struct cookie {
        std::string host;
        std::string path;
        std::string name;
        std::string value;
    };
    std::vector<cookie> cookies_;
};

// The token endpoint authentication method for a client with (or without) a secret: `registered` when given,
// else none without a secret, else client_secret_basic when `supported` (the metadata's
// token_endpoint_auth_methods_supported; absent: RFC 8414's default client_secret_basic) allows it, else
// client_secret_post when it does, else client_secret_basic.
std::string auth_method_for(std::string_view registered, bool has_secret,
                            boost::json::value const* supported);

} // namespace mcp::transport::oauth
