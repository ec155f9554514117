// The io.modelcontextprotocol/tasks extension of 2026-07-28 (SEP-2663) over the streamable handler
// (methods_tasks_modern.cpp, methods_tools.cpp): the server decides per request whether a call becomes a task, and
// tasks/get, tasks/update and tasks/cancel answer for it, from any instance sharing the task store.
#include <mcp/http/testing/exchange_harness.hpp>
#include <mcp/storage/memory/memory_task_store.hpp>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <gtest/gtest.h>

#include <stdexcept>

namespace {

using namespace mcp::http;
using mcp::http::testing::harness;
namespace json = boost::json;

constexpr char const* extension = "io.modelcontextprotocol/tasks";

mcp::task<std::string> sleep_for(std::chrono::milliseconds d) {
    boost::asio::steady_timer t(co_await boost::asio::this_coro::executor, d);
    co_await t.async_wait(boost::asio::use_awaitable);
    co_return "slept";
}

mcp::task<std::string> sleepy() { return sleep_for(std::chrono::milliseconds(100)); }
mcp::task<std::string> slow() { return sleep_for(std::chrono::milliseconds(800)); } // still running when asked

mcp::call_tool_result tool_failure() { return {.content = {mcp::protocol::text("no")}, .is_error = true}; }

std::string thrower() { throw std::runtime_error("broken"); }

mcp::tool_execution as(mcp::task_support s) { return {.task_support = s}; }

class modern_tasks : public ::testing::Test {
protected:
    modern_tasks() { add_tools(srv); }

    static void add_tools(mcp::server& s) {
        using mcp::task_support;
        s.add_tool({.name = "plain", .description = "Never a task"}, [] { return std::string("plain"); });
        s.add_tool({.name = "sleepy", .description = "May be a task", .execution = as(task_support::optional)}, sleepy);
        s.add_tool({.name = "slow", .description = "May be a task", .execution = as(task_support::optional)}, slow);
        s.add_tool({.name = "must", .description = "Only a task", .execution = as(task_support::required)},
                   tool_failure);
        s.add_tool({.name = "thrower", .description = "Throws", .execution = as(task_support::optional)}, thrower);
    }

    json::object post(harness& via, std::string method, json::object params, bool with_extension = true,
                      int run_ms = 20) {
        json::object caps;
        if (with_extension) caps["extensions"] = {{extension, json::object{}}};
        params["_meta"] = {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
                           {"io.modelcontextprotocol/clientCapabilities", caps}};
        json::object msg{{"jsonrpc", "2.0"}, {"id", ++id}, {"method", method}, {"params", params}};
        request req{"POST", "/mcp",
                    {{"accept", "application/json, text/event-stream"}, {"content-type", "application/json"},
                     {"host", "127.0.0.1:8080"}, {"mcp-protocol-version", "2026-07-28"}, {"mcp-method", method}},
                    json::serialize(msg), "127.0.0.1:5000"};
        if (auto const* name = params.if_contains("name")) req.headers.add("mcp-name", name->as_string());
        if (auto const* task = params.if_contains("taskId")) req.headers.add("mcp-name", task->as_string());
        auto w = via.send(std::move(req));
        via.run_for(run_ms);
        return w->json();
    }
    json::object post(std::string method, json::object params, bool with_extension = true) {
        return post(h, std::move(method), std::move(params), with_extension);
    }
    // A plain call of sleepy takes 100 ms; a task answers at once.
    json::object call(std::string tool, bool with_extension = true) {
        return post(h, "tools/call", {{"name", tool}}, with_extension, with_extension ? 20 : 150);
    }
    // tasks/get until the task ends (or 2 s pass).
    json::object settled(json::value const& task_id) {
        json::object got;
        for (int i = 0; i < 100; ++i) {
            got = post("tasks/get", {{"taskId", task_id}});
            auto const* r = got.if_contains("result");
            if (!r || r->at("status") != "working") break;
        }
        return got;
    }

    std::shared_ptr<mcp::storage::memory_task_store> store = std::make_shared<mcp::storage::memory_task_store>();
    mcp::server srv{{.name = "tasks", .version = "1", .tasks = {.store = store}}};
    harness h{srv};
    int id = 0;
};

TEST_F(modern_tasks, DiscoverDeclaresTheExtensionAndNoTasksCapability) {
    auto caps = post("server/discover", {}).at("result").at("capabilities").as_object();
    EXPECT_TRUE(caps.at("extensions").as_object().contains(extension));
    EXPECT_FALSE(caps.contains("tasks"));
}

TEST_F(modern_tasks, AToolThatMayRunAsATaskDoesWhenTheRequestDeclaresTheExtension) {
    auto created = call("sleepy").at("result").as_object();
    EXPECT_EQ(created.at("resultType"), "task");
    EXPECT_EQ(created.at("status"), "working");
    EXPECT_TRUE(created.at("ttlMs").is_int64() && created.at("ttlMs").as_int64() > 0);
    EXPECT_TRUE(created.at("pollIntervalMs").is_int64());
    EXPECT_TRUE(created.at("createdAt").is_string());
    for (auto absent : {"task", "ttl", "pollInterval", "result", "requestState"})
        EXPECT_FALSE(created.contains(absent)) << absent;
    auto done = settled(created.at("taskId")).at("result").as_object();
    EXPECT_EQ(done.at("resultType"), "complete");
    EXPECT_EQ(done.at("status"), "completed");
    EXPECT_EQ(done.at("result").at("content").at(0).at("text"), "slept");
    EXPECT_FALSE(done.at("result").as_object().contains("_meta")) << "no related-task _meta in the inlined result";

    auto sync = call("sleepy", false).at("result").as_object();
    EXPECT_EQ(sync.at("resultType"), "complete") << "without the extension it is a plain call";
    EXPECT_EQ(call("plain").at("result").at("resultType"), "complete") << "a tool that may not, is not a task";
}

TEST_F(modern_tasks, AToolErrorCompletesTheTaskAndAThrowFailsIt) {
    auto must = settled(call("must").at("result").at("taskId")).at("result").as_object();
    EXPECT_EQ(must.at("status"), "completed");
    EXPECT_EQ(must.at("result").at("isError"), true);
    auto threw = settled(call("thrower").at("result").at("taskId")).at("result").as_object();
    EXPECT_EQ(threw.at("status"), "failed");
    EXPECT_TRUE(threw.at("error").at("code").is_int64());
    EXPECT_FALSE(threw.contains("result"));
}

TEST_F(modern_tasks, WithoutTheExtensionTaskMethodsAndRequiredTasksAre32021) {
    auto required = call("must", false).at("error").as_object();
    EXPECT_EQ(required.at("code"), -32021);
    EXPECT_TRUE(required.at("data").at("requiredCapabilities").at("extensions").as_object().contains(extension));
    for (auto method : {"tasks/get", "tasks/update", "tasks/cancel"})
        EXPECT_EQ(post(method, {{"taskId", "nope"}}, false).at("error").at("code"), -32021) << method;
    for (auto method : {"tasks/list", "tasks/result"})
        EXPECT_EQ(post(method, {{"taskId", "nope"}}).at("error").at("code"), -32601) << method;
    EXPECT_EQ(post("tasks/get", {{"taskId", "nope"}}).at("error").at("code"), -32602);
}

TEST_F(modern_tasks, CancelIsAnEmptyAckAndStaysOneOnceTheTaskEnded) {
    auto task_id = call("slow").at("result").at("taskId");
    auto ack = post("tasks/cancel", {{"taskId", task_id}}).at("result").as_object();
    EXPECT_EQ(ack.at("resultType"), "complete");
    EXPECT_FALSE(ack.contains("status") || ack.contains("taskId"));
    EXPECT_EQ(post("tasks/get", {{"taskId", task_id}}).at("result").at("status"), "cancelled");
    EXPECT_EQ(post("tasks/cancel", {{"taskId", task_id}}).at("result").at("resultType"), "complete");
    EXPECT_EQ(post("tasks/update", {{"taskId", task_id}, {"inputResponses", {{"x", 1}}}}).at("result").at(
                  "resultType"),
              "complete");
}

// Two instances on one task store: the task one started is read and cancelled through the other.
TEST_F(modern_tasks, AnotherInstanceSharingTheStoreAnswersForTheTask) {
    mcp::server other{{.name = "tasks", .version = "1", .tasks = {.store = store}}};
    add_tools(other);
    harness there(other);
    auto task_id = call("slow").at("result").at("taskId");
    EXPECT_EQ(post(there, "tasks/get", {{"taskId", task_id}}).at("result").at("status"), "working");
    h.run_for(1200); // the task runs on the first instance's io_context
    auto done = post(there, "tasks/get", {{"taskId", task_id}}).at("result").as_object();
    EXPECT_EQ(done.at("result").at("content").at(0).at("text"), "slept");
}

} // namespace
