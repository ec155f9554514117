// mcp::run: serve a server on the front door chosen at start-up, so one binary runs anywhere.
//
//   --transport stdio   (or MCP_TRANSPORT=stdio)   newline-delimited JSON-RPC on stdin/stdout
//
// Today stdio is the only front door; the Streamable HTTP and Lambda front doors plug in here as they land.
#pragma once

#include <mcp/server/server.hpp>

namespace mcp {

// Parses the command line (--help lists the options), serves until the front door ends, returns the exit code.
int run(server& srv, int argc = 0, char const* const* argv = nullptr);

} // namespace mcp
