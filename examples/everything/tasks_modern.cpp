// The tools the 2026-07-28 tasks extension scenarios call (io.modelcontextprotocol/tasks, SEP-2663): the server
// decides per request whether a call runs as a task (a tool that may, does when the request declares the
// extension). The handlers are ordinary tool code; docs/eras.md says what the extension serves.
#include "everything.hpp"

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <stdexcept>

namespace everything {
namespace {

using namespace std::chrono_literals;
using namespace boost::asio::experimental::awaitable_operators;

struct greet_args {
    std::string name;
};
BOOST_DESCRIBE_STRUCT(greet_args, (), (name))

struct compute_args {
    int seconds = 1;
    std::string label;
};
BOOST_DESCRIBE_STRUCT(compute_args, (), (seconds, label))

struct delete_args {
    std::optional<std::string> filename; // optional: a header check calls the first tool with {}
};
BOOST_DESCRIBE_STRUCT(delete_args, (), (filename))

struct confirmation {
    bool confirm = false;
};
BOOST_DESCRIBE_STRUCT(confirmation, (), (confirm))

struct named_confirmation {
    std::optional<std::string> name;
    std::optional<bool> confirm;
};
BOOST_DESCRIBE_STRUCT(named_confirmation, (), (name, confirm))

mcp::task<void> pause(std::chrono::milliseconds d) {
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, d);
    co_await timer.async_wait(boost::asio::use_awaitable);
}

std::string greet(greet_args in) { return "Hello, " + in.name + "!"; }

// Sleeps `seconds` (cancelling the task interrupts the sleep), then answers.
mcp::task<std::string> slow_compute(compute_args in) {
    co_await pause(std::chrono::seconds(std::clamp(in.seconds, 0, 300)));
    co_return "Computed " + in.label + " after " + std::to_string(in.seconds) + " s";
}

// A tool's own failure: the task completes with an isError result (SEP-2663 keeps failed for JSON-RPC errors).
mcp::task<mcp::call_tool_result> failing_job() {
    co_await pause(1s);
    co_return mcp::call_tool_result{.content = {mcp::protocol::text("The job failed, as it always does")},
                                    .is_error = true};
}

// A handler that throws: the task fails with a JSON-RPC error.
mcp::task<std::string> protocol_error_job() {
    co_await pause(200ms);
    throw std::runtime_error("protocol_error_job always fails with a JSON-RPC error");
}

mcp::task<std::string> confirm_delete(delete_args in, mcp::call_context& ctx) {
    auto file = in.filename.value_or("the file");
    auto answer = co_await ctx.elicit<confirmation>("Delete " + file + "?");
    if (!answer) co_return "Could not ask: " + answer.error().message();
    co_return answer->content && answer->content->confirm ? "Deleted " + file : "Kept " + file;
}

std::string name_of(mcp::result<mcp::elicitation<named_confirmation>> const& a) {
    return a && a->content && a->content->name ? *a->content->name : "?";
}

// Two questions open at once: the task stays input_required until both are answered.
mcp::task<std::string> multi_input(mcp::call_context& ctx) {
    auto [first, second] = co_await (ctx.elicit<named_confirmation>("First name?", "first") &&
                                     ctx.elicit<named_confirmation>("Second name?", "second"));
    co_return "Got " + name_of(first) + " and " + name_of(second);
}

mcp::tool_execution task_mode(mcp::task_support s) { return {.task_support = s}; }

} // namespace

void add_modern_task_tools(mcp::server& srv) {
    using mcp::task_support;
    srv.add_tool({.name = "greet", .description = "Greets by name (never a task)"}, greet);
    srv.add_tool({.name = "slow_compute",
                  .description = "Sleeps for `seconds`, then answers (a task when the client declares tasks)",
                  .execution = task_mode(task_support::optional)},
                 slow_compute);
    srv.add_tool({.name = "failing_job",
                  .description = "Runs only as a task and ends with a tool error",
                  .execution = task_mode(task_support::required)},
                 failing_job);
    srv.add_tool({.name = "protocol_error_job",
                  .description = "Ends with a JSON-RPC error (failed, as a task)",
                  .execution = task_mode(task_support::optional)},
                 protocol_error_job);
    srv.add_tool({.name = "confirm_delete",
                  .description = "Asks for confirmation, then deletes (input_required while asking)",
                  .execution = task_mode(task_support::optional)},
                 confirm_delete);
    srv.add_tool({.name = "multi_input",
                  .description = "Asks two questions at once",
                  .execution = task_mode(task_support::optional)},
                 multi_input);
}

} // namespace everything
