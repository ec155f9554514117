// Our client's task calls against our server's tasks (the task fixture of tests/conversation) over real sockets.
#include "../conversation/fixture_server.hpp"

#include <mcp/client/client.hpp>
#include <mcp/client/http_connection.hpp>
#include <mcp/testing/http_server.hpp>
#include <mcp/testing/run.hpp>

#include <gtest/gtest.h>

namespace {

namespace asio = boost::asio;
using mcp::testing::run;

using fixture::name_form;

class ClientTasks : public ::testing::Test {
protected:
    void SetUp() override {
        c.on_notification("notifications/tasks/status",
                          [this](boost::json::object const& p) { statuses.push_back(std::string(p.at("status").as_string())); });
    }
    void TearDown() override { run(io, c.close()); }

    std::unique_ptr<mcp::server> srv = mcp::testing::make_task_fixture_server();
    mcp::testing::http_server served{*srv};
    asio::io_context io;
    mcp::client c{io.get_executor(), mcp::transport::http({.url = served.url()}).value()};
    std::vector<std::string> statuses;
};

TEST_F(ClientTasks, RunsAToolAsATaskAndWaitsForItsResult) {
    ASSERT_TRUE(run(io, c.connect()));
    auto created = run(io, c.call_tool_as_task("build", {{"ms", 50}}, std::chrono::minutes(1)));
    ASSERT_TRUE(created) << created.error().message();
    EXPECT_FALSE(created->task_id.empty());
    EXPECT_EQ(created->status, "working");
    EXPECT_EQ(created->ttl_ms, 60000);
    auto done = run(io, c.task_result(created->task_id));
    ASSERT_TRUE(done) << done.error().message();
    EXPECT_EQ(mcp::text_of(*done), "built in 50 ms");
    auto now = run(io, c.get_task(created->task_id));
    ASSERT_TRUE(now);
    EXPECT_EQ(now->status, "completed");
    EXPECT_TRUE(now->terminal());
    auto listed = run(io, c.list_tasks());
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->tasks.size(), 1u);
    EXPECT_EQ(listed->tasks[0].task_id, created->task_id);
    mcp::testing::run_for(io, std::chrono::milliseconds(50));
    ASSERT_FALSE(statuses.empty());
    EXPECT_EQ(statuses.back(), "completed");
}

TEST_F(ClientTasks, AToolThatMustRunAsATaskRefusesAPlainCall) {
    ASSERT_TRUE(run(io, c.connect()));
    auto plain = run(io, c.call_tool("build", {{"ms", 1}}));
    ASSERT_FALSE(plain);
    EXPECT_EQ(plain.error().code(), mcp::protocol::code::method_not_found);
}

TEST_F(ClientTasks, CancelsATask) {
    ASSERT_TRUE(run(io, c.connect()));
    auto created = run(io, c.call_tool_as_task("slow_task", {{"ms", 10000}}));
    ASSERT_TRUE(created);
    auto cancelled = run(io, c.cancel_task(created->task_id));
    ASSERT_TRUE(cancelled) << cancelled.error().message();
    EXPECT_EQ(cancelled->status, "cancelled");
    auto again = run(io, c.cancel_task(created->task_id));
    ASSERT_FALSE(again); // a terminal task cannot be cancelled: -32602 naming its status
    EXPECT_EQ(again.error().code(), mcp::protocol::code::invalid_params);
    auto unknown = run(io, c.get_task("no-such-task"));
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code(), mcp::protocol::code::invalid_params);
}

mcp::task<mcp::result<mcp::elicitation_answer>> answer_ada(mcp::elicitation_request) {
    co_return mcp::elicitation_answer::accept(name_form{"Ada"});
}

TEST_F(ClientTasks, ATaskThatAsksTheUserGetsItsAnswerWhileTheClientWaits) {
    c.on_elicitation(answer_ada);
    ASSERT_TRUE(run(io, c.connect()));
    auto created = run(io, c.call_tool_as_task("ask_task"));
    ASSERT_TRUE(created);
    auto done = run(io, c.task_result(created->task_id));
    ASSERT_TRUE(done) << done.error().message();
    EXPECT_EQ(mcp::text_of(*done), "Hello, Ada");
}

TEST_F(ClientTasks, AFailedToolIsAnErrorResult) {
    ASSERT_TRUE(run(io, c.connect()));
    auto created = run(io, c.call_tool_as_task("fail_task"));
    ASSERT_TRUE(created);
    auto done = run(io, c.task_result(created->task_id));
    ASSERT_TRUE(done) << done.error().message();
    EXPECT_TRUE(done->is_error);
    EXPECT_EQ(mcp::text_of(*done), "the warehouse is closed");
}

TEST(TaskInfo, ReadsATaskAndNamesWhatIsWrong) {
    auto ok = mcp::read_task_info(boost::json::parse(
        R"({"taskId":"t1","status":"input_required","createdAt":"2026-12-07T00:00:00Z",
            "lastUpdatedAt":"2026-12-07T00:00:01Z","ttl":null,"pollInterval":500,"statusMessage":"waiting"})"));
    ASSERT_TRUE(ok);
    EXPECT_FALSE(ok->ttl_ms);
    EXPECT_EQ(ok->poll_interval_ms, 500);
    EXPECT_FALSE(ok->terminal());
    auto bad_status = mcp::read_task_info(boost::json::parse(
        R"({"taskId":"t1","status":"sleeping","createdAt":"x","lastUpdatedAt":"y"})"));
    ASSERT_FALSE(bad_status);
    EXPECT_EQ(bad_status.error().message(), "status: unknown task status \"sleeping\"");
    auto no_id = mcp::read_task_info(boost::json::parse(R"({"status":"working","createdAt":"x","lastUpdatedAt":"y"})"));
    ASSERT_FALSE(no_id);
    EXPECT_EQ(no_id.error().message(), "taskId: missing required field");
}

} // namespace
