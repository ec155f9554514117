// The wire formats of the credential sources (credential_chain.hpp), as pure functions: no I/O, no clock, so
// every branch is unit-tested without sockets. Not the fetching itself (credential_sources.cpp).
//
//   STS AssumeRoleWithWebIdentity   POST form (Action, Version, RoleArn, RoleSessionName, WebIdentityToken),
//                                   unsigned; XML answer: ...Result/Credentials/{AccessKeyId,
//                                   SecretAccessKey, SessionToken, Expiration}; errors:
//                                   ErrorResponse/Error/{Code, Message}
//   container endpoint (ECS, EKS)   GET; JSON {AccessKeyId, SecretAccessKey, Token, Expiration}; errors
//                                   {"code", "message"}
//   EC2 instance metadata (IMDSv2)  GET .../security-credentials/<role>; JSON {Code: "Success", AccessKeyId,
//                                   SecretAccessKey, Token, Expiration}
//
// Invariants: an error never quotes an answer's body (it may hold a secret), only the service's error code
// and message when the answer is an error in the documented shape; `from` (the source and its URL) starts
// every message.
#pragma once

#include <mcp/aws/credentials.hpp>
#include <mcp/aws/error.hpp>
#include <mcp/aws/http_pool.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace mcp::aws {

// "2026-11-28T10:00:00Z", with optional fractional seconds and "+00:00" for Z (ISO 8601 in UTC, as STS, ECS
// and IMDS write it). nullopt for anything else.
std::optional<std::chrono::system_clock::time_point> parse_timestamp(std::string_view text);

// A JSON credentials answer of the container endpoint or of the instance metadata service. 200 with the
// fields: the credentials (Token is the session token; Expiration optional). A 4xx: rejected, with the
// answer's code and message if it has them; a 5xx: unavailable; a 200 without the fields or with a bad
// Expiration, or an IMDS Code other than "Success": malformed_answer (rejected for the Code).
result<credentials> read_credentials_json(http_response const& r, std::string_view from);

// An answer of STS to AssumeRoleWithWebIdentity, read as above; a refusal's error carries the STS error code
// (InvalidIdentityToken, AccessDenied, ...) as its service_type().
result<credentials> read_sts_answer(http_response const& r, std::string_view from);

// The form body of AssumeRoleWithWebIdentity (application/x-www-form-urlencoded).
std::string sts_request_body(std::string_view role_arn, std::string_view session_name,
                             std::string_view token);

// https://sts.<region>.amazonaws.com (.amazonaws.com.cn for China); https://sts.amazonaws.com without a
// region.
std::string default_sts_endpoint(std::string_view region);

// The hosts AWS_CONTAINER_CREDENTIALS_FULL_URI may name over plain HTTP, as the SDKs allow: a loopback
// address (127.0.0.0/8, ::1, localhost), the ECS endpoint 169.254.170.2, the EKS Pod Identity agent
// 169.254.170.23 and fd00:ec2::23. Host names other than localhost are refused (they would have to be
// resolved and checked).
bool is_allowed_container_host(std::string_view host);

} // namespace mcp::aws
