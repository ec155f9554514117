// Where an issuer's JWKS is: its authorization server metadata (RFC 8414) or OpenID Provider configuration
// (OpenID Connect Discovery 1.0), tried in the order of MCP 2025-11-25 basic/authorization, "Authorization
// Server Metadata Discovery":
//
//   issuer https://as.example                 issuer https://as.example/tenant1
//   /.well-known/oauth-authorization-server   /.well-known/oauth-authorization-server/tenant1  (RFC 8414)
//   /.well-known/openid-configuration         /.well-known/openid-configuration/tenant1
//                                             /tenant1/.well-known/openid-configuration        (OIDC 4)
//
// A URL that answers other than 200 sends us to the next; the first 200 decides: its `issuer` must equal the
// configured issuer exactly (RFC 8414 section 3.3: otherwise the document is not used) and its `jwks_uri`
// must be a string. Not for: the client's half of discovery (protected resource metadata, registration).
#pragma once

#include <mcp/auth/error.hpp>
#include <mcp/auth/http_fetch.hpp>
#include <mcp/core/task.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace mcp::auth {

// The metadata URLs of `issuer`, in the order above; empty when `issuer` is not an http(s) URL without query
// or fragment.
std::vector<std::string> metadata_urls(std::string_view issuer);

// The `jwks_uri` of a metadata document. Errors: invalid_configuration when the document is not a JSON
// object, its `issuer` differs from `issuer`, or it has no string `jwks_uri`.
result<std::string> jwks_uri_of(std::string_view document, std::string_view issuer);

// Fetches the metadata URLs in turn and returns the first document's jwks_uri. Suspends. Errors:
// invalid_configuration (an issuer that is not https or loopback http; a document refused by jwks_uri_of),
// unavailable (no URL answered 200).
task<result<std::string>> discover_jwks_uri(boost::asio::any_io_executor ex, std::string issuer,
                                            fetch_options options);

} // namespace mcp::auth
