// One conversation of `mcp`: the transport the invocation names, an mcp::client on it, initialize, the
// optional logging/setLevel, the command, and close (HTTP: DELETE of the session; stdio: the server's stdin
// closed, then SIGTERM and SIGKILL if it lingers). Not for: reading the command line (command_line.cpp).
#pragma once

#include "invocation.hpp"

#include <mcp/core/task.hpp>

namespace mcp::cli {

// Runs `inv` on the calling coroutine's executor (one thread) and returns the exit code (arguments.hpp). The
// server's log messages and progress go to stderr unless inv.quiet; the client and its connection are closed
// and destroyed before it returns.
task<int> run(invocation inv);

} // namespace mcp::cli
