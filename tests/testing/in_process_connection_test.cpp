// The in-process transport under mcp::client: sessions, the listening stream and its reconnection, what the
// receiver sees, and the exchanges it leaves behind.
#include <mcp/testing/in_process_connection.hpp>

#include <mcp/client/client.hpp>
#include <mcp/testing/run.hpp>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

namespace {

namespace asio = boost::asio;
using mcp::testing::run;

// Answers with the status only: an exchange of the test's own, beside the client's.
class status_writer : public mcp::http::response_writer {
public:
    mcp::task<> respond(int s, mcp::http::headers, std::string) override {
        status = s;
        co_return;
    }
    mcp::task<> start(int s, mcp::http::headers) override {
        status = s;
        co_return;
    }
    mcp::task<bool> write(std::string) override { co_return false; }
    mcp::task<> finish() override { co_return; }
    int status = 0;
};

mcp::task<int> delete_session(mcp::http::streamable& handler, std::string session) {
    mcp::http::request req{"DELETE", "/mcp", {{"host", "127.0.0.1"}, {"mcp-session-id", session}}, "", "127.0.0.1:0"};
    status_writer out;
    co_await handler.handle(std::move(req), out);
    co_return out.status;
}

std::string hello() { return "hello"; }

class InProcessConnection : public ::testing::Test {
protected:
    InProcessConnection() { srv.add_tool({.name = "hello", .description = "Says hello"}, hello); }

    // The client (and its connection) live as long as the fixture: TearDown still asks the connection.
    mcp::client* make_client(mcp::testing::in_process_connection_options o = {}) {
        auto conn = std::make_unique<mcp::testing::in_process_connection>(*handler, std::move(o));
        connection = conn.get();
        client = std::make_unique<mcp::client>(io.get_executor(), std::move(conn));
        return client.get();
    }

    // As mcp::testing::in_process ends: streams ended, exchanges done, before the handler goes.
    void TearDown() override {
        handler->shutdown();
        for (int i = 0; i < 300 && connection && connection->exchanges_in_flight() > 0; ++i)
            mcp::testing::run_for(io, std::chrono::milliseconds(10));
    }

    mcp::server srv{{.name = "plain", .version = "1", .lists = mcp::list_mode::dynamic}};
    asio::io_context io;
    std::unique_ptr<mcp::http::streamable> handler =
        std::make_unique<mcp::http::streamable>(srv, io.get_executor(), mcp::http::streamable_options{.retry = std::chrono::milliseconds(20), .max_stream_time = std::chrono::milliseconds(100)});
    mcp::testing::in_process_connection* connection = nullptr; // owned by client
    std::unique_ptr<mcp::client> client; // destroyed before the handler
};

TEST_F(InProcessConnection, ObservesEveryMessageBeforeTheClient) {
    std::vector<std::string> seen;
    mcp::testing::in_process_connection_options o;
    o.observe = [&](boost::json::object const& m) {
        seen.push_back(m.contains("method") ? std::string(m.at("method").as_string()) : "answer");
    };
    auto c = make_client(std::move(o));
    ASSERT_TRUE(run(io, c->connect()));
    ASSERT_TRUE(run(io, c->call_tool("hello")));
    EXPECT_EQ(seen, (std::vector<std::string>{"answer", "answer"})); // initialize, tools/call
    run(io, c->close());
}

TEST_F(InProcessConnection, ASessionTheServerForgotIsRenewed) {
    auto c = make_client();
    ASSERT_TRUE(run(io, c->connect()));
    auto first = c->connection().session_id();
    ASSERT_TRUE(first);
    EXPECT_EQ(run(io, delete_session(*handler, *first)), 200);
    auto again = run(io, c->call_tool<std::string>("hello", boost::json::object{}));
    ASSERT_TRUE(again) << again.error().message();
    EXPECT_EQ(*again, "hello");
    auto second = c->connection().session_id();
    ASSERT_TRUE(second);
    EXPECT_NE(*first, *second);
    run(io, c->close());
}

TEST_F(InProcessConnection, TheListeningStreamIsReopenedAfterTheServerEndsIt) {
    auto c = make_client();
    int told = 0;
    c->on_notification("notifications/tools/list_changed", [&](boost::json::object const&) { ++told; });
    ASSERT_TRUE(run(io, c->connect()));
    // max_stream_time 100 ms: the first GET has ended and another followed it (retry 20 ms).
    mcp::testing::run_for(io, std::chrono::milliseconds(300));
    srv.add_tool({.name = "later", .description = "Added while serving"}, hello);
    for (int i = 0; i < 100 && told == 0; ++i) mcp::testing::run_for(io, std::chrono::milliseconds(10));
    EXPECT_EQ(told, 1);
    run(io, c->close());
}

TEST_F(InProcessConnection, WithoutListeningNothingIsHeardUnasked) {
    auto c = make_client({.listen = false});
    int told = 0;
    c->on_notification("notifications/tools/list_changed", [&](boost::json::object const&) { ++told; });
    ASSERT_TRUE(run(io, c->connect()));
    srv.add_tool({.name = "later", .description = "Added while serving"}, hello);
    mcp::testing::run_for(io, std::chrono::milliseconds(100));
    EXPECT_EQ(told, 0);
    EXPECT_EQ(connection->exchanges_in_flight(), 0u);
    run(io, c->close());
}

TEST_F(InProcessConnection, CloseDeletesTheSessionAndLeavesNoExchange) {
    auto c = make_client();
    ASSERT_TRUE(run(io, c->connect()));
    EXPECT_EQ(handler->live_sessions(), 1u);
    EXPECT_GT(connection->exchanges_in_flight(), 0u); // the listening stream
    run(io, c->close());
    for (int i = 0; i < 100 && connection->exchanges_in_flight() > 0; ++i)
        mcp::testing::run_for(io, std::chrono::milliseconds(10));
    EXPECT_EQ(connection->exchanges_in_flight(), 0u);
    EXPECT_EQ(handler->live_sessions(), 0u);
    EXPECT_EQ(c->connection().describe(), "in-process /mcp");
}

} // namespace
