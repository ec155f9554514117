// A resource_server from the environment, for mcp::run and the Lambda front door (both read the HTTP handler's
// settings through http::streamable_options_from_environment, which calls this when MCP_AUTH_ISSUER or
// MCP_AUTH_INTROSPECTION_URL is set and the program links mcp::auth):
//
//   MCP_AUTH_RESOURCE          this endpoint's URL as clients use it, the tokens' audience (required)
//   MCP_AUTH_ISSUER            the authorization server's issuer identifier (required)
//   MCP_AUTH_JWKS_URL          its JWKS (default: discovered from the issuer's metadata)
//   MCP_AUTH_TOKEN_TYPE        the `typ` JWT access tokens must have, such as at+jwt (default: not checked)
//   MCP_AUTH_INTROSPECTION_URL opaque tokens: ask this RFC 7662 endpoint instead of checking a JWT, as
//   MCP_AUTH_CLIENT_ID         this client, with
//   MCP_AUTH_CLIENT_SECRET     this secret (never logged)
//   MCP_AUTH_SCOPES            scopes every request needs, space-separated
//   MCP_AUTH_TOOL_SCOPES       scopes per tool: "deploy=ops:write ops:read;logs=ops:read"
//   MCP_AUTH_SCOPES_SUPPORTED  the scopes the metadata lists (default: those of the two above)
//   MCP_AUTH_CA_FILE           a PEM file of CAs trusted besides the system store
//
// Key fetches and introspection requests run on the executor of the first request that needs them.
#pragma once

#include <mcp/auth/resource_server.hpp>
#include <mcp/core/env.hpp>

namespace mcp::auth {

// Errors: invalid_params naming the variable and what it expects.
mcp::result<std::shared_ptr<http::access_policy>> resource_server_from_environment(environment const& env);

// "deploy=ops:write ops:read;logs=ops:read" as a scope_map; nullopt when a part has no "=" or no name.
std::optional<scope_map> parse_tool_scopes(std::string_view text);

} // namespace mcp::auth
