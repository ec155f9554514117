// The default credential chain: which source the environment configures, in the order of the AWS SDKs
// (docs/storage-dynamodb.md, "Credentials"). Decided once, from the variables alone, with no I/O: the first
// source whose variables are set is the only one used, as botocore and the Go SDK do, so a misconfigured
// source is an error naming its variables rather than a silent switch to another identity.
//
//   1. environment      AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN)         fixed
//   2. web identity     AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN (+ AWS_ROLE_SESSION_NAME)     STS,
//   refreshed
//                       STS at AWS_ENDPOINT_URL_STS, else AWS_ENDPOINT_URL, else sts.<region>
//   3. container        AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (under http://169.254.170.2), else  refreshed
//                       AWS_CONTAINER_CREDENTIALS_FULL_URI (https, or http to a loopback, ECS or EKS
//                       address); AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE, else _TOKEN: Authorization
//   4. EC2 metadata     unless AWS_EC2_METADATA_DISABLED=true; AWS_EC2_METADATA_SERVICE_ENDPOINT    refreshed
//                       (or _ENDPOINT_MODE=IPv6), AWS_METADATA_SERVICE_TIMEOUT, _NUM_ATTEMPTS
//
// Not read: shared config and credentials files (~/.aws), SSO, credential_process, assume-role chains.
#pragma once

#include <mcp/aws/credential_provider.hpp>
#include <mcp/aws/credentials.hpp>

#include <chrono>
#include <string>

namespace mcp::aws {

struct credential_chain_options {
    std::string
        region; // for the STS endpoint; empty: AWS_REGION, else AWS_DEFAULT_REGION, else sts.amazonaws.com
    std::string ca_file; // extra trusted CAs for https STS and container endpoints; empty: AWS_CA_BUNDLE
    std::chrono::milliseconds sts_timeout{5000}; // one exchange with STS
    std::chrono::milliseconds container_timeout{2000};
    // Where AWS_CONTAINER_CREDENTIALS_RELATIVE_URI is rooted (the tests root it at a local server).
    std::string container_base = "http://169.254.170.2";
    refresh_options refresh{};
};

// The provider of the first configured source, as above. Errors: a partial configuration
// (missing_configuration, naming the missing variable: AWS_ACCESS_KEY_ID without AWS_SECRET_ACCESS_KEY,
// AWS_WEB_IDENTITY_TOKEN_FILE without AWS_ROLE_ARN); a FULL_URI or endpoint that is malformed or plain HTTP
// to a host not allowed (invalid_configuration); nothing configured and instance metadata disabled
// (missing_configuration, listing every way to configure credentials). Fetch errors come later, from get().
result<credential_provider> credentials_from_chain(environment const& env = process_environment,
                                                   credential_chain_options o = {});

} // namespace mcp::aws
