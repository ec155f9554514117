// The client's side of MCP authorization (2025-11-25 basic/authorization): what an application gives the
// Streamable HTTP transport so that it can answer a server's 401 by itself. Not for: servers (src/mcp/auth),
// the client_credentials or token-exchange extensions, DPoP.
//
//   POST --> 401 WWW-Authenticate: Bearer resource_metadata=..., scope=...
//     --> protected-resource metadata (RFC 9728) --> authorization-server metadata (RFC 8414 / OpenID)
//     --> client: pre-registered | client ID metadata document | dynamic registration (RFC 7591)
//     --> user_agent(authorization URL, PKCE S256, state, resource) --> redirect with code
//     --> token endpoint (code + verifier + resource) --> token_store.save --> POST again with the bearer
//     token
//   403 error="insufficient_scope" --> the same with the union of the scopes (at most max_authorizations)
//   401 with a stored refresh token, or an expired token --> refresh first
//
// Invariants: tokens and client secrets never appear in a log line or an error message; everything the remote
// side sends is bounded (metadata size, redirects, authorizations per request).
#pragma once

#include <mcp/client/http_link.hpp>
#include <mcp/core/task.hpp>
#include <mcp/protocol/error.hpp>

#include <boost/json.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mcp::transport {

// What the client holds for one server after an authorization: the token and what a refresh needs in a later
// run (the token endpoint and the client's credentials), without a new discovery.
struct token_set {
    std::string access_token;
    std::string refresh_token; // empty: none was given
    std::optional<std::chrono::system_clock::time_point> expires_at;
    std::string scope; // space-separated: what was granted, else what was asked
    std::string token_endpoint;
    std::string resource; // RFC 8707 resource the token is for
    std::string client_id;
    std::string client_secret;
    std::string token_endpoint_auth_method; // none, client_secret_basic or client_secret_post
};

// Where tokens live between requests and runs, one set per server URL. Calls come from the transport's
// executor, one at a time per transport; an implementation that writes to disk should keep the file private
// to the user (the tokens are credentials).
class token_store {
public:
    virtual ~token_store() = default;
    // The tokens saved for `server_url`, if any.
    virtual task<std::optional<token_set>> load(std::string server_url) = 0;
    // Replaces what is saved for `server_url`.
    virtual task<> save(std::string server_url, token_set tokens) = 0;
};

// The default: tokens live as long as the store (the transport's, unless the application shares one).
class memory_token_store : public token_store {
public:
    task<std::optional<token_set>> load(std::string server_url) override;
    task<> save(std::string server_url, token_set tokens) override;

private:
    std::map<std::string, token_set> saved_;
};

// A client the authorization server already knows (2025-11-25 basic/authorization, client registration).
struct pre_registered_client {
    std::string client_id;
    std::string client_secret; // empty: a public client
    // empty: client_secret_basic when there is a secret and the server allows it, else client_secret_post
    std::string token_endpoint_auth_method;
};

// How the client gets a client_id, tried in the spec's order: pre-registered, then the metadata document when
// the server says client_id_metadata_document_supported, then dynamic registration when the server has a
// registration_endpoint. None that applies: the authorization fails saying so.
struct client_registration {
    std::optional<pre_registered_client> pre_registered;
    std::string metadata_document_url; // an https URL whose document names this client (CIMD); empty: none
    bool dynamic = true;
    // RFC 7591 client metadata for dynamic registration (client_name, ...); redirect_uris, grant_types,
    // response_types and token_endpoint_auth_method are filled in when absent.
    boost::json::object client_metadata;
};

// Shows the user the authorization URL (a browser) and returns the URL the authorization server redirected to
// (the redirect_uri with code and state, or with error). Runs on the transport's executor.
using user_agent = std::function<task<result<std::string>>(std::string authorization_url)>;

// A user agent without a user: GETs the authorization URL and follows redirects (at most 10, relative ones
// resolved, keeping the cookies the pages set, as a login page that remembers the browser needs) until one
// goes to `redirect_uri`, which it returns. For tests and for servers that authorize without asking anyone
// (such as tests/auth/authorization_server.mjs).
user_agent headless_user_agent(std::string redirect_uri, http_link_options link = {});

struct authorization_options {
    std::string
        redirect_uri; // where the authorization server sends the user back (http://127.0.0.1:port/...)
    user_agent open;  // required
    client_registration registration;
    std::shared_ptr<token_store> store; // null: a memory_token_store of this transport
    std::vector<std::string> scopes;    // non-empty: ask for these instead of the spec's scope selection
    int max_authorizations = 3;         // per request: a server that keeps refusing ends in an error
    std::size_t max_metadata_bytes = 256 * 1024; // one metadata document or token answer
    http_link_options link;                      // for the authorization server and the metadata documents
};

} // namespace mcp::transport
