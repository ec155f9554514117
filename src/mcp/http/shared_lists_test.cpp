// Dynamic lists across two handlers sharing their stores, as two processes would (docs/dynamic-tools.md): a
// change made through one reaches the sessions of the other, and a session both hold is told once.
#include <mcp/http/http_session.hpp>
#include <mcp/http/testing/exchange_harness.hpp>
#include <mcp/storage/memory/memory_state_store.hpp>
#include <mcp/storage/memory/memory_store.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <gtest/gtest.h>

#include <chrono>

namespace {

using mcp::http::testing::harness;

std::unique_ptr<mcp::server> make_server() {
    auto srv = std::make_unique<mcp::server>(
        mcp::server_options{.name = "fleet", .version = "1", .lists = mcp::list_mode::dynamic});
    srv->add_tool({.name = "switchable", .description = "Switched"}, [] { return std::string("on"); });
    srv->add_tool({.name = "other", .description = "Stays"}, [] { return std::string("ok"); });
    return srv;
}

template <class T>
T run(mcp::task<T> t) {
    boost::asio::io_context io;
    auto f = boost::asio::co_spawn(io, std::move(t), boost::asio::use_future);
    io.run();
    return f.get();
}

class shared_lists : public ::testing::Test {
protected:
    std::shared_ptr<mcp::storage::memory_session_store> sessions =
        std::make_shared<mcp::storage::memory_session_store>();
    std::shared_ptr<mcp::storage::memory_event_store> events = std::make_shared<mcp::storage::memory_event_store>();
    std::shared_ptr<mcp::storage::memory_state_store> state = std::make_shared<mcp::storage::memory_state_store>();
    std::unique_ptr<mcp::server> srv_a = make_server(), srv_b = make_server();
    harness a{*srv_a, {}, {.sessions = sessions, .events = events, .state = state}};
    harness b{*srv_b, {}, {.sessions = sessions, .events = events, .state = state}};

    // The list_changed notifications stored on the session's listening stream.
    int told(std::string const& id) {
        auto stored = run(events->after(id, std::string(mcp::http::listen_stream), 0)).value();
        return static_cast<int>(std::count_if(stored.begin(), stored.end(), [](auto const& e) {
            return boost::json::parse(e.data).at("method") == "notifications/tools/list_changed";
        }));
    }
    void settle() {
        for (int i = 0; i < 3; ++i) {
            a.run_for(20);
            b.run_for(20);
        }
    }
};

std::string list_tools(int id) {
    return R"({"jsonrpc":"2.0","id":)" + std::to_string(id) + R"(,"method":"tools/list","params":{}})";
}

TEST_F(shared_lists, AChangeThroughOneProcessReachesASessionOfTheOtherOnItsListeningStream) {
    auto id = b.open_session();
    auto get = b.get(id);
    ASSERT_TRUE(run(srv_a->deactivate_tool("switchable")));
    settle();
    EXPECT_EQ(told(id), 1);
    auto messages = get->messages();
    ASSERT_FALSE(messages.empty()) << "the client holding the GET stream hears it";
    EXPECT_EQ(messages.back().at("method"), "notifications/tools/list_changed");
    auto tools = b.post(list_tools(5), id)->json().at("result").at("tools").as_array();
    ASSERT_EQ(tools.size(), 1u);
    EXPECT_EQ(tools[0].at("name"), "other");
}

TEST_F(shared_lists, ASessionBothProcessesHoldIsToldOncePerChange) {
    auto id = a.open_session();
    b.post(list_tools(1), id); // b holds a copy too
    ASSERT_TRUE(run(srv_a->deactivate_tool("switchable")));
    settle();
    EXPECT_EQ(told(id), 1);
    ASSERT_TRUE(run(srv_b->activate_tool("switchable")));
    settle();
    a.post(list_tools(2), id);
    b.post(list_tools(3), id); // requests check again: nothing left to tell
    settle();
    EXPECT_EQ(told(id), 2);
}

TEST_F(shared_lists, ASessionNoProcessHeldIsToldAtItsNextRequest) {
    std::string id;
    {
        auto srv_c = make_server();
        harness c{*srv_c, {}, {.sessions = sessions, .events = events, .state = state}};
        id = c.open_session();
    } // that process is gone: no process holds the session
    ASSERT_TRUE(run(srv_a->deactivate_tool("switchable")));
    settle();
    EXPECT_EQ(told(id), 0) << "nobody holds it to tell it";
    b.post(list_tools(4), id); // its next request, on another process
    settle();
    EXPECT_EQ(told(id), 1);
    a.post(list_tools(5), id);
    settle();
    EXPECT_EQ(told(id), 1) << "told once";
}

// A front door about to be frozen waits for what it still has to store, but not for messages a closed listening
// stream dropped (after shutdown): those are never stored, and waiting for them would last until the deadline.
TEST_F(shared_lists, SettleDoesNotWaitForWhatAClosedListeningStreamDropped) {
    auto id = b.open_session();
    auto get = b.get(id); // the listening stream exists
    b.handler().shutdown();
    b.settle();
    ASSERT_TRUE(run(srv_a->deactivate_tool("switchable")));
    settle(); // b is pushed the change and tells the session: routed to the closed stream, dropped
    EXPECT_EQ(told(id), 0);
    bool done = false;
    auto began = std::chrono::steady_clock::now();
    boost::asio::co_spawn(b.io(), b.handler().settle(began + std::chrono::seconds(3)),
                          [&](std::exception_ptr) { done = true; });
    while (!done) b.run_for(5);
    EXPECT_LT(std::chrono::steady_clock::now() - began, std::chrono::milliseconds(500));
}

} // namespace
