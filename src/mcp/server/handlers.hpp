// The uniform handler shapes the server stores, whatever the user registered (typed function, coroutine or raw
// JSON). typed.hpp adapts user functions to these; the method table only ever calls these.
#pragma once

#include <mcp/protocol/error.hpp>
#include <mcp/protocol/types.hpp>
#include <mcp/core/task.hpp>
#include <mcp/server/uri_template.hpp>

#include <boost/json.hpp>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace mcp {

class call_context;

// Tools: the arguments object in, a tool result out (argument errors are results with isError: true). The
// arguments may live in the request's arena (mcp/json/arena.hpp); the adapters of typed.hpp give a raw tool
// its own copy in the default storage.
using tool_handler = std::function<task<protocol::call_tool_result>(boost::json::object arguments, call_context&)>;
// Prompts: the arguments (strings on the wire) in; bad arguments are a JSON-RPC error (-32602).
using prompt_handler = std::function<task<result<protocol::get_prompt_result>>(boost::json::object arguments,
                                                                               call_context&)>;
// Resources and templates: the requested URI and the template's variables (empty for a fixed resource).
using resource_handler = std::function<task<result<protocol::read_resource_result>>(
    std::string uri, std::map<std::string, std::string> variables, call_context&)>;

// completion/complete: the argument being completed and the other arguments already chosen.
struct completion_request {
    std::string argument;
    std::string value;
    std::map<std::string, std::string> context;
};
using completion_handler = std::function<task<result<std::vector<std::string>>>(completion_request, call_context&)>;

// What a completion provider is attached to (2025-11-25 server/utilities/completion, "ref").
struct prompt_ref {
    std::string name;
};
struct resource_ref {
    std::string uri; // a resource template's uriTemplate
};

namespace detail {

struct tool_entry {
    protocol::tool def;
    tool_handler handler;
};
struct prompt_entry {
    protocol::prompt def;
    prompt_handler handler;
};
struct resource_entry {
    protocol::resource def;
    resource_handler handler;
};
struct template_entry {
    protocol::resource_template def;
    uri_template pattern;
    resource_handler handler;
};
struct completion_entry {
    completion_handler handler;
};

} // namespace detail
} // namespace mcp
