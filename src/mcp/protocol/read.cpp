// Readers of tools, resources, prompts and the results a client reads, by the rules in read.hpp
// (2025-11-25 schema: Tool, Resource, ResourceTemplate, Prompt, the List*Result, CompleteResult,
// InitializeResult, Root). Content blocks and the shared pieces are read in read_content.cpp.
#include <mcp/protocol/detail/read_fields.hpp>
#include <mcp/protocol/read.hpp>

namespace mcp::protocol {

namespace json = boost::json;

namespace detail {
namespace {

result<tool_annotations> read_tool_annotations_at(json::value const& v, std::string const& path) {
    fields f(v, path);
    tool_annotations a;
    f.optional("title", a.title);
    f.optional("readOnlyHint", a.read_only_hint);
    f.optional("destructiveHint", a.destructive_hint);
    f.optional("idempotentHint", a.idempotent_hint);
    f.optional("openWorldHint", a.open_world_hint);
    return f.done(std::move(a));
}

// 2025-11-25 server/tools, ToolExecution: an absent taskSupport means "forbidden".
result<tool_execution> read_tool_execution_at(json::value const& v, std::string const& path) {
    fields f(v, path);
    std::optional<std::string> support;
    f.optional("taskSupport", support);
    tool_execution e;
    if (support && *support == "optional")
        e.task_support = task_support::optional;
    else if (support && *support == "required")
        e.task_support = task_support::required;
    else if (support && *support != "forbidden")
        f.fail("taskSupport", "expected \"forbidden\", \"optional\" or \"required\", got " +
                                  json::serialize(json::string(*support)));
    return f.done(e);
}

// The input schema's own content ("type": "object", properties) is the JSON Schema layer's to judge.
result<tool> read_tool_at(json::value const& v, std::string const& path) {
    fields f(v, path);
    tool t;
    f.required("name", t.name);
    f.optional("title", t.title);
    f.optional("description", t.description);
    f.required("inputSchema", t.input_schema);
    f.optional("outputSchema", t.output_schema);
    f.optional("annotations", t.annotations, read_tool_annotations_at);
    f.optional_list("icons", t.icons, read_icon_at);
    f.optional("execution", t.execution, read_tool_execution_at);
    return f.done(std::move(t));
}

result<call_tool_result> read_call_tool_result_at(json::value const& v, std::string const& path) {
    fields f(v, path);
    call_tool_result r;
    f.required_list("content", r.content, read_content_at);
    f.optional("structuredContent", r.structured_content);
    f.optional("isError", r.is_error);
    return f.done(std::move(r));
}

result<resource> read_resource_at(json::value const& v, std::string const& path) {
    fields f(v, path);
    resource r;
    f.required("uri", r.uri);
    f.required("name", r.name);
    f.optional("title", r.title);
    f.optional("description", r.description);
    f.optional("mimeType", r.mime_type);
    f.optional_integer("size", r.size);
    f.optional("annotations", r.annotations, read_annotations_at);
    f.optional_list("icons", r.icons, read_icon_at);
    return f.done(std::move(r));
}

result<resource_template> read_resource_template_at(json::value const& v, std::string const& path) {
    fields f(v, path);
    resource_template r;
    f.required("uriTemplate", r.uri_template);
    f.required("name", r.name);
    f.optional("title", r.title);
    f.optional("description", r.description);
    f.optional("mimeType", r.mime_type);
    f.optional("annotations", r.annotations, read_annotations_at);
    f.optional_list("icons", r.icons, read_icon_at);
    return f.done(std::move(r));
}

result<read_resource_result> read_read_resource_result_at(json::value const& v, std::string const& path) {
    fields f(v, path);
    read_resource_result r;
    f.required_list("contents", r.contents, read_resource_contents_at);
    return f.done(std::move(r));
}

result<prompt_argument> read_prompt_argument_at(json::value const& v, std::string const& path) {
    fields f(v, path);
    prompt_argument a;
    f.required("name", a.name);
    f.optional("title", a.title);
    f.optional("description", a.description);
    f.optional("required", a.required);
    return f.done(std::move(a));
}

result<prompt> read_prompt_at(json::value const& v, std::string const& path) {
    fields f(v, path);
    prompt p;
    f.required("name", p.name);
    f.optional("title", p.title);
    f.optional("description", p.description);
    f.optional_list("arguments", p.arguments, read_prompt_argument_at);
    f.optional_list("icons", p.icons, read_icon_at);
    return f.done(std::move(p));
}

result<prompt_message> read_prompt_message_at(json::value const& v, std::string const& path) {
    fields f(v, path);
    prompt_message m;
    f.required("role", m.role, read_role_at);
    f.required("content", m.content, read_content_at);
    return f.done(std::move(m));
}

result<get_prompt_result> read_get_prompt_result_at(json::value const& v, std::string const& path) {
    fields f(v, path);
    get_prompt_result r;
    f.optional("description", r.description);
    f.required_list("messages", r.messages, read_prompt_message_at);
    return f.done(std::move(r));
}

result<root> read_root_at(json::value const& v, std::string const& path) {
    fields f(v, path);
    root r;
    f.required("uri", r.uri);
    f.optional("name", r.name);
    return f.done(std::move(r));
}

result<complete_result> read_completion_at(json::value const& v, std::string const& path) {
    fields f(v, path);
    complete_result r;
    f.required_list("values", r.values, read_string_at);
    f.optional_integer("total", r.total);
    f.optional("hasMore", r.has_more);
    return f.done(std::move(r));
}

// A page of a list (2025-11-25 server/utilities/pagination): the items under `key`, and the next cursor.
template <class Page, class Item>
result<Page> read_page(json::value const& v, std::string_view key, std::vector<Item> Page::*items,
                       reader<Item> read) {
    fields f(v, {});
    Page page;
    f.required_list(key, page.*items, read);
    f.optional("nextCursor", page.next_cursor);
    return f.done(std::move(page));
}

} // namespace
} // namespace detail

json::value to_json(root const& r) {
    json::object o{{"uri", r.uri}};
    if (r.name)
        o["name"] = *r.name;
    return o;
}

result<tool> read_tool(json::value const& v) {
    return detail::read_tool_at(v, {});
}

result<call_tool_result> read_call_tool_result(json::value const& v) {
    return detail::read_call_tool_result_at(v, {});
}

result<resource> read_resource(json::value const& v) {
    return detail::read_resource_at(v, {});
}

result<resource_template> read_resource_template(json::value const& v) {
    return detail::read_resource_template_at(v, {});
}

result<read_resource_result> read_read_resource_result(json::value const& v) {
    return detail::read_read_resource_result_at(v, {});
}

result<prompt> read_prompt(json::value const& v) {
    return detail::read_prompt_at(v, {});
}

result<get_prompt_result> read_get_prompt_result(json::value const& v) {
    return detail::read_get_prompt_result_at(v, {});
}

result<root> read_root(json::value const& v) {
    return detail::read_root_at(v, {});
}

result<list_tools_result> read_list_tools_result(json::value const& v) {
    return detail::read_page(v, "tools", &list_tools_result::tools, detail::read_tool_at);
}

result<list_resources_result> read_list_resources_result(json::value const& v) {
    return detail::read_page(v, "resources", &list_resources_result::resources, detail::read_resource_at);
}

result<list_resource_templates_result> read_list_resource_templates_result(json::value const& v) {
    return detail::read_page(v, "resourceTemplates", &list_resource_templates_result::resource_templates,
                             detail::read_resource_template_at);
}

result<list_prompts_result> read_list_prompts_result(json::value const& v) {
    return detail::read_page(v, "prompts", &list_prompts_result::prompts, detail::read_prompt_at);
}

// 2025-11-25 server/utilities/completion: {"completion": {"values": [...], "total": n, "hasMore": b}}.
result<complete_result> read_complete_result(json::value const& v) {
    detail::fields f(v, {});
    complete_result r;
    f.required("completion", r, detail::read_completion_at);
    return f.done(std::move(r));
}

result<initialize_result> read_initialize_result(json::value const& v) {
    detail::fields f(v, {});
    initialize_result r;
    f.required("protocolVersion", r.protocol_version);
    f.required("capabilities", r.capabilities);
    f.required("serverInfo", r.server_info, detail::read_implementation_at);
    f.optional("instructions", r.instructions);
    return f.done(std::move(r));
}

} // namespace mcp::protocol
