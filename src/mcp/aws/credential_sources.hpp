// The credential sources that fetch over HTTP, each one a credential_fetch for credential_provider: STS
// AssumeRoleWithWebIdentity (EKS IRSA, any OIDC federation), the container endpoint (ECS task roles, EKS Pod
// Identity) and the EC2 instance metadata service (IMDSv2 only, no IMDSv1 fallback). Which one is used is
// credential_chain.hpp's business; the answers' formats are credential_answers.hpp's.
//
// Each fetch opens its own connection(s) on the executor of the coroutine that runs it (a fetch happens about
// once an hour), reads files (tokens) anew each time (EKS rotates them), and returns every failure as a value
// whose message starts with the source and its URL and never holds a token or a secret.
#pragma once

#include <mcp/aws/credential_provider.hpp>
#include <mcp/aws/http_pool.hpp>

#include <chrono>
#include <string>

namespace mcp::aws {

// Credential answers are a few kilobytes: anything larger is refused.
inline constexpr std::size_t credential_answer_limit = 64 * 1024;

struct web_identity_source {
    std::string token_file;   // AWS_WEB_IDENTITY_TOKEN_FILE: the OIDC token, read at every fetch
    std::string role_arn;     // AWS_ROLE_ARN
    std::string session_name; // AWS_ROLE_SESSION_NAME, or one made up
    std::string sts_endpoint; // URL (credential_answers.hpp: default_sts_endpoint)
    http_pool_options http{.max_response_bytes = credential_answer_limit};
};

// POST AssumeRoleWithWebIdentity, unsigned (the token is the proof). Errors: the token file unreadable or
// empty (invalid_configuration, naming the file); STS unreachable or 5xx (unavailable); STS refused
// (rejected, service_type() the STS code); an answer without credentials (malformed_answer).
credential_fetch fetch_web_identity(web_identity_source s);

struct container_source {
    std::string url;                // the full URL (the chain checked its host)
    std::string authorization;      // AWS_CONTAINER_AUTHORIZATION_TOKEN: the Authorization header
    std::string authorization_file; // AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: read at every fetch; wins
    http_pool_options http{.timeout = std::chrono::milliseconds(2000),
                           .max_response_bytes = credential_answer_limit};
};

// GET the URL with the Authorization header when one is configured. Errors as above; a token with a line
// break, or an unreadable token file: invalid_configuration.
credential_fetch fetch_container(container_source s);

struct instance_metadata_source {
    std::string endpoint = "http://169.254.169.254"; // AWS_EC2_METADATA_SERVICE_ENDPOINT
    int attempts = 1;                                // AWS_METADATA_SERVICE_NUM_ATTEMPTS
    // AWS_METADATA_SERVICE_TIMEOUT: 1 s for each exchange, connect included, as the SDKs.
    http_pool_options http{.timeout = std::chrono::milliseconds(1000),
                           .max_response_bytes = credential_answer_limit};
};

// IMDSv2: PUT /latest/api/token (X-aws-ec2-metadata-token-ttl-seconds), then with X-aws-ec2-metadata-token
// GET /latest/meta-data/iam/security-credentials/ (the role) and .../<role>. Connection failures and 5xx are
// tried again up to `attempts` times. Errors say what to configure instead when there is no instance metadata
// (not on EC2) or no role attached.
credential_fetch fetch_instance_metadata(instance_metadata_source s);

} // namespace mcp::aws
