// The commands of `mcp`, one coroutine each: a request to a connected mcp::client, its result as JSON on
// stdout, and the exit code (arguments.hpp). Not for: connecting (run.cpp) or reading the command line
// (command_line.cpp).
//
// Contract of every command: called on the client's executor after connect() succeeded; `c` outlives the
// call; it writes the result (and nothing else) to stdout, an error to stderr, and returns exit_code::ok,
// failed or no_answer.
#pragma once

#include "invocation.hpp"

#include <mcp/client/client.hpp>

#include <string_view>

namespace mcp::cli {

using command = task<int> (*)(client& c, invocation inv);

// The command named `name` (one of command_shapes()), or nullptr.
command find_command(std::string_view name);

// The options of a request that reports progress: each notifications/progress printed on stderr as
// "progress 50/100 half way" (unless inv.quiet), and restarting the --timeout.
request_options progress_options(invocation const& inv);

// Writes "mcp: <text>" on stderr.
void report(std::string const& text);

} // namespace mcp::cli
