// Task behaviours that need code around them: scope and principal binding, lease expiry, a long healthy task,
// two servers sharing a task store (as two processes sharing a database), bounds, registration mistakes.
#include "conversation.hpp"
#include "fixture_server.hpp"

#include <mcp/server/task_state.hpp>
#include <mcp/storage/memory/memory_task_store.hpp>

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <thread>

namespace {

using mcp::testing::conversation;

constexpr char const* initialize_msg =
    R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"0"}}})";

void open(conversation& c, mcp::request_metadata const& who = {}) {
    c.send(initialize_msg, who);
    ASSERT_TRUE(c.next());
    c.send(R"({"jsonrpc":"2.0","method":"notifications/initialized"})", who);
}

// Sends one request and returns the reply to it (skipping notifications, which it returns in `other`).
boost::json::object ask(conversation& c, std::string const& text, mcp::request_metadata who = {},
                        std::vector<boost::json::object>* other = nullptr) {
    c.send(text, std::move(who));
    while (auto m = c.next()) {
        if (m->contains("id")) return *m;
        if (other) other->push_back(*m);
    }
    ADD_FAILURE() << "no reply to " << text;
    return {};
}

std::string start_task(conversation& c, std::string const& tool, int ms, mcp::request_metadata who = {}) {
    auto reply = ask(c, R"({"jsonrpc":"2.0","id":"start","method":"tools/call","params":{"name":")" + tool +
                            R"(","arguments":{"ms":)" + std::to_string(ms) + R"(},"task":{}}})",
                     std::move(who));
    return std::string(reply.at("result").at("task").at("taskId").as_string());
}

std::string by_id(std::string const& method, std::string const& id) {
    return R"({"jsonrpc":"2.0","id":"q","method":")" + method + R"(","params":{"taskId":")" + id + R"("}})";
}

std::int64_t epoch_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

template <class T>
T run(mcp::task<T> t) {
    boost::asio::io_context io;
    auto f = boost::asio::co_spawn(io, std::move(t), boost::asio::use_future);
    io.run();
    return f.get();
}

std::string status_of(boost::json::object const& reply) {
    return std::string(reply.at("result").at("status").as_string());
}

TEST(tasks, AnotherSessionCannotSeeListOrCancelATask) {
    auto srv = mcp::testing::make_task_fixture_server();
    conversation a(*srv), b(*srv);
    open(a);
    open(b);
    auto id = start_task(a, "slow_task", 200);
    for (auto method : {"tasks/get", "tasks/result", "tasks/cancel"})
        EXPECT_EQ(ask(b, by_id(method, id)).at("error").at("message"), "Failed to retrieve task: Task not found")
            << method;
    EXPECT_TRUE(ask(b, R"({"jsonrpc":"2.0","id":1,"method":"tasks/list"})").at("result").at("tasks").as_array().empty());
    EXPECT_EQ(status_of(ask(a, by_id("tasks/get", id))), "working") << "b's cancel reached a's task";
}

TEST(tasks, AnotherPrincipalOnTheSameSessionCannotSeeATask) {
    auto srv = mcp::testing::make_task_fixture_server();
    conversation c(*srv);
    mcp::request_metadata ada, bob;
    ada.set("x-authorizer-sub", "ada");
    bob.set("x-authorizer-sub", "bob");
    open(c, ada);
    auto id = start_task(c, "slow_task", 200, ada);
    EXPECT_EQ(status_of(ask(c, by_id("tasks/get", id), ada)), "working");
    EXPECT_EQ(ask(c, by_id("tasks/get", id), bob).at("error").at("code"), -32602);
    EXPECT_EQ(ask(c, by_id("tasks/cancel", id), bob).at("error").at("code"), -32602);
    auto listed = ask(c, R"({"jsonrpc":"2.0","id":1,"method":"tasks/list"})", bob);
    EXPECT_TRUE(listed.at("result").at("tasks").as_array().empty());
}

// A task another process was running when it died: its lease ran out, so the next reader fails it, says why,
// and tasks/result gives that reason as the error.
TEST(tasks, ATaskWhoseOwnerStoppedRenewingItsLeaseIsFailedByTheNextReader) {
    auto store = std::make_shared<mcp::storage::memory_task_store>();
    auto srv = mcp::testing::make_task_fixture_server(store);
    conversation c(*srv);
    open(c);
    mcp::storage::task_record stuck{.id = "0123456789abcdef0123456789abcdef", .session = c.current().id(),
                                    .tool = "build", .created_at_ms = epoch_ms() - 60'000,
                                    .updated_at_ms = epoch_ms() - 60'000, .ttl_ms = 60'000,
                                    .poll_interval_ms = 500, .owner = "gone-host/4242/abcd",
                                    .lease_until_ms = epoch_ms() - 5'000};
    ASSERT_TRUE(run(store->create(stuck)));
    std::vector<boost::json::object> notes;
    auto got = ask(c, by_id("tasks/get", stuck.id), {}, &notes);
    EXPECT_EQ(status_of(got), "failed");
    std::string message(got.at("result").at("statusMessage").as_string());
    EXPECT_NE(message.find("gone-host/4242/abcd"), std::string::npos) << message;
    EXPECT_NE(message.find("stopped renewing its lease"), std::string::npos) << message;
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_EQ(notes[0].at("method"), "notifications/tasks/status");
    auto result = ask(c, by_id("tasks/result", stuck.id));
    EXPECT_EQ(result.at("error").at("code"), -32603);
    EXPECT_EQ(result.at("error").at("message").as_string(), message);
}

// The fixture's lease is 1 s: a task running three times as long is renewed, never failed for its age.
TEST(tasks, AHealthyTaskRunningPastItsLeaseIsNeverFailed) {
    auto srv = mcp::testing::make_task_fixture_server();
    conversation c(*srv);
    open(c);
    auto id = start_task(c, "slow_task", 3'000);
    c.wait(2'500);
    EXPECT_EQ(status_of(ask(c, by_id("tasks/get", id))), "working");
    c.wait(800);
    EXPECT_EQ(status_of(ask(c, by_id("tasks/get", id))), "completed");
}

// Two servers on one store are two processes, A and B, each serving a copy of one session.
struct two_processes {
    std::shared_ptr<mcp::storage::memory_task_store> store = std::make_shared<mcp::storage::memory_task_store>();
    std::unique_ptr<mcp::server> srv_a = mcp::testing::make_task_fixture_server(store);
    std::unique_ptr<mcp::server> srv_b = mcp::testing::make_task_fixture_server(store);
    conversation a_side{*srv_a};
    conversation b_side{*srv_b, a_side.current().id()};
    two_processes() {
        open(a_side);
        open(b_side);
    }
};

// A cancel made on B stops the handler running on A at A's next
// renewal (the fixture's heartbeat: 200 ms), and A then stores nothing over it.
TEST(tasks, ACancelOnAnotherProcessStopsTheHandlerWithinAHeartbeat) {
    two_processes p;
    auto& a = p.a_side; // not a structured binding: clang 14 cannot capture one in a lambda
    auto& b = p.b_side;
    auto id = start_task(a, "slow_task", 5'000);
    auto stopped_before = mcp::testing::stopped_task_handlers();
    EXPECT_EQ(status_of(ask(b, by_id("tasks/cancel", id))), "cancelled");
    a.wait(400);
    EXPECT_EQ(mcp::testing::stopped_task_handlers(), stopped_before + 1) << "the handler on A still runs";
    EXPECT_EQ(status_of(ask(a, by_id("tasks/get", id))), "cancelled");
}

// tasks/result on B, for a task A runs, returns A's result once A stores it.
TEST(tasks, TasksResultOnAnotherProcessReturnsWhenTheOwnerFinishes) {
    two_processes p;
    auto& a = p.a_side; // not a structured binding: clang 14 cannot capture one in a lambda
    auto& b = p.b_side;
    auto id = start_task(a, "slow_task", 300);
    std::thread owner([&] { a.wait(600); });
    b.send(by_id("tasks/result", id));
    b.wait(1'200);
    owner.join();
    auto reply = b.next();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->at("result").at("content").at(0).at("text"), "slept 300 ms") << boost::json::serialize(*reply);
}

TEST(tasks, ASessionRunsAtMostTheConfiguredNumberOfTasksAtOnce) {
    auto srv = mcp::testing::make_task_fixture_server();
    conversation c(*srv);
    open(c);
    for (int i = 0; i < 16; ++i) start_task(c, "slow_task", 2'000);
    auto refused = ask(c, R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"slow_task","arguments":{"ms":1},"task":{}}})");
    EXPECT_EQ(refused.at("error").at("code"), -32603);
    EXPECT_NE(std::string(refused.at("error").at("message").as_string()).find("16 tasks"), std::string::npos);
    auto plain = ask(c, R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"slow_task","arguments":{"ms":1}}})");
    EXPECT_TRUE(plain.contains("result")) << "plain calls are not bounded by the task limit";
}

TEST(tasks, ARequiredTaskToolWithoutATaskStoreFailsTheStartUpCheck) {
    mcp::server srv({.name = "s", .version = "1"});
    srv.add_tool({.name = "build", .execution = mcp::tool_execution{.task_support = mcp::task_support::required}},
                 [] { return std::string("x"); });
    try {
        srv.check_task_tools();
        FAIL() << "check_task_tools accepted it";
    } catch (std::invalid_argument const& e) {
        EXPECT_NE(std::string(e.what()).find("build have execution.taskSupport 'required'"), std::string::npos)
            << e.what();
    }
    srv.use_task_store(std::make_shared<mcp::storage::memory_task_store>());
    EXPECT_NO_THROW(srv.check_task_tools());
}

TEST(tasks, WithATaskStoreButNoTaskToolTheCapabilityIsAbsent) {
    mcp::server srv({.name = "s", .version = "1",
                     .tasks = {.store = std::make_shared<mcp::storage::memory_task_store>()}});
    srv.add_tool({.name = "plain"}, [] { return std::string("x"); });
    conversation c(srv);
    c.send(initialize_msg);
    auto reply = c.next();
    ASSERT_TRUE(reply);
    EXPECT_FALSE(reply->at("result").at("capabilities").as_object().contains("tasks"));
}

TEST(tasks, WithoutATaskStoreTheCapabilityIsAbsent) {
    auto srv = mcp::testing::make_fixture_server();
    conversation c(*srv);
    c.send(initialize_msg);
    auto reply = c.next();
    ASSERT_TRUE(reply);
    EXPECT_FALSE(reply->at("result").at("capabilities").as_object().contains("tasks"));
}

} // namespace

namespace {

// Runs settle(now + `budget`) on this thread while `c`'s session runs its tasks on another for `serve_ms`: how long
// settle took.
std::chrono::steady_clock::duration settle_while_serving(mcp::server& srv, conversation& c,
                                                         std::chrono::milliseconds budget, int serve_ms) {
    std::thread owner([&] { c.wait(serve_ms); });
    auto began = std::chrono::steady_clock::now();
    run([&]() -> mcp::task<int> {
        co_await srv.tasks()->settle(std::chrono::system_clock::now() + budget);
        co_return 0;
    }());
    auto took = std::chrono::steady_clock::now() - began;
    owner.join();
    return took;
}

// Lambda's settle (task_runner::settle): a task still running at the deadline ends failed, saying why, and its
// handler stops; one that ends before lets settle return at once.
TEST(tasks, SettleFailsATaskStillRunningAtTheDeadlineAndStopsItsHandler) {
    auto srv = mcp::testing::make_task_fixture_server();
    conversation c(*srv);
    open(c);
    auto id = start_task(c, "slow_task", 5'000);
    auto stopped_before = mcp::testing::stopped_task_handlers();
    auto took = settle_while_serving(*srv, c, std::chrono::milliseconds(200), 600);
    EXPECT_LT(took, std::chrono::milliseconds(500));
    EXPECT_EQ(mcp::testing::stopped_task_handlers(), stopped_before + 1);
    auto got = ask(c, by_id("tasks/get", id));
    EXPECT_EQ(status_of(got), "failed");
    EXPECT_NE(std::string(got.at("result").at("statusMessage").as_string()).find("reached its deadline"),
              std::string::npos);
    EXPECT_EQ(srv->tasks()->running(), 0u);
}

TEST(tasks, SettleReturnsWhenTheLastTaskEnds) {
    auto srv = mcp::testing::make_task_fixture_server();
    conversation c(*srv);
    open(c);
    auto id = start_task(c, "slow_task", 150);
    auto took = settle_while_serving(*srv, c, std::chrono::seconds(10), 400);
    EXPECT_LT(took, std::chrono::seconds(2));
    EXPECT_EQ(status_of(ask(c, by_id("tasks/get", id))), "completed");
}

} // namespace

namespace {

// A task store that cannot serve: every call fails as an unreachable backend does.
class down_task_store : public mcp::storage::task_store {
public:
    using error = mcp::storage::error;
    static error down() { return error(mcp::storage::errc::unavailable, "db.internal:5432: connection refused"); }
    mcp::task<mcp::storage::result<>> create(mcp::storage::task_record) override { co_return down(); }
    mcp::task<mcp::storage::result<std::optional<mcp::storage::task_record>>> get(std::string, std::string) override {
        co_return down();
    }
    mcp::task<mcp::storage::result<mcp::storage::task_page>> list(std::string, std::optional<std::string>,
                                                                  std::size_t) override {
        co_return down();
    }
    mcp::task<mcp::storage::result<mcp::storage::task_write>> transition(std::string, std::string,
                                                                         mcp::storage::task_change) override {
        co_return down();
    }
    mcp::task<mcp::storage::result<std::optional<mcp::storage::task_outcome>>> outcome(std::string,
                                                                                      std::string) override {
        co_return down();
    }
};

// The store down: -32010 with a message that names no host, for starting a task and for each tasks method; no
// handler runs for a task that could not be stored.
TEST(tasks, AStoreThatIsDownGivesAClearErrorAndStartsNothing) {
    auto srv = mcp::testing::make_task_fixture_server(std::make_shared<down_task_store>());
    conversation c(*srv);
    open(c);
    auto stopped_before = mcp::testing::stopped_task_handlers();
    auto start = ask(c, R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"slow_task","arguments":{"ms":1},"task":{}}})");
    EXPECT_EQ(start.at("error").at("code"), -32010) << boost::json::serialize(start);
    std::string message(start.at("error").at("message").as_string());
    EXPECT_EQ(message.find("db.internal"), std::string::npos) << "the store's own message reached the client";
    EXPECT_EQ(srv->tasks()->running(), 0u);
    for (auto method : {"tasks/get", "tasks/result", "tasks/cancel"})
        EXPECT_EQ(ask(c, by_id(method, "0123456789abcdef0123456789abcdef")).at("error").at("code"), -32010) << method;
    EXPECT_EQ(ask(c, R"({"jsonrpc":"2.0","id":2,"method":"tasks/list"})").at("error").at("code"), -32010);
    auto plain = ask(c, R"({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"slow_task","arguments":{"ms":1}}})");
    EXPECT_TRUE(plain.contains("result")) << "a plain call does not need the task store";
    EXPECT_EQ(mcp::testing::stopped_task_handlers(), stopped_before);
}

} // namespace

namespace {

// A front door that ends releases its task store while a tasks/result may still wait in the runner (for a task
// another process runs): the waiting request keeps the runner until its coroutine ends. ASan saw the runner used
// after it was gone before requests held it.
TEST(tasks, ARequestStillWaitingKeepsAReleasedRunner) {
    mcp::server srv({.name = "s", .version = "1"});
    srv.add_tool({.name = "t", .execution = mcp::tool_execution{.task_support = mcp::task_support::optional}},
                 [] { return std::string("x"); });
    auto store = std::make_shared<mcp::storage::memory_task_store>();
    srv.use_task_store(store);
    {
        conversation c(srv);
        open(c);
        mcp::storage::task_record remote{.id = "0123456789abcdef0123456789abcdef", .session = c.current().id(),
                                         .tool = "t", .created_at_ms = epoch_ms(), .updated_at_ms = epoch_ms(),
                                         .ttl_ms = 60'000, .poll_interval_ms = 500, .owner = "other-host/1/x",
                                         .lease_until_ms = epoch_ms() + 60'000};
        ASSERT_TRUE(run(store->create(remote)));
        c.send(by_id("tasks/result", remote.id));
        if (c.pending()) ADD_FAILURE() << "tasks/result did not wait: " << boost::json::serialize(*c.next());
        srv.release_task_store(store);
        EXPECT_FALSE(srv.tasks());
        c.wait(350); // the waiting request wakes in the released runner, and finds tasks gone from the server
        auto reply = c.next();
        ASSERT_TRUE(reply);
        EXPECT_EQ(reply->at("error").at("code"), -32601) << boost::json::serialize(*reply);
        c.send(by_id("tasks/result", remote.id));
        srv.use_task_store(store); // a front door again: its wait goes on, and ends with the io_context
        c.send(by_id("tasks/result", remote.id));
        srv.release_task_store(store);
    } // the io_context ends with a request still suspended in the released runner
    EXPECT_FALSE(srv.tasks());
}

} // namespace

namespace {

// A full task store is not an outage: the client is told to wait for earlier tasks to expire (-32603), not that
// the store is down (-32010).
TEST(tasks, AFullTaskStoreRefusesNewTasksSayingWhy) {
    auto store = std::make_shared<mcp::storage::memory_task_store>(mcp::storage::memory_task_options{.max_tasks = 1});
    auto srv = mcp::testing::make_task_fixture_server(store);
    conversation c(*srv);
    open(c);
    start_task(c, "slow_task", 2'000);
    auto refused = ask(c, R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"slow_task","arguments":{"ms":1},"task":{}}})");
    EXPECT_EQ(refused.at("error").at("code"), -32603) << boost::json::serialize(refused);
    EXPECT_NE(std::string(refused.at("error").at("message").as_string()).find("keeps as many tasks as it may"),
              std::string::npos);
}

} // namespace
