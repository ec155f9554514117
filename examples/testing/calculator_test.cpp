// Testing an MCP server with mcp::testing (docs/testing.md): its tools called in process, without sockets, and
// the program itself started on a free port.
#include "calculator.hpp"

#include <mcp/client/http_connection.hpp>
#include <mcp/testing/in_process.hpp>
#include <mcp/testing/server_process.hpp>

#include <gtest/gtest.h>

namespace {

class Calculator : public ::testing::Test {
protected:
    std::unique_ptr<mcp::server> srv = calculator::make_server(); // tools registered before the client connects
    mcp::testing::in_process client{*srv};                          // connected: initialize is done
};

TEST_F(Calculator, Adds) {
    auto sum = client.call_tool<calculator::answer>("add", calculator::operands{2, 3});
    ASSERT_TRUE(sum) << sum.error().message();
    EXPECT_EQ(sum->value, 5);
}

TEST_F(Calculator, DividingByZeroIsAToolError) {
    auto divided = client.call_tool("divide", {{"a", 1}, {"b", 0}});
    ASSERT_TRUE(divided) << divided.error().message(); // the call worked ...
    EXPECT_TRUE(divided->is_error);                     // ... and the tool said no
    EXPECT_EQ(mcp::text_of(*divided), "cannot divide by zero");
}

TEST_F(Calculator, ListsItsTools) {
    auto tools = client.list_all_tools();
    ASSERT_TRUE(tools);
    EXPECT_EQ(tools->size(), 3u);
}

TEST_F(Calculator, ResetsOnlyWhenTheUserConfirms) {
    ASSERT_TRUE(client.call_tool("add", {{"a", 1}, {"b", 1}}));
    client.answer_elicitation(mcp::elicitation_answer::decline());
    client.answer_elicitation(mcp::elicitation_answer::accept({{"confirm", true}}));
    EXPECT_EQ(client.call_tool<std::string>("reset", boost::json::object{}).value(), "kept");
    EXPECT_EQ(client.read_resource("calc://last").value().contents.at(0).text, "2");
    EXPECT_EQ(client.call_tool<std::string>("reset", boost::json::object{}).value(), "reset");
    ASSERT_EQ(client.elicitations().size(), 2u);
    EXPECT_EQ(client.elicitations()[0].message, "Forget the last result?");
}

TEST_F(Calculator, LogsEachAddition) {
    ASSERT_TRUE(client.set_log_level(mcp::log_level::info));
    ASSERT_TRUE(client.call_tool("add", {{"a", 1}, {"b", 2}}));
    auto logged = client.wait_for_notification("notifications/message");
    ASSERT_TRUE(logged);
    EXPECT_EQ(logged->params.at("data"), "add");
}

// The program as it ships: started with --port 0, its URL read from its stderr, stopped with SIGTERM.
TEST(CalculatorProgram, ServesOverHttp) {
    mcp::testing::server_process served({.program = CALCULATOR_PATH});
    boost::asio::io_context io;
    mcp::client c(io.get_executor(), mcp::transport::http({.url = served.url()}).value());
    ASSERT_TRUE(mcp::testing::run(io, c.connect()));
    auto sum = mcp::testing::run(io, c.call_tool<calculator::answer>("add", calculator::operands{20, 22}));
    ASSERT_TRUE(sum) << sum.error().message();
    EXPECT_EQ(sum->value, 42);
    mcp::testing::run(io, c.close());
    EXPECT_EQ(served.stop().code, 0); // a graceful exit
}

} // namespace
