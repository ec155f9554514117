// Authorizer context -> request metadata (ARCHITECTURE.md section 9). API Gateway runs the authorizer before
// the function; what it decided arrives in requestContext.authorizer and is handed to middleware as request
// headers named x-authorizer-<snake_case field>, the same way on every front door. Pure: JSON and headers in,
// headers out.
//
// Not for: deciding anything. This only forwards what API Gateway already verified; a Function URL or ALB
// event has no authorizer context, so there the headers are only cleaned.
#pragma once

#include <mcp/http/exchange.hpp>

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

namespace mcp::lambda {

enum class event_source;

// The prefix of forwarded fields.
inline constexpr std::string_view authorizer_header_prefix = "x-authorizer-";

// Forwards the authorizer context of `event` (the whole invocation payload) into `request.trusted`:
//   1. every client header of `request.headers` whose name starts with "x-authorizer-" is removed first,
//      whatever the source (the streamable handler drops them too: a client could otherwise forge authorizer
//      metadata);
//   2. then, by source:
//      REST, HTTP API 1.0: requestContext.authorizer.lambda when present, else the flat fields of
//        requestContext.authorizer, skipping principalId, integrationLatency and usageIdentifierKey
//        (API Gateway's own bookkeeping). A "claims" object (Cognito user pool, or a JWT authorizer in
//        payload 1.0) is forwarded claim by claim, like HTTP API JWT claims; "scopes" becomes
//        x-authorizer-scopes.
//      HTTP API 2.0: the fields of requestContext.authorizer.lambda, then those of
//        requestContext.authorizer.jwt.claims, then jwt.scopes as x-authorizer-scopes.
//      Function URL, ALB: nothing is added (a Function URL's IAM context is not forwarded).
// Values: strings as they are, numbers and booleans as their JSON text ("12.5", "true"), objects and arrays
// as compact JSON; null values and fields whose name has no letter or digit are skipped. A name that two
// fields share (userId and user_id) is added twice, in the order above.
void forward_authorizer(boost::json::object const& event, event_source source, http::request& request);

// The header-name form of an authorizer field: lowercase words joined by "_". Word breaks at lower->upper
// ("userId" -> "user_id"), at the end of an acronym ("APIKey" -> "api_key", "HTTPStatus" -> "http_status",
// "userIDList" -> "user_id_list"), and at every character that is not a letter or digit ("tenant-name",
// "cognito:username" -> "cognito_username"). A lone "s" after an acronym is its plural ("userIDs" ->
// "user_ids"). Already snake_case names stay as they are; runs of separators collapse, and leading/trailing
// ones are dropped.
std::string snake_case(std::string_view name);

} // namespace mcp::lambda
