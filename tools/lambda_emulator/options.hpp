// The emulator's command line:
//   lambda_emulator [--host 127.0.0.1] [--port 9000] [--copies N] [--eager] [--event v2|v1|url]
//                   [--timeout SECONDS] [--queue-timeout SECONDS] [--freeze] [--env K=V ...]
//                   [--log-level info] -- <function binary> [args...]
// and the function's environment built from it: the emulator's own environment, then the variables Lambda
// sets (function name, version, memory, region, log group, _HANDLER, LAMBDA_TASK_ROOT, ...), then each --env.
#pragma once

#include <lambda_emulator/copy.hpp>
#include <lambda_emulator/events.hpp>

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace lambda_emulator {

struct options {
    std::string host = "127.0.0.1";
    unsigned short port = 9000; // 0: an ephemeral port
    std::size_t copies = 1;
    bool eager = false;
    event_format format = event_format::v2;
    std::chrono::seconds timeout{30};
    std::chrono::seconds queue_timeout{30};               // --queue-timeout, or the --timeout
    bool freeze = false;                                  // stop idle processes as Lambda freezes them
    std::vector<std::pair<std::string, std::string>> env; // --env, in order
    std::string log_level = "info";
    std::vector<std::string> command; // after "--"
};

// What parsing ended with: options to run with, or a text to print and an exit code (help: 0, errors: 2).
struct parse_exit {
    std::string text;
    int code = 0;
};
std::variant<options, parse_exit> parse_command_line(int argc, char const* const* argv);

// The spec every copy runs: command, environment, format, timeout, function name and ARN. `inherited` is the
// emulator's environment ("NAME=value" entries, as in environ); `cwd` becomes LAMBDA_TASK_ROOT by default.
function_spec make_function_spec(options const& opts, std::vector<std::string> const& inherited,
                                 std::string const& cwd);

} // namespace lambda_emulator
