// Reading `mcp`'s command line (CLI11) into an invocation, with the help text that documents every command,
// option and exit code. The checks themselves are arguments.hpp's; this file wires them to the options.
#pragma once

#include "invocation.hpp"

#include <string>
#include <variant>

namespace mcp::cli {

// What to do instead of running: print `out` (help, --version) and `err` (a usage error), exit with `code`.
struct early_exit {
    int code = 0;
    std::string out;
    std::string err;
};

// Everything after the first "--" is the server command (--stdio); the rest is parsed by CLI11 and checked by
// arguments.hpp before anything is sent. Usage errors are early_exit{exit_code::usage, "", message}.
std::variant<invocation, early_exit> parse_command_line(int argc, char const* const* argv);

} // namespace mcp::cli
