// The pure part of the `mcp` command line: reading each argument that is not a plain string (headers, JSON
// arguments, roots, log levels, the operands of each command) and choosing the exit code for a failed
// request. No I/O and no CLI11 here (command_line.cpp wires these to the options), so all of it is unit
// tested.
//
// Every reader returns the value, or an invalid_params error whose message names the argument and the problem
// ("tool arguments '{a:1}': not valid JSON at character 2: syntax error"); main prints it and exits 2.
#pragma once

#include "invocation.hpp"

#include <mcp/protocol/error.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mcp::cli {

// The exit codes scripts can test (also in --help and docs/cli.md).
namespace exit_code {
inline constexpr int ok = 0;
// The server answered: with a JSON-RPC error, or with a tool result that has isError: true (printed all the
// same).
inline constexpr int failed = 1;
// The command line is wrong: an unknown option, a missing operand, an argument that is not valid JSON.
// Nothing was sent.
inline constexpr int usage = 2;
// No usable answer: the server cannot be reached or started, the connection or initialize failed, the
// transport broke, no answer within --timeout, or an answer that is not valid MCP.
inline constexpr int no_answer = 3;
} // namespace exit_code

// A command and its operands after the URL (the URL comes first unless --stdio is given).
struct command_shape {
    std::string_view name;
    std::string_view operands; // as the usage line shows them
    std::size_t min;
    std::size_t max;
    std::string_view summary;
};
std::span<command_shape const> command_shapes();

// --header 'Name: value'. The name is an HTTP token; the value is trimmed and holds no line break. Headers
// the transport sets itself (Accept, Content-Type, Host, Mcp-Session-Id, ...) are refused.
result<std::pair<std::string, std::string>> parse_header(std::string_view text);
// A JSON object (tool arguments); `what` names the argument in the error message.
result<boost::json::object> parse_json_object(std::string_view what, std::string_view text);
// A JSON object whose values are strings (prompt arguments).
result<std::map<std::string, std::string>> parse_string_object(std::string_view what, std::string_view text);
// NAME=VALUE (--context); the name is not empty, the value may be.
result<std::pair<std::string, std::string>> parse_assignment(std::string_view what, std::string_view text);
// --root: a file:// URI (2025-11-25 client/roots: "MUST be a file:// URI").
result<protocol::root> parse_root(std::string_view uri);
// --log-level: debug, info, notice, warning, error, critical, alert or emergency (2025-11-25
// server/utilities/logging).
result<log_level> parse_log_level(std::string_view text);

// Checks the operands of inv.command (the URL first unless inv.stdio()) and stores them in `inv`: the URL,
// the name, the parsed arguments, the completion's argument and value. inv.command must be one of
// command_shapes(); for complete, inv.completion.ref must already be set (--prompt or --resource).
result<> read_operands(invocation& inv, std::vector<std::string> const& operands);

// The exit code for a request that failed with `e`: failed (1) when the server answered with a JSON-RPC
// error, no_answer (3) for the errors the transport and the client make up (transport::code, client_code) and
// for request_timeout, which this client uses when no answer came within --timeout.
int exit_code_for(error const& e);

} // namespace mcp::cli
