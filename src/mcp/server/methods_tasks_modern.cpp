// tasks/get, tasks/update and tasks/cancel of the io.modelcontextprotocol/tasks extension (2026-07-28, SEP-2663),
// on the task stores and runner of 2025-11-25 (methods_tasks.cpp). A request declares the extension in its own
// clientCapabilities.extensions, or gets -32021 before any lookup. Modern tasks live in the request scope "@" +
// principal (task_runner::start), so any instance sharing the store answers for them, to the same principal only;
// the 2025 tasks/list and tasks/result do not exist here (-32601).
#include <mcp/server/methods.hpp>
#include <mcp/server/server.hpp>
#include <mcp/server/task_state.hpp>

namespace mcp::detail {

bool declares_tasks_extension(session const& s) {
    auto const* ext = s.client_capabilities().if_contains("extensions");
    return ext && ext->is_object() && ext->as_object().contains(tasks_extension);
}

result<> require_tasks_extension(session const& s, std::string_view what) {
    if (declares_tasks_extension(s)) return {};
    boost::json::object tasks{{tasks_extension, boost::json::object{}}};
    return error::missing_capability({{"extensions", std::move(tasks)}},
                                     std::string(what) + " needs the " + std::string(tasks_extension) +
                                         " extension: declare it in clientCapabilities.extensions");
}

namespace {

error not_found() { return error::invalid_params("Failed to retrieve task: Task not found"); }

struct found_task {
    std::shared_ptr<task_runner> runner;
    storage::task_record record;
};

// The extension declared, a runner, and the caller's task by params.taskId.
task<result<found_task>> find_task(method_call const& c, std::string_view method) {
    if (auto ok = require_tasks_extension(c.sess, method); !ok) co_return ok.error();
    auto* runner = c.srv.tasks();
    if (!runner) co_return error::method_not_found(std::string(method));
    auto id = string_param(c.params, "taskId");
    if (!id) co_return id.error();
    auto shared = runner->shared_from_this(); // held while this coroutine is suspended in it
    auto found = co_await shared->read(c.sess, *id, c.ctx.metadata());
    if (!found) co_return found.error();
    if (!*found) co_return not_found();
    co_return found_task{std::move(shared), std::move(**found)};
}

task<result<boost::json::value>> get_task(method_call c) {
    auto found = co_await find_task(c, "tasks/get");
    if (!found) co_return found.error();
    auto const& r = found->record;
    std::optional<storage::task_outcome> outcome;
    if (storage::is_terminal(r.status) && r.status != task_status::cancelled) {
        auto stored = co_await found->runner->options().store->outcome(r.session, r.id);
        if (!stored) co_return task_store_error(stored.error(), "reading the result of task " + r.id);
        outcome = std::move(*stored);
    }
    co_return detailed_task_json(r, outcome ? &*outcome : nullptr);
}

// Input for a task waiting on the client: answers to questions it has not asked, or no longer asks, are ignored.
// (A modern task does not ask yet: see docs/eras.md; every answer is ignored and acknowledged.)
task<result<boost::json::value>> update_task(method_call c) {
    auto found = co_await find_task(c, "tasks/update");
    if (!found) co_return found.error();
    auto const* responses = c.params.if_contains("inputResponses");
    if (!responses || !responses->is_object())
        co_return error::invalid_params("tasks/update: params.inputResponses must be an object");
    co_return boost::json::object{};
}

// Cooperative: cancelled is stored (when the task still runs) and the handler is stopped where it runs. A task that
// has ended is acknowledged alike.
task<result<boost::json::value>> cancel_task(method_call c) {
    auto found = co_await find_task(c, "tasks/cancel");
    if (!found) co_return found.error();
    auto const& r = found->record;
    if (storage::is_terminal(r.status)) co_return boost::json::object{};
    auto w = co_await found->runner->cancel(r.session, r.id);
    if (!w) co_return task_store_error(w.error(), "cancelling task " + r.id);
    if (!w->current) co_return not_found();
    co_return boost::json::object{};
}

} // namespace

void add_modern_task_methods(method_table& t) {
    t.emplace("tasks/get", get_task);
    t.emplace("tasks/update", update_task);
    t.emplace("tasks/cancel", cancel_task);
}

} // namespace mcp::detail
