// MCP 2025-11-25 types the server produces or reads, with their wire form (schema: shared/reference).
// C++ names are snake_case; to_json writes the spec's camelCase names. Empty optionals are omitted.
// Every struct compares member by member (defaulted ==); protocol/read.hpp reads them back.
// Not for: the JSON-RPC envelope (jsonrpc.hpp) or typed user structs (json/reflect.hpp).
#pragma once

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace mcp::protocol {

// --- shared pieces -----------------------------------------------------------------------------------------

struct icon {
    std::string src; // https: or data: URI
    std::optional<std::string> mime_type;
    std::vector<std::string> sizes;   // "48x48", "any"
    std::optional<std::string> theme; // "light" | "dark"
    friend bool operator==(icon const&, icon const&) = default;
};

// Implementation (serverInfo / clientInfo).
struct implementation {
    std::string name;
    std::string version;
    std::optional<std::string> title;
    std::optional<std::string> description;
    std::optional<std::string> website_url;
    std::vector<icon> icons;
    friend bool operator==(implementation const&, implementation const&) = default;
};

enum class role { user, assistant };

struct annotations {
    std::vector<role> audience;
    std::optional<double> priority;           // 0..1
    std::optional<std::string> last_modified; // ISO 8601
    friend bool operator==(annotations const&, annotations const&) = default;
};

// --- content -----------------------------------------------------------------------------------------------

struct text_content {
    std::string text;
    std::optional<mcp::protocol::annotations> annotations;
    friend bool operator==(text_content const&, text_content const&) = default;
};
struct image_content {
    std::string data; // base64
    std::string mime_type;
    std::optional<mcp::protocol::annotations> annotations;
    friend bool operator==(image_content const&, image_content const&) = default;
};
struct audio_content {
    std::string data; // base64
    std::string mime_type;
    std::optional<mcp::protocol::annotations> annotations;
    friend bool operator==(audio_content const&, audio_content const&) = default;
};

// One item of resources/read: text or blob (base64).
struct resource_contents {
    std::string uri;
    std::optional<std::string> mime_type;
    std::optional<std::string> text;
    std::optional<std::string> blob;
    friend bool operator==(resource_contents const&, resource_contents const&) = default;
};

struct embedded_resource {
    resource_contents resource;
    std::optional<mcp::protocol::annotations> annotations;
    friend bool operator==(embedded_resource const&, embedded_resource const&) = default;
};

struct resource_link {
    std::string uri;
    std::string name;
    std::optional<std::string> title;
    std::optional<std::string> description;
    std::optional<std::string> mime_type;
    std::optional<mcp::protocol::annotations> annotations;
    friend bool operator==(resource_link const&, resource_link const&) = default;
};

using content = std::variant<text_content, image_content, audio_content, resource_link, embedded_resource>;

// --- tools -------------------------------------------------------------------------------------------------

struct tool_annotations {
    std::optional<std::string> title;
    std::optional<bool> read_only_hint;
    std::optional<bool> destructive_hint;
    std::optional<bool> idempotent_hint;
    std::optional<bool> open_world_hint;
    friend bool operator==(tool_annotations const&, tool_annotations const&) = default;
};

// 2025-11-25 server/tools, ToolExecution: whether tools/call may (optional), must (required) or must not
// (forbidden, the default) run as a task (basic/utilities/tasks).
enum class task_support { forbidden, optional, required };
std::string_view to_string(task_support s);

struct tool_execution {
    protocol::task_support task_support = task_support::forbidden;
    friend bool operator==(tool_execution const&, tool_execution const&) = default;
};

struct tool {
    std::string name;
    std::optional<std::string> title;
    std::optional<std::string> description;
    boost::json::object input_schema; // {"type":"object",...}
    std::optional<boost::json::object> output_schema;
    std::optional<tool_annotations> annotations;
    std::vector<icon> icons;
    std::optional<tool_execution> execution; // written in tools/list only when set
    friend bool operator==(tool const&, tool const&) = default;
};

struct call_tool_result {
    std::vector<mcp::protocol::content> content;
    std::optional<boost::json::object> structured_content;
    bool is_error = false;
    friend bool operator==(call_tool_result const&, call_tool_result const&) = default;
};

// --- resources ---------------------------------------------------------------------------------------------

struct resource {
    std::string uri;
    std::string name;
    std::optional<std::string> title;
    std::optional<std::string> description;
    std::optional<std::string> mime_type;
    std::optional<std::int64_t> size;
    std::optional<mcp::protocol::annotations> annotations;
    std::vector<icon> icons;
    friend bool operator==(resource const&, resource const&) = default;
};

struct resource_template {
    std::string uri_template; // RFC 6570
    std::string name;
    std::optional<std::string> title;
    std::optional<std::string> description;
    std::optional<std::string> mime_type;
    std::optional<mcp::protocol::annotations> annotations;
    std::vector<icon> icons;
    friend bool operator==(resource_template const&, resource_template const&) = default;
};

struct read_resource_result {
    std::vector<resource_contents> contents;
    friend bool operator==(read_resource_result const&, read_resource_result const&) = default;
};

// --- prompts -----------------------------------------------------------------------------------------------

struct prompt_argument {
    std::string name;
    std::optional<std::string> title;
    std::optional<std::string> description;
    bool required = false;
    friend bool operator==(prompt_argument const&, prompt_argument const&) = default;
};

struct prompt {
    std::string name;
    std::optional<std::string> title;
    std::optional<std::string> description;
    std::vector<prompt_argument> arguments;
    std::vector<icon> icons;
    friend bool operator==(prompt const&, prompt const&) = default;
};

struct prompt_message {
    mcp::protocol::role role = mcp::protocol::role::user;
    mcp::protocol::content content;
    friend bool operator==(prompt_message const&, prompt_message const&) = default;
};

struct get_prompt_result {
    std::optional<std::string> description;
    std::vector<prompt_message> messages;
    friend bool operator==(get_prompt_result const&, get_prompt_result const&) = default;
};

// --- logging -----------------------------------------------------------------------------------------------

// RFC 5424 severities, in increasing order (2025-11-25 server/utilities/logging).
enum class log_level { debug, info, notice, warning, error, critical, alert, emergency };
std::string_view to_string(log_level l);
std::optional<log_level> log_level_from_string(std::string_view s);

// --- wire form ---------------------------------------------------------------------------------------------

boost::json::value to_json(icon const&);
boost::json::value to_json(implementation const&);
boost::json::value to_json(annotations const&);
// The content blocks and a tool's result are built in `sp`'s storage: the server passes the request's arena
// (json/arena.hpp), where the response they go into is serialized and freed with it.
boost::json::value to_json(content const&, boost::json::storage_ptr sp = {});
boost::json::value to_json(resource_contents const&);
boost::json::value to_json(tool_annotations const&);
boost::json::value to_json(tool const&);
boost::json::value to_json(call_tool_result const&, boost::json::storage_ptr sp = {});
boost::json::value to_json(resource const&);
boost::json::value to_json(resource_template const&);
boost::json::value to_json(read_resource_result const&);
boost::json::value to_json(prompt_argument const&);
boost::json::value to_json(prompt const&);
boost::json::value to_json(prompt_message const&);
boost::json::value to_json(get_prompt_result const&);

// Reads clientInfo from initialize params; nullopt when name or version is missing or not a string.
std::optional<implementation> implementation_from_json(boost::json::value const& v);

// Convenience constructors for content.
inline content text(std::string s) {
    return text_content{std::move(s), {}};
}
inline content image(std::string base64, std::string mime) {
    return image_content{std::move(base64), std::move(mime), {}};
}
inline content audio(std::string base64, std::string mime) {
    return audio_content{std::move(base64), std::move(mime), {}};
}

} // namespace mcp::protocol

namespace mcp {
// The types users touch most, at the top namespace.
using protocol::call_tool_result;
using protocol::content;
using protocol::get_prompt_result;
using protocol::icon;
using protocol::log_level;
using protocol::prompt_message;
using protocol::read_resource_result;
using protocol::resource_contents;
using protocol::tool_annotations;
using protocol::task_support;
using protocol::tool_execution;
} // namespace mcp
