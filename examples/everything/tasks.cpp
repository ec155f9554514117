// Tools that run as MCP tasks (2025-11-25 basic/utilities/tasks): the client gets a task id at once and polls,
// waits for the result (tasks/result) or cancels, from any connection. The handlers are ordinary tool code:
// they log, report progress, ask the user, and stop when cancelled. docs/tasks.md explains the model.
#include "everything.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace everything {
namespace {

struct report_args {
    int steps = 4;             // one step every step_ms
    int step_ms = 250;
};
BOOST_DESCRIBE_STRUCT(report_args, (), (steps, step_ms))

struct confirm_form {
    bool proceed;
};
BOOST_DESCRIBE_STRUCT(confirm_form, (), (proceed))

mcp::task<void> pause(std::chrono::milliseconds d) {
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, d);
    co_await timer.async_wait(boost::asio::use_awaitable);
}

// A long report: progress after each step. Cancelling the task (tasks/cancel, on any process sharing the store)
// interrupts the pause it is in.
mcp::task<std::string> long_report(report_args in, mcp::call_context& ctx) {
    ctx.log(mcp::log_level::info, "Report started");
    for (int step = 1; step <= in.steps; ++step) {
        co_await pause(std::chrono::milliseconds(in.step_ms));
        ctx.progress(step, in.steps, "step " + std::to_string(step));
    }
    co_return "Report ready: " + std::to_string(in.steps) + " steps";
}

// Asks the user before going on: the task is input_required while the question is open.
mcp::task<std::string> confirmed_cleanup(mcp::call_context& ctx) {
    auto answer = co_await ctx.elicit<confirm_form>("Delete the build cache?");
    if (!answer) co_return "Could not ask: " + answer.error().message();
    if (!answer->content || !answer->content->proceed) co_return "Cleanup skipped";
    co_await pause(std::chrono::milliseconds(100));
    co_return "Cleanup done";
}

} // namespace

void add_task_tools(mcp::server& srv) {
    srv.add_tool({.name = "test_task_report",
                  .description = "A long report, as a task or a plain call (taskSupport optional)",
                  .execution = mcp::tool_execution{.task_support = mcp::task_support::optional}},
                 long_report);
    srv.add_tool({.name = "test_task_required_report",
                  .description = "The same report, only as a task (taskSupport required)",
                  .execution = mcp::tool_execution{.task_support = mcp::task_support::required}},
                 long_report);
    srv.add_tool({.name = "test_task_confirm",
                  .description = "Asks for confirmation, then cleans up (input_required while asking)",
                  .execution = mcp::tool_execution{.task_support = mcp::task_support::optional}},
                 confirmed_cleanup);
}

} // namespace everything
