// What mcp::run says about itself: the exit code of every usage error, and the environment its --help lists.
// Internal to mcp::run (run.cpp); tests/run checks what a server prints.
#pragma once

#include <string>

namespace mcp::detail {

// The exit code of a usage error: an unknown option or value on the command line or in the environment (a
// wrong MCP_TRANSPORT, MCP_PORT, LOG_LEVEL, MCP_STORE, ...). Nothing is served then.
inline constexpr int usage_exit = 2;

// The environment variables mcp::run reads, each with its meaning and default: the footer of --help.
std::string environment_help();

} // namespace mcp::detail
