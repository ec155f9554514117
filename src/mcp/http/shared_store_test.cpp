// Two handlers sharing one session store and one event store, as two processes behind a load balancer would:
// any of them serves any request of any session.
#include <mcp/http/testing/exchange_harness.hpp>
#include <mcp/storage/memory/memory_store.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

#include <gtest/gtest.h>

#include <mutex>

namespace {

using namespace mcp::http;
using mcp::http::testing::harness;

struct steps_args {
    int steps;
};
BOOST_DESCRIBE_STRUCT(steps_args, (), (steps))
struct item_vars {
    int n;
};
BOOST_DESCRIBE_STRUCT(item_vars, (), (n))

mcp::task<std::string> stepped(steps_args in, mcp::call_context& ctx) {
    boost::asio::steady_timer t(co_await boost::asio::this_coro::executor);
    for (int i = 1; i <= in.steps; ++i) {
        ctx.progress(i, in.steps);
        t.expires_after(std::chrono::milliseconds(20));
        co_await t.async_wait(boost::asio::use_awaitable);
    }
    co_return "done";
}

std::string noisy(mcp::call_context& ctx) {
    ctx.log(mcp::log_level::info, "working");
    return "ok";
}

std::string item(item_vars v) {
    return std::to_string(v.n);
}

struct name_form {
    std::string name;
};
BOOST_DESCRIBE_STRUCT(name_form, (), (name))

mcp::task<std::string> ask_name(mcp::call_context& ctx) {
    auto answer = co_await ctx.elicit<name_form>("Who are you?");
    if (!answer)
        co_return "failed: " + answer.error().message();
    co_return answer->content ? "Hello, " + answer->content->name : std::string("no name given");
}

// Each "process" has its own server value, with the same definitions.
std::unique_ptr<mcp::server> make_server() {
    auto srv = std::make_unique<mcp::server>(mcp::server_options{.name = "shared", .version = "1"});
    srv->add_tool({.name = "stepped", .description = "Progress then result"}, stepped);
    srv->add_tool({.name = "noisy", .description = "Logs at info"}, noisy);
    srv->add_resource_template({.uri_template = "test://items/{n}", .name = "item"}, item);
    srv->add_tool({.name = "ask_name", .description = "Elicits a name"}, ask_name);
    return srv;
}

class shared_stores : public ::testing::Test {
protected:
    std::shared_ptr<mcp::storage::memory_session_store> sessions =
        std::make_shared<mcp::storage::memory_session_store>();
    std::shared_ptr<mcp::storage::memory_event_store> events =
        std::make_shared<mcp::storage::memory_event_store>();
    std::unique_ptr<mcp::server> srv_a = make_server(), srv_b = make_server();
    harness a{*srv_a, {}, {.sessions = sessions, .events = events}};
    harness b{*srv_b, {}, {.sessions = sessions, .events = events}};
};

std::string request(int id, std::string const& method, std::string const& params) {
    return R"({"jsonrpc":"2.0","id":)" + std::to_string(id) + R"(,"method":")" + method + R"(","params":)" +
           params + "}";
}

TEST_F(shared_stores, ASessionCreatedOnOneProcessIsServedByAnother) {
    auto id = a.open_session();
    auto w = b.post(request(1, "tools/call", R"({"name":"noisy"})"), id);
    EXPECT_EQ(w->status, 200);
    EXPECT_EQ(w->messages().back().at("result").at("content").at(0).at("text"), "ok");
    EXPECT_EQ(b.handler().live_sessions(), 1u) << "rebuilt from the store";
}

TEST_F(shared_stores, LogLevelSetOnOneProcessAppliesOnTheOther) {
    auto id = a.open_session();
    a.post(request(1, "tools/call", R"({"name":"noisy"})"), id); // a knows the session now
    EXPECT_EQ(b.post(request(2, "logging/setLevel", R"({"level":"error"})"), id)->status, 200);
    auto w = a.post(request(3, "tools/call", R"({"name":"noisy"})"), id);
    EXPECT_FALSE(w->streamed) << "no info log reached the client: the answer is plain JSON";
    EXPECT_EQ(w->json().at("result").at("content").at(0).at("text"), "ok");
}

TEST_F(shared_stores, ConcurrentChangesOnTwoProcessesAreMerged) {
    auto id = a.open_session();
    b.post(request(1, "tools/call", R"({"name":"noisy"})"), id);
    a.post(request(2, "resources/subscribe", R"({"uri":"test://items/1"})"), id);
    b.post(request(3, "resources/subscribe", R"({"uri":"test://items/2"})"),
           id); // b's copy predates a's change
    boost::asio::io_context io;
    std::optional<mcp::storage::session_record> stored;
    boost::asio::co_spawn(io, sessions->load(id), [&](std::exception_ptr, auto r) { stored = **r; });
    io.run();
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->subscriptions, (std::vector<std::string>{"test://items/1", "test://items/2"}));
}

TEST_F(shared_stores, ABrokenStreamIsResumedOnTheOtherProcess) {
    auto id = a.open_session();
    auto w = a.post(request(1, "tools/call",
                            R"({"name":"stepped","arguments":{"steps":3},"_meta":{"progressToken":"t"}})"),
                    id);
    a.run_for(10);
    auto last_id = *w->events().back().id;
    w->gone = true;
    a.run_for(150); // the call finishes on a; its events are in the shared store
    auto resumed = b.get(id, last_id);
    auto messages = resumed->messages();
    ASSERT_FALSE(messages.empty());
    EXPECT_EQ(messages.back().at("id"), 1);
    EXPECT_EQ(messages.back().at("result").at("content").at(0).at("text"), "done");
    EXPECT_TRUE(resumed->finished);
}

// The client's answer to an elicitation lands on the other process (a load balancer's choice): it reaches the
// waiting tool through the event store.
TEST_F(shared_stores, AnAnswerPostedToTheOtherProcessReachesTheWaitingRequest) {
    auto id = a.open_session();
    auto call = a.post(request(1, "tools/call", R"({"name":"ask_name"})"), id);
    ASSERT_TRUE(call->streamed);
    auto asked = call->messages().back();
    ASSERT_EQ(asked.at("method"), "elicitation/create");
    auto answer = R"({"jsonrpc":"2.0","id":)" + boost::json::serialize(asked.at("id")) +
                  R"(,"result":{"action":"accept","content":{"name":"Ada"}}})";
    EXPECT_EQ(b.post(answer, id)->status, 202);
    a.run_for(400); // a few reply polls
    ASSERT_TRUE(call->finished);
    EXPECT_EQ(call->messages().back().at("result").at("content").at(0).at("text"), "Hello, Ada");
}

TEST_F(shared_stores, RequestIdsOfTwoProcessesDoNotCollide) {
    auto id = a.open_session();
    auto on_a = a.post(request(1, "tools/call", R"({"name":"ask_name"})"), id);
    auto on_b = b.post(request(2, "tools/call", R"({"name":"ask_name"})"), id);
    auto id_a = on_a->messages().back().at("id"), id_b = on_b->messages().back().at("id");
    EXPECT_NE(id_a, id_b);
    EXPECT_LT(id_a.as_int64(), std::int64_t(1) << 53) << "ids stay exact as JSON numbers";
}

// A GET resuming on b a stream that a is still producing follows it from the store until its answer.
TEST_F(shared_stores, AResumedStreamFollowsTheOtherProcessLive) {
    auto id = a.open_session();
    auto w = a.post(request(1, "tools/call",
                            R"({"name":"stepped","arguments":{"steps":8},"_meta":{"progressToken":"t"}})"),
                    id);
    a.run_for(10);
    auto last_id = *w->events().back().id;
    w->gone = true;
    auto resumed = b.get(id, last_id);
    for (int i = 0; i < 40 && !resumed->finished; ++i) { // the two "processes" take turns
        a.run_for(10);
        b.run_for(30);
    }
    ASSERT_TRUE(resumed->finished);
    auto messages = resumed->messages();
    ASSERT_GE(messages.size(), 2u) << "progress, then the answer";
    EXPECT_EQ(messages.front().at("method"), "notifications/progress");
    EXPECT_EQ(messages.back().at("result").at("content").at(0).at("text"), "done");
}

// A process drops its idle copy of a session, but a shared store keeps the session: another process, or the
// same one later, goes on with it.
TEST_F(shared_stores, AProcessDroppingItsIdleCopyLeavesTheSharedSessionAlive) {
    auto srv_c = make_server();
    // c's limits (what its sweep reads) say 40 ms; the shared store itself keeps sessions for an hour.
    mcp::storage::stores shared{sessions, events, {.ttl = std::chrono::milliseconds(40)}};
    harness c{*srv_c, {}, shared};
    auto id = c.open_session();
    c.run_for(200); // several sweeps: the copy on c is idle
    EXPECT_EQ(c.handler().live_sessions(), 0u) << "c dropped its copy";
    EXPECT_EQ(b.post(request(1, "tools/call", R"({"name":"noisy"})"), id)->status, 200);
}

TEST_F(shared_stores, DeleteOnOneProcessEndsTheSessionEverywhere) {
    auto id = a.open_session();
    b.post(request(1, "tools/call", R"({"name":"noisy"})"), id);
    EXPECT_EQ(a.send({"DELETE", "/mcp", {{"mcp-session-id", id}}, "", ""})->status, 200);
    EXPECT_EQ(b.post(request(2, "tools/call", R"({"name":"noisy"})"), id)->status, 404);
    EXPECT_EQ(b.handler().live_sessions(), 0u);
}

// An event store in front of another that records every read: what following a stream costs the store.
class counting_events : public mcp::storage::event_store {
public:
    struct read {
        std::string session;
        std::string stream;
        std::uint64_t after;
    };

    explicit counting_events(std::shared_ptr<mcp::storage::event_store> inner) : inner_(std::move(inner)) {}

    mcp::task<mcp::storage::result<std::uint64_t>> append(std::string session, std::string stream,
                                                          std::string data) override {
        return inner_->append(std::move(session), std::move(stream), std::move(data));
    }
    mcp::task<mcp::storage::result<std::vector<mcp::storage::stored_event>>>
    after(std::string session, std::string stream, std::uint64_t sequence) override {
        {
            std::lock_guard lock(mutex_);
            reads_.push_back({session, stream, sequence});
        }
        return inner_->after(std::move(session), std::move(stream), sequence);
    }
    mcp::task<mcp::storage::result<>> forget(std::string session) override {
        return inner_->forget(std::move(session));
    }

    std::vector<read> take_reads() {
        std::lock_guard lock(mutex_);
        return std::exchange(reads_, {});
    }

private:
    std::shared_ptr<mcp::storage::event_store> inner_;
    std::mutex mutex_;
    std::vector<read> reads_;
};

template <class T>
T run(mcp::task<T> t) {
    boost::asio::io_context io;
    auto f = boost::asio::co_spawn(io, std::move(t), boost::asio::use_future);
    io.run();
    return f.get();
}

// Two "processes" whose looks at the store start at 20 ms and back off to 160 ms.
class shared_polling : public ::testing::Test {
protected:
    static mcp::http::streamable_options polling() {
        return {.reply_poll = std::chrono::milliseconds(20),
                .reply_poll_max = std::chrono::milliseconds(160),
                .remote_stream_poll = std::chrono::milliseconds(20),
                .remote_stream_poll_max = std::chrono::milliseconds(160)};
    }
    std::shared_ptr<mcp::storage::memory_session_store> sessions =
        std::make_shared<mcp::storage::memory_session_store>();
    std::shared_ptr<counting_events> events = std::make_shared<counting_events>(
        std::make_shared<mcp::storage::memory_event_store>(mcp::storage::memory_event_options{2'000}));
    std::unique_ptr<mcp::server> srv_a = make_server(), srv_b = make_server();
    harness a{*srv_a, polling(), {.sessions = sessions, .events = events}};
    harness b{*srv_b, polling(), {.sessions = sessions, .events = events}};
};

// Security finding 10: a GET following a session's listening stream looked at the store every
// remote_stream_poll for as long as it stayed open. It reads only the followed stream after the last event it
// wrote, and looks less and less often while nothing comes (20 ms at first: 75 looks in 1.5 s without
// backoff).
TEST_F(shared_polling, FollowingAnIdleStreamReadsOnlyThatStreamAndBacksOff) {
    auto id = a.open_session();
    for (int i = 0; i < 1'000; ++i) // a busy session: its other streams hold many events
        ASSERT_TRUE(run(events->append(id, "other" + std::to_string(i % 4), "{}")));
    auto get = b.get(id); // b follows the listening stream, which a (another process) may feed
    events->take_reads();
    b.run_for(1'500);
    auto reads = events->take_reads();
    for (auto const& r : reads) {
        EXPECT_EQ(r.session, id);
        EXPECT_EQ(r.stream, "listen") << "never another stream of the session";
        EXPECT_EQ(r.after, 0u) << "after the last event written";
    }
    EXPECT_GE(reads.size(), 4u) << "it keeps looking";
    EXPECT_LE(reads.size(), 15u) << "20, 40, 80 ms, then every 160 ms";

    auto note =
        R"({"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":"from a"}})";
    ASSERT_EQ(run(events->append(id, "listen", note)).value(), 1u); // stored by the other process
    b.run_for(400);
    ASSERT_FALSE(get->messages().empty()) << "a look within the longest wait finds it";
    EXPECT_EQ(get->messages().back().at("params").at("data"), "from a");
    reads = events->take_reads();
    ASSERT_FALSE(reads.empty());
    EXPECT_EQ(reads.back().after, 1u) << "the next looks start after the event written";
}

// The same for a request waiting for the client's answer, which may reach another process.
TEST_F(shared_polling, AWaitingRequestBacksOffItsLooksForTheAnswer) {
    auto id = a.open_session();
    auto call = a.post(request(1, "tools/call", R"({"name":"ask_name"})"), id);
    auto asked = call->messages().back();
    ASSERT_EQ(asked.at("method"), "elicitation/create");
    events->take_reads();
    a.run_for(1'500);
    auto reads = events->take_reads();
    for (auto const& r : reads)
        EXPECT_EQ(r.stream, "_replies");
    EXPECT_GE(reads.size(), 4u);
    EXPECT_LE(reads.size(), 15u) << "20, 40, 80 ms, then every 160 ms";

    auto answer = R"({"jsonrpc":"2.0","id":)" + boost::json::serialize(asked.at("id")) +
                  R"(,"result":{"action":"accept","content":{"name":"Ada"}}})";
    EXPECT_EQ(b.post(answer, id)->status, 202);
    a.run_for(400);
    ASSERT_TRUE(call->finished);
    EXPECT_EQ(call->messages().back().at("result").at("content").at(0).at("text"), "Hello, Ada");
}

} // namespace
