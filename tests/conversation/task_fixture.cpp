// The task tools of the golden conversations (tasks_*.jsonl): each exercises one path of a task's life.
#include "fixture_server.hpp"

#include <mcp/storage/memory/memory_task_store.hpp>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>
#include <stdexcept>

namespace task_fixture {

struct wait_args {
    int ms;
};
BOOST_DESCRIBE_STRUCT(wait_args, (), (ms))

struct name_form {
    std::string name;
};
BOOST_DESCRIBE_STRUCT(name_form, (), (name))

mcp::task<> sleep_for(int ms) {
    boost::asio::steady_timer t(co_await boost::asio::this_coro::executor, std::chrono::milliseconds(ms));
    co_await t.async_wait(boost::asio::use_awaitable);
}

// Logs, reports progress half way, waits, and returns.
mcp::task<std::string> build(wait_args in, mcp::call_context& ctx) {
    ctx.log(mcp::log_level::info, "building");
    ctx.progress(1, 2);
    co_await sleep_for(in.ms);
    co_return "built in " + std::to_string(in.ms) + " ms";
}

std::atomic<int> stopped{0};

mcp::task<std::string> slow_task(wait_args in) {
    try {
        co_await sleep_for(in.ms);
    } catch (boost::system::system_error const&) {
        ++stopped;
        throw;
    }
    co_return "slept " + std::to_string(in.ms) + " ms";
}

mcp::task<std::string> ask_task(mcp::call_context& ctx) {
    auto answer = co_await ctx.elicit<name_form>("Who are you?");
    if (!answer || !answer->content) co_return "no name";
    co_return "Hello, " + answer->content->name;
}

mcp::result<std::string> fail_task() { return mcp::error(1, "the warehouse is closed"); }

std::string throw_task() { throw std::runtime_error("secret internal detail"); }

} // namespace task_fixture

namespace mcp::testing {

int stopped_task_handlers() { return task_fixture::stopped.load(); }

std::unique_ptr<server> make_task_fixture_server(std::shared_ptr<storage::task_store> store) {
    using namespace task_fixture;
    auto srv = make_fixture_server(server_options{
        .name = "fixture",
        .version = "1.2.3",
        .page_size = 3,
        .client_request_timeout = std::chrono::seconds(2),
        .tasks = {.store = store ? store : std::make_shared<storage::memory_task_store>(),
                  .poll_interval = std::chrono::milliseconds(500),
                  .lease = std::chrono::seconds(1),
                  .heartbeat = std::chrono::milliseconds(200)}});
    auto optional = tool_execution{.task_support = task_support::optional};
    srv->add_tool({.name = "build", .description = "Builds (a task only)",
                   .execution = tool_execution{.task_support = task_support::required}},
                  build);
    srv->add_tool({.name = "slow_task", .description = "Waits", .execution = optional}, slow_task);
    srv->add_tool({.name = "ask_task", .description = "Asks a name", .execution = optional}, ask_task);
    srv->add_tool({.name = "fail_task", .description = "Fails", .execution = optional}, fail_task);
    srv->add_tool({.name = "throw_task", .description = "Throws", .execution = optional}, throw_task);
    srv->add_tool({.name = "forbidden_task", .description = "No tasks",
                   .execution = tool_execution{.task_support = task_support::forbidden}},
                  slow_task);
    return srv;
}

} // namespace mcp::testing
