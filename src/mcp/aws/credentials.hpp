// Credentials, region and endpoint from the standard AWS environment variables. Only the variables: no shared
// config files, no instance metadata, no SSO. That covers AWS Lambda (the runtime sets the three credential
// variables and AWS_REGION), containers given keys by their orchestrator, and local runs against dynalite.
//
// Secrets never leave this struct as text: messages name the variables, never their values, and `redacted()` is
// the only way to print credentials.
#pragma once

#include <mcp/aws/error.hpp>
#include <mcp/core/env.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace mcp::aws {

struct credentials {
    std::string access_key_id;
    std::string secret_access_key;
    std::string session_token; // empty for long-term keys; set for temporary ones (Lambda, STS)
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
