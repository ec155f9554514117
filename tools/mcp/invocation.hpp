// What one run of the `mcp` command-line client asks for: the server to reach, how to talk to it, and the one
// request to send. command_line.cpp fills it from argv and arguments.cpp checks every part of it before any
// connection is made, so that a bad argument is a usage error (exit 2) and never a half-done conversation.
// Not for: how the request is sent (run.cpp) or printed (output.hpp).
#pragma once

#include <mcp/client/client_types.hpp>
#include <mcp/client/http_link.hpp>
#include <mcp/protocol/read.hpp>
#include <mcp/protocol/types.hpp>

#include <boost/json.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mcp::cli {

struct invocation {
    std::string command; // tools, call, read, resources, templates, prompts, prompt, complete, ping, info

    // The server: a Streamable HTTP URL, or (--stdio) a program started with its arguments.
    std::string url;
    std::vector<std::string> server_command;
    transport::header_list headers;           // --header, HTTP only
    std::chrono::milliseconds timeout{60000}; // per request, initialize included
    std::optional<log_level> level;           // --log-level, asked with logging/setLevel after connecting
    std::vector<protocol::root> roots;        // answers roots/list
    bool quiet = false;                       // no progress or log lines on stderr
    bool compact = false;                     // one-line JSON on stdout instead of pretty-printed

    // The request.
    std::string name;                                    // call, prompt: the tool or prompt; read: the URI
    boost::json::object arguments;                       // call
    std::map<std::string, std::string> prompt_arguments; // prompt
    completion_query completion;                         // complete

    bool stdio() const { return !server_command.empty(); }
};

} // namespace mcp::cli
