// mcp::client: the typed calls, each a request whose result is read with protocol/read.hpp, and the helpers
// that walk every page of a list.
#include <mcp/client/client.hpp>

namespace mcp {

namespace {

boost::json::object cursor_params(std::optional<std::string> const& cursor) {
    boost::json::object params;
    if (cursor) params["cursor"] = *cursor;
    return params;
}

// Every page of a list: `page(cursor)` until the server gives no nextCursor. A server that hands back a cursor
// already seen would send us round for ever: that is an error.
template <class Item, class Page, class Fetch, class Items>
task<result<std::vector<Item>>> every_page(Fetch fetch, Items items) {
    std::vector<Item> all;
    std::optional<std::string> cursor;
    std::vector<std::string> seen;
    for (;;) {
        result<Page> page = co_await fetch(cursor);
        if (!page) co_return page.error();
        auto& got = items(*page);
        std::move(got.begin(), got.end(), std::back_inserter(all));
        if (!page->next_cursor) co_return all;
        if (std::find(seen.begin(), seen.end(), *page->next_cursor) != seen.end())
            co_return error(client_code::bad_result, "the server repeated the cursor \"" + *page->next_cursor + "\"");
        seen.push_back(*page->next_cursor);
        cursor = page->next_cursor;
    }
}

} // namespace

task<result<>> client::ping(request_options options) {
    boost::json::object params;
    auto answer = co_await request("ping", std::move(params), std::move(options));
    if (!answer) co_return answer.error();
    co_return result<>{};
}

task<result<>> client::set_log_level(log_level level) {
    boost::json::object params{{"level", protocol::to_string(level)}};
    auto answer = co_await request("logging/setLevel", std::move(params));
    if (!answer) co_return answer.error();
    co_return result<>{};
}

task<result<protocol::list_tools_result>> client::list_tools(std::optional<std::string> cursor) {
    co_return co_await typed<protocol::list_tools_result>("tools/list", cursor_params(cursor),
                                                          &protocol::read_list_tools_result);
}

task<result<std::vector<protocol::tool>>> client::list_all_tools() {
    co_return co_await every_page<protocol::tool, protocol::list_tools_result>(
        [this](std::optional<std::string> c) { return list_tools(std::move(c)); },
        [](protocol::list_tools_result& p) -> auto& { return p.tools; });
}

task<result<call_tool_result>> client::call_tool(std::string name, boost::json::object arguments,
                                                 request_options options) {
    boost::json::object params{{"name", std::move(name)}, {"arguments", std::move(arguments)}};
    co_return co_await typed<call_tool_result>("tools/call", std::move(params), &protocol::read_call_tool_result,
                                               std::move(options));
}

task<result<protocol::list_resources_result>> client::list_resources(std::optional<std::string> cursor) {
    co_return co_await typed<protocol::list_resources_result>("resources/list", cursor_params(cursor),
                                                              &protocol::read_list_resources_result);
}

task<result<std::vector<protocol::resource>>> client::list_all_resources() {
    co_return co_await every_page<protocol::resource, protocol::list_resources_result>(
        [this](std::optional<std::string> c) { return list_resources(std::move(c)); },
        [](protocol::list_resources_result& p) -> auto& { return p.resources; });
}

task<result<protocol::list_resource_templates_result>> client::list_resource_templates(
    std::optional<std::string> cursor) {
    co_return co_await typed<protocol::list_resource_templates_result>(
        "resources/templates/list", cursor_params(cursor), &protocol::read_list_resource_templates_result);
}

task<result<std::vector<protocol::resource_template>>> client::list_all_resource_templates() {
    co_return co_await every_page<protocol::resource_template, protocol::list_resource_templates_result>(
        [this](std::optional<std::string> c) { return list_resource_templates(std::move(c)); },
        [](protocol::list_resource_templates_result& p) -> auto& { return p.resource_templates; });
}

task<result<read_resource_result>> client::read_resource(std::string uri, request_options options) {
    boost::json::object params{{"uri", std::move(uri)}};
    co_return co_await typed<read_resource_result>("resources/read", std::move(params),
                                                   &protocol::read_read_resource_result, std::move(options));
}

task<result<>> client::subscribe(std::string uri) {
    boost::json::object params{{"uri", std::move(uri)}};
    auto answer = co_await request("resources/subscribe", std::move(params));
    if (!answer) co_return answer.error();
    co_return result<>{};
}

task<result<>> client::unsubscribe(std::string uri) {
    boost::json::object params{{"uri", std::move(uri)}};
    auto answer = co_await request("resources/unsubscribe", std::move(params));
    if (!answer) co_return answer.error();
    co_return result<>{};
}

task<result<protocol::list_prompts_result>> client::list_prompts(std::optional<std::string> cursor) {
    co_return co_await typed<protocol::list_prompts_result>("prompts/list", cursor_params(cursor),
                                                            &protocol::read_list_prompts_result);
}

task<result<std::vector<protocol::prompt>>> client::list_all_prompts() {
    co_return co_await every_page<protocol::prompt, protocol::list_prompts_result>(
        [this](std::optional<std::string> c) { return list_prompts(std::move(c)); },
        [](protocol::list_prompts_result& p) -> auto& { return p.prompts; });
}

task<result<get_prompt_result>> client::get_prompt(std::string name, std::map<std::string, std::string> arguments,
                                                   request_options options) {
    boost::json::object args;
    for (auto& [k, v] : arguments) args[k] = v;
    boost::json::object params{{"name", std::move(name)}, {"arguments", std::move(args)}};
    co_return co_await typed<get_prompt_result>("prompts/get", std::move(params), &protocol::read_get_prompt_result,
                                                std::move(options));
}

task<result<protocol::complete_result>> client::complete(completion_query req) {
    boost::json::object ref{{"type", req.ref_type}};
    ref[req.ref_type == "ref/resource" ? "uri" : "name"] = req.ref;
    boost::json::object params{{"ref", std::move(ref)},
                               {"argument", {{"name", req.argument}, {"value", req.value}}}};
    if (!req.context.empty()) {
        boost::json::object args;
        for (auto& [k, v] : req.context) args[k] = v;
        params["context"] = boost::json::object{{"arguments", std::move(args)}};
    }
    co_return co_await typed<protocol::complete_result>("completion/complete", std::move(params),
                                                        &protocol::read_complete_result);
}

std::string text_of(call_tool_result const& r) {
    std::string out;
    for (auto const& c : r.content) {
        auto const* t = std::get_if<protocol::text_content>(&c);
        if (!t) continue;
        if (!out.empty()) out += '\n';
        out += t->text;
    }
    return out;
}

void apply_form_defaults(boost::json::object const& requested_schema, boost::json::object& answer) {
    auto const* properties = requested_schema.if_contains("properties");
    if (!properties || !properties->is_object()) return;
    for (auto const& [name, schema] : properties->as_object()) {
        if (answer.contains(name) || !schema.is_object()) continue;
        if (auto const* d = schema.as_object().if_contains("default")) answer[name] = *d;
    }
}

} // namespace mcp
