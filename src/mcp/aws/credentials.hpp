// Credentials, region and endpoint from the standard AWS environment variables: the first link of the
// credential chain (credential_chain.hpp has the others: web identity, container, EC2 instance metadata) and
// the region and endpoint every AWS client reads. No shared config files, no SSO.
//
// Secrets never leave this struct as text: messages name the variables, never their values, and `redacted()` is
// the only way to print credentials.
#pragma once

#include <mcp/aws/error.hpp>
#include <mcp/core/env.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace mcp::aws {

struct credentials {
    std::string access_key_id;
    std::string secret_access_key;
    std::string session_token; // empty for long-term keys; set for temporary ones (Lambda, STS)
    // When temporary credentials stop working; nullopt for long-term keys (and for temporary ones whose source
    // did not say). credential_provider refreshes them before.
    std::optional<std::chrono::system_clock::time_point> expiration;
};

// Empty values count as unset everywhere in this file.
using mcp::environment;
using mcp::process_environment;

// AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, and AWS_SESSION_TOKEN when set. The error (missing_configuration)
// names the missing variable.
result<credentials> credentials_from_environment(environment const& env = process_environment);

// AWS_REGION, then AWS_DEFAULT_REGION. The error (missing_configuration) names both variables.
result<std::string> region_from_environment(environment const& env = process_environment);

// AWS_ENDPOINT_URL_<SERVICE> (for example AWS_ENDPOINT_URL_DYNAMODB), then AWS_ENDPOINT_URL; nullopt when
// neither is set, meaning the service's public endpoint for the region.
std::optional<std::string> endpoint_from_environment(std::string_view service_env_name,
                                                     environment const& env = process_environment);

// For logs: the access key id with its middle masked ("AKIA************WXYZ") and whether a session token is
// present. Never the secret or the token.
std::string redacted(credentials const& c);

} // namespace mcp::aws
