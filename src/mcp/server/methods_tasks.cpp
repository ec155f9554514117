// tasks/get, tasks/list, tasks/cancel and tasks/result (2025-11-25 basic/utilities/tasks). The store is the truth:
// each method reads it, so any process sharing the store answers for a task another process runs. A task is
// visible only to the session (and principal) that created it; any other id is "not found", so ids cannot be
// probed.
#include <mcp/server/methods.hpp>
#include <mcp/server/pagination.hpp>
#include <mcp/server/server.hpp>
#include <mcp/server/task_state.hpp>

#include <boost/asio/this_coro.hpp>

namespace mcp::detail {
namespace {

error not_found() { return error::invalid_params("Failed to retrieve task: Task not found"); }

// The runner, or the error a server without tasks answers (the methods exist only where tasks do).
result<task_runner*> runner_of(method_call const& c, std::string_view method) {
    if (!c.srv.tasks_for(c.sess.protocol_version())) return error::method_not_found(std::string(method));
    return c.srv.tasks();
}

// The runner, shared for as long as a method's coroutine holds it: a front door that ends releases the server's
// (server::release_task_store) while a request may still be suspended in it.
std::shared_ptr<task_runner> shared_runner(method_call const& c) {
    auto* runner = c.srv.tasks();
    return runner ? runner->shared_from_this() : nullptr;
}

task<result<storage::task_record>> find_task(method_call const& c, std::string_view method) {
    auto runner = runner_of(c, method);
    if (!runner) co_return runner.error();
    auto id = string_param(c.params, "taskId");
    if (!id) co_return id.error();
    auto found = co_await (*runner)->read(c.sess, *id, c.ctx.metadata());
    if (!found) co_return found.error();
    if (!*found) co_return not_found();
    co_return std::move(**found);
}

task<result<boost::json::value>> get_task(method_call c) {
    auto found = co_await find_task(c, "tasks/get");
    if (!found) co_return found.error();
    co_return task_json(*found);
}

task<result<boost::json::value>> list_tasks(method_call c) {
    auto runner = runner_of(c, "tasks/list");
    if (!runner) co_return runner.error();
    auto after = cursor_param(c.params);
    if (!after) co_return after.error();
    auto page = co_await (*runner)->options().store->list(c.sess.id(), *after, c.srv.options().page_size);
    if (!page && page.error().code() == storage::errc::rejected)
        co_return error::invalid_params("Invalid cursor: pass back a nextCursor from an earlier page");
    if (!page) co_return task_store_error(page.error(), "listing the tasks of session " + c.sess.id());
    boost::json::array tasks;
    auto principal = principal_of(c.ctx.metadata());
    for (auto& record : page->tasks) {
        if (record.principal != principal) continue;
        auto settled = co_await (*runner)->settle_lease(c.sess, std::move(record));
        if (!settled) co_return settled.error();
        if (*settled) tasks.push_back(task_json(**settled));
    }
    boost::json::object out{{"tasks", std::move(tasks)}};
    if (page->next) out["nextCursor"] = pagination::encode_cursor(*page->next);
    co_return out;
}

// 2025-11-25 tasks, cancellation: cancelled is stored before the answer; a task that ended stays as it ended.
task<result<boost::json::value>> cancel_task(method_call c) {
    auto found = co_await find_task(c, "tasks/cancel");
    if (!found) co_return found.error();
    auto runner = shared_runner(c);
    if (!runner) co_return error::method_not_found("tasks/cancel");
    auto w = co_await runner->cancel(c.sess.id(), found->id);
    if (!w) co_return task_store_error(w.error(), "cancelling task " + found->id);
    if (!w->current) co_return not_found();
    if (!w->applied) co_return error::invalid_params(cancel_refused_message(w->current->status));
    auto task = task_json(*w->current);
    c.sess.notify("notifications/tasks/status", task);
    co_return task;
}

// Removes this request from the task's result waiters however the wait ends (answered, or cancelled).
struct result_waiter {
    std::shared_ptr<task_runner> runner;
    std::string id;
    protocol::request_id request;
    ~result_waiter() { runner->remove_result_waiter(id, request); }
};

// The stored outcome as tasks/result answers it: exactly the tool's result with the related-task _meta, or the
// JSON-RPC error it ended with.
result<boost::json::value> outcome_answer(std::string const& id, storage::task_outcome const& outcome) {
    boost::system::error_code ec;
    auto parsed = boost::json::parse(outcome.json, ec);
    if (ec || !parsed.is_object()) return error::internal("The stored result of task " + id + " is damaged");
    if (outcome.is_error) return error::from_json(parsed).value_or(error::internal());
    add_related_task(parsed.as_object(), id);
    return parsed;
}

// 2025-11-25 tasks, getting results: blocks until the task ends. The owner process wakes at once when the task
// ends; any other process polls the store, from 100 ms up to the poll interval.
task<result<boost::json::value>> task_result(method_call c) {
    auto found = co_await find_task(c, "tasks/result");
    if (!found) co_return found.error();
    auto runner = shared_runner(c);
    if (!runner) co_return error::method_not_found("tasks/result");
    result_waiter waiter{runner, found->id, c.ctx.request_id()};
    runner->add_result_waiter(found->id, c.ctx.request_id());
    auto pause = std::chrono::milliseconds(100);
    while (!storage::is_terminal(found->status)) {
        co_await runner->wait(found->id, pause);
        if ((co_await boost::asio::this_coro::cancellation_state).cancelled() != boost::asio::cancellation_type::none)
            co_return error::internal("tasks/result was cancelled");
        pause = std::min(pause * 2, runner->options().poll_interval);
        found = co_await find_task(c, "tasks/result");
        if (!found) co_return found.error();
    }
    auto outcome = co_await runner->options().store->outcome(c.sess.id(), found->id);
    if (!outcome) co_return task_store_error(outcome.error(), "reading the result of task " + found->id);
    if (!*outcome) co_return not_found();
    co_return outcome_answer(found->id, **outcome);
}

} // namespace

void add_task_methods(method_table& t) {
    t.emplace("tasks/get", get_task);
    t.emplace("tasks/list", list_tasks);
    t.emplace("tasks/cancel", cancel_task);
    t.emplace("tasks/result", task_result);
}

} // namespace mcp::detail
