// tools/list and tools/call (2025-11-25 server/tools).
#include <mcp/server/methods.hpp>
#include <mcp/server/server.hpp>

namespace mcp::detail {
namespace {

task<result<boost::json::value>> list_tools(method_call c) {
    auto after = cursor_param(c.params);
    if (!after) co_return after.error();
    sees visible(c);
    auto page = c.srv.tools().list(*after, c.srv.options().page_size, visible.of(list_kind::tools));
    co_return page_json("tools", page, [modern = c.sess.modern()](tool_entry const& e) {
        auto def = protocol::to_json(e.def);
        if (modern) def.as_object().erase("execution"); // 2026-07-28: tasks are an extension, negotiated per call
        return def;
    });
}

// 2025-11-25 basic/utilities/tasks, tool-level negotiation: a task on a tool that forbids it, or none on a tool that
// requires one, is -32601. `task` is params.task when the session can use tasks, null otherwise (a receiver
// without the capability ignores it).
result<> check_task_support(protocol::tool const& def, boost::json::value const* task) {
    auto support = def.execution ? def.execution->task_support : protocol::task_support::forbidden;
    if (task && support == protocol::task_support::forbidden)
        return error(protocol::code::method_not_found,
                     "Tool '" + def.name + "' does not run as a task (execution.taskSupport is 'forbidden'): call it "
                     "without params.task");
    if (!task && support == protocol::task_support::required)
        return error(protocol::code::method_not_found,
                     "Tool '" + def.name + "' runs only as a task (execution.taskSupport is 'required'): call it "
                     "with params.task");
    if (task && !task->is_object()) return error::invalid_params("Parameter task must be an object");
    auto const* ttl = task ? task->as_object().if_contains("ttl") : nullptr;
    if (ttl && !ttl->is_null() && !(ttl->is_int64() && ttl->as_int64() >= 0))
        return error::invalid_params("Parameter task.ttl must be a non-negative integer (milliseconds)");
    return {};
}

// 2026-07-28, the tasks extension (SEP-2663): the server decides per request. A tool that may run as a task does
// when the request declares the extension and a task store serves; one that runs only as a task needs the
// extension (-32021). params.task, a 2025 hint, is ignored.
result<bool> modern_runs_as_task(method_call const& c, protocol::tool const& def) {
    auto support = def.execution ? def.execution->task_support : protocol::task_support::forbidden;
    if (support == protocol::task_support::forbidden) return false;
    if (support == protocol::task_support::required) {
        if (auto ok = require_tasks_extension(c.sess, "Tool '" + def.name + "', which runs only as a task,"); !ok)
            return ok.error();
    }
    return declares_tasks_extension(c.sess) && c.srv.tasks() != nullptr;
}

// Whether this call becomes a task, by the era's rules.
result<bool> runs_as_task(method_call const& c, protocol::tool const& def) {
    if (c.sess.modern()) return modern_runs_as_task(c, def);
    auto const* task = c.srv.tasks_for(c.sess.protocol_version()) ? c.params.if_contains("task") : nullptr;
    if (auto ok = check_task_support(def, task); !ok) return ok.error();
    return task != nullptr;
}

task<result<boost::json::value>> call_tool(method_call c) {
    auto name = string_param(c.params, "name");
    if (!name) co_return name.error();
    auto entry = c.srv.tools().find(*name);
    if (!entry || !sees(c)(list_kind::tools, *name)) co_return error::invalid_params("Unknown tool: " + *name);
    auto as_task = runs_as_task(c, entry->def);
    if (!as_task) co_return as_task.error();
    // In the params' storage (the request's arena over HTTP): a typed tool reads them from there; a raw tool's
    // adapter copies them out of it first (typed.hpp).
    boost::json::object arguments(c.params.storage());
    if (auto const* a = c.params.if_contains("arguments"); a && !a->is_null()) {
        if (!a->is_object()) co_return error::invalid_params("Parameter arguments must be an object");
        arguments = a->as_object();
    }
    if (*as_task)
        co_return co_await c.srv.tasks()->start(c.sess.shared_from_this(), entry, c.ctx.request_id(),
                                                std::move(arguments), c.params, c.ctx.metadata());
    auto out = co_await entry->handler(std::move(arguments), c.ctx);
    co_return protocol::to_json(out, c.params.storage());
}

} // namespace

void add_tool_methods(method_table& t) {
    t.emplace("tools/list", list_tools);
    t.emplace("tools/call", call_tool);
}

} // namespace mcp::detail
