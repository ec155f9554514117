// mcp::client: tools/call as a task and the tasks/* methods (2025-11-25 basic/utilities/tasks).
#include <mcp/client/client.hpp>

namespace mcp {

namespace {

constexpr std::string_view statuses[] = {"working", "input_required", "completed", "failed", "cancelled"};

error bad(std::string const& what) {
    return error::invalid_params(what);
}

result<std::optional<std::int64_t>> optional_integer(boost::json::object const& o, std::string_view name) {
    auto const* v = o.if_contains(name);
    if (!v || v->is_null()) return std::optional<std::int64_t>();
    if (!v->is_int64() && !v->is_uint64()) return bad(std::string(name) + ": expected an integer");
    return std::optional<std::int64_t>(v->to_number<std::int64_t>());
}

result<std::string> required_string(boost::json::object const& o, std::string_view name) {
    auto const* v = o.if_contains(name);
    if (!v) return bad(std::string(name) + ": missing required field");
    if (!v->is_string()) return bad(std::string(name) + ": expected a string");
    return std::string(v->as_string());
}

} // namespace

result<task_info> read_task_info(boost::json::value const& v) {
    if (!v.is_object()) return bad("expected an object");
    auto const& o = v.as_object();
    task_info t;
    auto id = required_string(o, "taskId");
    auto status = required_string(o, "status");
    auto created = required_string(o, "createdAt");
    auto updated = required_string(o, "lastUpdatedAt");
    auto ttl = optional_integer(o, "ttl");
    auto poll = optional_integer(o, "pollInterval");
    for (auto const* e : {&id, &status, &created, &updated})
        if (!*e) return e->error();
    if (!ttl) return ttl.error();
    if (!poll) return poll.error();
    if (std::find(std::begin(statuses), std::end(statuses), *status) == std::end(statuses))
        return bad("status: unknown task status \"" + *status + "\"");
    if (auto const* m = o.if_contains("statusMessage")) {
        if (!m->is_string()) return bad("statusMessage: expected a string");
        t.status_message = std::string(m->as_string());
    }
    t.task_id = std::move(*id);
    t.status = std::move(*status);
    t.created_at = std::move(*created);
    t.last_updated_at = std::move(*updated);
    t.ttl_ms = *ttl;
    t.poll_interval_ms = *poll;
    return t;
}

result<list_tasks_result> read_list_tasks_result(boost::json::value const& v) {
    if (!v.is_object()) return bad("expected an object");
    auto const* tasks = v.as_object().if_contains("tasks");
    if (!tasks || !tasks->is_array()) return bad("tasks: expected an array");
    list_tasks_result out;
    for (std::size_t i = 0; i < tasks->as_array().size(); ++i) {
        auto t = read_task_info(tasks->as_array()[i]);
        if (!t) return bad("tasks[" + std::to_string(i) + "]." + t.error().message());
        out.tasks.push_back(std::move(*t));
    }
    if (auto const* c = v.as_object().if_contains("nextCursor")) {
        if (!c->is_string()) return bad("nextCursor: expected a string");
        out.next_cursor = std::string(c->as_string());
    }
    return out;
}

task<result<task_info>> client::call_tool_as_task(std::string name, boost::json::object arguments,
                                                  std::optional<std::chrono::milliseconds> ttl) {
    boost::json::object augment;
    if (ttl) augment["ttl"] = ttl->count();
    boost::json::object params{{"name", std::move(name)}, {"arguments", std::move(arguments)}, {"task", std::move(augment)}};
    auto answer = co_await request("tools/call", std::move(params));
    if (!answer) co_return answer.error();
    auto const* created = answer->if_contains("task");
    if (!created)
        co_return error(client_code::bad_result, "the server ran tools/call without a task (it answered a plain result): "
                                                 "the tool or the server does not support tasks");
    auto t = read_task_info(*created);
    if (!t) co_return error(client_code::bad_result, "the server's CreateTaskResult: task." + t.error().message());
    co_return std::move(*t);
}

task<result<task_info>> client::get_task(std::string task_id) {
    boost::json::object params{{"taskId", std::move(task_id)}};
    co_return co_await typed<task_info>("tasks/get", std::move(params), &read_task_info);
}

task<result<task_info>> client::cancel_task(std::string task_id) {
    boost::json::object params{{"taskId", std::move(task_id)}};
    co_return co_await typed<task_info>("tasks/cancel", std::move(params), &read_task_info);
}

task<result<list_tasks_result>> client::list_tasks(std::optional<std::string> cursor) {
    boost::json::object params;
    if (cursor) params["cursor"] = *cursor;
    co_return co_await typed<list_tasks_result>("tasks/list", std::move(params), &read_list_tasks_result);
}

task<result<call_tool_result>> client::task_result(std::string task_id, request_options options) {
    boost::json::object params{{"taskId", std::move(task_id)}};
    co_return co_await typed<call_tool_result>("tasks/result", std::move(params), &protocol::read_call_tool_result,
                                               std::move(options));
}

} // namespace mcp
