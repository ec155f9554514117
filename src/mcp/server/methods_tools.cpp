// tools/list and tools/call (2025-11-25 server/tools).
#include <mcp/server/methods.hpp>
#include <mcp/server/server.hpp>

namespace mcp::detail {
namespace {

task<result<boost::json::value>> list_tools(method_call c) {
    auto after = cursor_param(c.params);
    if (!after) co_return after.error();
    auto page = c.srv.tools().list(*after, c.srv.options().page_size);
    co_return page_json("tools", page, [](tool_entry const& e) { return protocol::to_json(e.def); });
}

task<result<boost::json::value>> call_tool(method_call c) {
    auto name = string_param(c.params, "name");
    if (!name) co_return name.error();
    auto entry = c.srv.tools().find(*name);
    if (!entry) co_return error::invalid_params("Unknown tool: " + *name);
    // In the params' storage (the request's arena over HTTP): a typed tool reads them from there; a raw tool's
    // adapter copies them out of it first (typed.hpp).
    boost::json::object arguments(c.params.storage());
    if (auto const* a = c.params.if_contains("arguments"); a && !a->is_null()) {
        if (!a->is_object()) co_return error::invalid_params("Parameter arguments must be an object");
        arguments = a->as_object();
    }
    auto out = co_await entry->handler(std::move(arguments), c.ctx);
    co_return protocol::to_json(out, c.params.storage());
}

} // namespace

void add_tool_methods(method_table& t) {
    t.emplace("tools/list", list_tools);
    t.emplace("tools/call", call_tool);
}

} // namespace mcp::detail
