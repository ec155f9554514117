// mcp::run: serve a server on the front door chosen at start-up, so one binary runs anywhere.
//
//   AWS_LAMBDA_RUNTIME_API set               the Lambda loop, lambda::production() (lambda/runtime.hpp)
//   (default)                                Streamable HTTP on http://127.0.0.1:8080/mcp
//   --transport stdio, MCP_TRANSPORT=stdio   newline-delimited JSON-RPC on stdin/stdout
//   --host H --port P --path /mcp            or MCP_HOST, MCP_PORT, MCP_PATH
//   MCP_CORS_ORIGINS, _CREDENTIALS, _MAX_AGE  CORS for browser clients (http/environment.hpp), as on Lambda
//   --store memory|sqlite|postgres|dynamodb  or MCP_STORE and the variables of storage/open.hpp
//   --log-level LEVEL                        or LOG_LEVEL: the framework's log on stderr
//   --help, --version                        on stdout: every option and environment variable with its default;
//                                            the server's name and version and the framework's
//
// Exit codes: 0 after a signal (or --help, --version), 1 when the stores cannot be opened or the address cannot be
// bound, 2 for a usage error in the command line or the environment (an unknown MCP_TRANSPORT, a port that is not
// one, an unknown log level): then nothing is served.
//
// Binding anything but a loopback address is an explicit choice (--host 0.0.0.0); Origin is checked anyway.
#pragma once

#include <mcp/http/streamable.hpp>
#include <mcp/net/listener.hpp>
#include <mcp/server/server.hpp>
#include <mcp/storage/open.hpp>

namespace mcp {

struct http_options {
    net::listener_options listen;
    http::streamable_options mcp;
    // Where sessions and SSE events live (in memory by default) and their limits (storage::store_limits): the
    // one place to set them. Every backend honours them; the handler drops a session idle for limits.ttl.
    storage::store_config stores;
};

// Serves `srv` over Streamable HTTP until SIGINT or SIGTERM (graceful: streams end, requests in flight
// finish). Returns the exit code: 0 after a signal, 1 when the stores cannot be opened or the address cannot
// be bound.
int serve_http(server& srv, http_options options = {});

// Parses the command line (--help lists the options and the environment), serves until the front door ends,
// returns the exit code (above).
int run(server& srv, int argc = 0, char const* const* argv = nullptr);

} // namespace mcp
