// The Streamable HTTP handler's settings from the environment, read the same way by every front door (mcp::run's
// HTTP server and the Lambda loop):
//
//   MCP_PATH                the endpoint (default /mcp)
//   MCP_CORS_ORIGINS        comma-separated origins browsers may call from, or * for any; unset: CORS off
//   MCP_CORS_CREDENTIALS    true or false (default); true with * is refused
//   MCP_CORS_MAX_AGE        seconds a browser may cache a preflight answer
//   MCP_METRICS             true: serve Prometheus metrics (metrics.hpp); false (default)
//   MCP_METRICS_PATH        where (default /metrics)
//   MCP_AUTH_*              any of them: an OAuth 2.1 protected resource (access.hpp), built by mcp::auth
//                           (docs/auth.md); a program that does not link mcp::auth is told to link it
//
// Origin checks follow CORS: the origins a browser may call from are the origins accepted. Not for: the listener
// (address, port) or the stores (storage/open.hpp), which front doors read themselves.
#pragma once

#include <mcp/core/env.hpp>
#include <mcp/http/streamable.hpp>

namespace mcp::http {

// The CORS policy named by MCP_CORS_*; invalid_params naming the variable when a value is wrong.
result<cors_policy> cors_from_environment(environment const& env = process_environment);

// Makes `o.origins` accept what `o.cors` allows (any origin, or the listed ones).
void origins_follow_cors(streamable_options& o);

// The metrics endpoint as MCP_METRICS and MCP_METRICS_PATH set it over `base`; invalid_params naming the variable.
result<metrics_endpoint> metrics_from_environment(metrics_endpoint base = {}, environment const& env = process_environment);

// The access policy MCP_AUTH_* describe (null when none of them is set); invalid_params naming the variable,
// or the target to link.
result<std::shared_ptr<access_policy>> access_from_environment(environment const& env = process_environment);

// `base` with MCP_PATH, MCP_METRICS* and MCP_CORS_* applied (and origins following CORS when MCP_CORS_ORIGINS is set).
result<streamable_options> streamable_options_from_environment(streamable_options base = {},
                                                               environment const& env = process_environment);

} // namespace mcp::http
