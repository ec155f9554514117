// Reading the MCP 2025-11-25 types from their wire form (schema: shared/reference), as a client reads a
// server's results: the inverse of types.hpp's to_json, plus the results only a client reads (lists,
// completion, initialize). Not for: the JSON-RPC envelope (jsonrpc.hpp) or typed user structs
// (json/reflect.hpp).
//
// Rules, the same for every reader:
//  - a required field that is missing, or any field (required or optional) of the wrong JSON type, is an
//    error whose code is invalid_params and whose message names the path and the problem:
//    "tools[2].inputSchema: expected an object", "content[0].type: unknown content type \"video\"". The path
//    starts below the value read; a problem with the value itself has no path ("expected an object");
//  - null is a wrong type, not an absent field (the schema has no nullable field);
//  - unknown fields are ignored (a later revision may add them), and so is `_meta`;
//  - enum strings (role, icon theme, taskSupport) outside the schema's values are errors;
//  - a number may be any JSON number; an integer (size, total) may be written 12 or 12.0 but must be whole
//    and fit in int64; annotations.priority must lie in [0, 1];
//  - resource contents carry "text" or "blob" (the schema's TextResourceContents | BlobResourceContents).
// Round trip: read_x(to_json(x)) == x for every value the server writes, except a tool's empty input_schema,
// which is written (and so read back) as {"type":"object"}.
#pragma once

#include <mcp/protocol/error.hpp>
#include <mcp/protocol/types.hpp>

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mcp::protocol {

// --- results only a client reads ---------------------------------------------------------------------------

// tools/list (2025-11-25 server/tools); next_cursor is set when there is another page.
struct list_tools_result {
    std::vector<tool> tools;
    std::optional<std::string> next_cursor;
    friend bool operator==(list_tools_result const&, list_tools_result const&) = default;
};

struct list_resources_result {
    std::vector<resource> resources;
    std::optional<std::string> next_cursor;
    friend bool operator==(list_resources_result const&, list_resources_result const&) = default;
};

struct list_resource_templates_result {
    std::vector<resource_template> resource_templates;
    std::optional<std::string> next_cursor;
    friend bool operator==(list_resource_templates_result const&,
                           list_resource_templates_result const&) = default;
};

struct list_prompts_result {
    std::vector<prompt> prompts;
    std::optional<std::string> next_cursor;
    friend bool operator==(list_prompts_result const&, list_prompts_result const&) = default;
};

// completion/complete: the wire's {"completion": {values, total, hasMore}}, flattened.
struct complete_result {
    std::vector<std::string> values;
    std::optional<std::int64_t> total;
    bool has_more = false;
    friend bool operator==(complete_result const&, complete_result const&) = default;
};

// initialize. capabilities are kept as sent (ServerCapabilities has open-ended members: experimental, and
// whatever later revisions add); only their being an object is checked.
struct initialize_result {
    std::string protocol_version;
    boost::json::object capabilities;
    implementation server_info;
    std::optional<std::string> instructions;
    friend bool operator==(initialize_result const&, initialize_result const&) = default;
};

// One root of roots/list (2025-11-25 client/roots), which the client answers.
struct root {
    std::string uri; // file:// in 2025-11-25
    std::optional<std::string> name;
    friend bool operator==(root const&, root const&) = default;
};

boost::json::value to_json(root const&);

// --- readers -----------------------------------------------------------------------------------------------
// Each reads one value by the rules above; the value is copied out, `v` is not kept.

result<implementation> read_implementation(boost::json::value const& v);
// By "type": text, image, audio, resource_link, resource.
result<content> read_content(boost::json::value const& v);
result<resource_contents> read_resource_contents(boost::json::value const& v);

result<tool> read_tool(boost::json::value const& v);
result<call_tool_result> read_call_tool_result(boost::json::value const& v);
result<resource> read_resource(boost::json::value const& v);
result<resource_template> read_resource_template(boost::json::value const& v);
result<read_resource_result> read_read_resource_result(boost::json::value const& v);
result<prompt> read_prompt(boost::json::value const& v);
result<get_prompt_result> read_get_prompt_result(boost::json::value const& v);
result<root> read_root(boost::json::value const& v);

result<list_tools_result> read_list_tools_result(boost::json::value const& v);
result<list_resources_result> read_list_resources_result(boost::json::value const& v);
result<list_resource_templates_result> read_list_resource_templates_result(boost::json::value const& v);
result<list_prompts_result> read_list_prompts_result(boost::json::value const& v);
result<complete_result> read_complete_result(boost::json::value const& v);
result<initialize_result> read_initialize_result(boost::json::value const& v);

} // namespace mcp::protocol
