// resource_server: the HTTP front door's access policy (http/access.hpp) for an OAuth 2.1 protected resource,
// as MCP 2025-11-25 basic/authorization asks of an HTTP server.
//
//   no Authorization: Bearer ...    401  WWW-Authenticate: Bearer resource_metadata="...", scope="..."
//   token refused by the verifier   401  Bearer error="invalid_token", error_description="...", resource_metadata=...
//   keys or introspection down      503  Retry-After (never access)
//   token lacks a required scope    403  Bearer error="insufficient_scope", scope="<what this request needs>", ...
//   admitted                        the principal becomes trusted request metadata:
//                                     x-mcp-auth-subject  `sub`            x-mcp-auth-issuer  `iss`
//                                     x-mcp-auth-scopes   granted scopes, space-separated
//                                     x-mcp-auth-claims   the copied claims (validation_options::copied_claims)
//                                                         as a JSON object, when there are any
//   GET /.well-known/oauth-protected-resource<endpoint path> (and without the path): the RFC 9728 metadata
//
// Scopes: `required_scopes` for every request, `method_scopes` per JSON-RPC method, `tool_scopes` per tool
// (tools/call) and `prompt_scopes` per prompt (prompts/get); a request needs the union of those that apply,
// and a 403 names that union, so a client can step up to exactly it.
#pragma once

#include <mcp/auth/verifier.hpp>
#include <mcp/http/access.hpp>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mcp::auth {

using scope_map = std::map<std::string, std::vector<std::string>, std::less<>>;

struct resource_options {
    // This endpoint's URI as clients use it ("https://mcp.example.com/mcp"): the tokens' audience (RFC 8707)
    // and the `resource` of the metadata. Required (https, or http for a loopback host).
    std::string resource;
    // Issuer identifiers of the authorization servers clients should use (at least one).
    std::vector<std::string> authorization_servers;
    std::vector<std::string> scopes_supported; // published in the metadata; may be empty
    std::vector<std::string> required_scopes;  // every request
    scope_map method_scopes;                   // "resources/read" -> {"files:read"}
    scope_map tool_scopes;                     // tool name -> scopes, for tools/call
    scope_map prompt_scopes;                   // prompt name -> scopes, for prompts/get
    std::optional<std::string> resource_name;  // the metadata's human-readable name
    std::optional<std::string> resource_documentation; // a URL
    int retry_after_seconds = 5; // the Retry-After of a 503
};

// Why `o` cannot work (no resource, a resource that is not an absolute https URL, or http for a non-loopback
// host, no authorization server), or nullopt.
std::optional<std::string> resource_options_problem(resource_options const& o);

class resource_server final : public http::access_policy {
public:
    // Throws std::invalid_argument with resource_options_problem()'s text, or for a null verifier.
    resource_server(std::shared_ptr<token_verifier> verifier, resource_options options);

    task<std::optional<http::access_refusal>> admit(http::request& req) override;
    std::optional<http::access_refusal> permit(http::request const& req, std::string_view method,
                                               boost::json::object const& params) const override;
    std::optional<std::string> document(std::string_view path) const override;

    // Where the metadata is: the resource's origin, /.well-known/oauth-protected-resource, then its path.
    std::string const& metadata_url() const { return metadata_url_; }
    resource_options const& options() const { return options_; }

private:
    http::access_refusal challenge(int status, std::string_view error_code, std::string_view description,
                                   std::vector<std::string> const& scopes) const;

    std::shared_ptr<token_verifier> verifier_;
    resource_options options_;
    std::string metadata_url_;
    std::string metadata_path_;  // the path-suffixed well-known path
    std::string document_;       // the metadata, serialized once
};

} // namespace mcp::auth
