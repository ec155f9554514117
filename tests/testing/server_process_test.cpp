// mcp::testing::server_process on a real program (testing_test_server: mcp::run with an add tool), and on
// programs that never listen.
#include "../conversation/fixture_server.hpp"

#include <mcp/testing/server_process.hpp>

#include <mcp/client/client.hpp>
#include <mcp/client/http_connection.hpp>
#include <mcp/testing/run.hpp>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <cerrno>
#include <csignal>

namespace {

using mcp::testing::run;

using fixture::add_args;
using fixture::add_result;

double add_through(std::string const& url) {
    boost::asio::io_context io;
    mcp::client c(io.get_executor(), mcp::transport::http({.url = url}).value());
    if (!run(io, c.connect())) return -1;
    auto sum = run(io, c.call_tool<add_result>("add", add_args{2, 3}));
    run(io, c.close());
    return sum ? sum->sum : -1;
}

TEST(ServerProcess, FindsTheUrlTheServerPrints) {
    mcp::testing::server_process served({.program = MCP_TEST_SERVER});
    EXPECT_EQ(served.url().rfind("http://127.0.0.1:", 0), 0u) << served.url();
    EXPECT_EQ(served.url(), "http://127.0.0.1:" + std::to_string(served.port()) + "/mcp");
    EXPECT_TRUE(served.running());
    EXPECT_EQ(add_through(served.url()), 5);
    auto ended = served.stop();
    EXPECT_EQ(ended.code, 0) << ended.describe(); // SIGTERM: a graceful exit
    EXPECT_FALSE(served.running());
    EXPECT_EQ(served.stop().code, 0); // idempotent
    bool said_listening = false;
    for (auto const& line : served.stderr_lines()) said_listening |= line.find("listening on") != std::string::npos;
    EXPECT_TRUE(said_listening);
}

TEST(ServerProcess, PutsAFreePortWhereTheArgumentsSay) {
    mcp::testing::server_process served({.program = MCP_TEST_SERVER, .args = {"--port={port}", "--path", "/other"},
                                         .path = "/other"});
    EXPECT_EQ(served.url(), "http://127.0.0.1:" + std::to_string(served.port()) + "/other");
    EXPECT_NE(served.port(), 0);
    EXPECT_EQ(add_through(served.url()), 5);
}

TEST(ServerProcess, TheDestructorStopsTheProcess) {
    pid_t pid = 0;
    {
        mcp::testing::server_process served({.program = MCP_TEST_SERVER});
        pid = served.pid();
        ASSERT_GT(pid, 0);
    }
    EXPECT_EQ(::kill(pid, 0), -1); // gone and reaped
    EXPECT_EQ(errno, ESRCH);
}

std::string failure_of(mcp::testing::server_process_options o) {
    try {
        mcp::testing::server_process served(std::move(o));
    } catch (std::runtime_error const& e) {
        return e.what();
    }
    return "started";
}

TEST(ServerProcess, AProgramThatEndsBeforeListeningIsAClearError) {
    auto why = failure_of({.program = "sh", .args = {"-c", "echo 'no store here' >&2; exit 3"}});
    EXPECT_NE(why.find("exited with code 3 before printing a URL"), std::string::npos) << why;
    EXPECT_NE(why.find("no store here"), std::string::npos) << why;
}

TEST(ServerProcess, AProgramThatNeverListensTimesOut) {
    auto start = std::chrono::steady_clock::now();
    auto why = failure_of({.program = "sleep", .args = {"30"}, .start_timeout = std::chrono::milliseconds(200)});
    EXPECT_NE(why.find("printed no http:// URL within 200 ms"), std::string::npos) << why;
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10)); // sleep was stopped
}

TEST(ServerProcess, AProgramThatCannotStartIsAClearError) {
    auto why = failure_of({.program = "/nonexistent/server"});
    EXPECT_NE(why.find("cannot start /nonexistent/server"), std::string::npos) << why;
}

} // namespace
