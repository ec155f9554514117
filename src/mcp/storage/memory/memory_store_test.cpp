// The in-memory stores' own behaviour (sizes, defaults); the cross-backend contract runs in memory_contract_test.cpp.
#include <mcp/storage/memory/memory_store.hpp>
#include <mcp/storage/memory/memory_task_store.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <gtest/gtest.h>

#include <thread>

namespace {

using namespace mcp::storage;

// Runs one store operation to completion (they never suspend, but they are coroutines).
template <class T>
T run(mcp::task<T> t) {
    boost::asio::io_context io;
    auto f = boost::asio::co_spawn(io, std::move(t), boost::asio::use_future);
    io.run();
    return f.get();
}

session_record record(std::string id) {
    session_record r;
    r.id = std::move(id);
    return r;
}

TEST(memory_session_store, CreatedSessionLoadsBack) {
    memory_session_store store;
    ASSERT_TRUE(run(store.create(record("a"))));
    auto loaded = run(store.load("a"));
    ASSERT_TRUE(loaded && *loaded);
    EXPECT_EQ((*loaded)->id, "a");
}

TEST(memory_session_store, TouchTellsTheRevisionAndKeepsTheSessionAlive) {
    memory_session_store store({.ttl = std::chrono::milliseconds(200)});
    session_record r;
    r.id = "a";
    ASSERT_TRUE(run(store.create(r)));
    EXPECT_EQ(store.touch("a"), 0);
    auto loaded = run(store.load("a")).value();
    ASSERT_TRUE(run(store.save(*loaded)));
    for (int i = 0; i < 4; ++i) { // 400 ms of activity: twice the TTL
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        EXPECT_EQ(store.touch("a"), 1) << "touched every 100 ms, the session does not expire";
    }
    EXPECT_FALSE(store.touch("b"));
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    EXPECT_FALSE(store.touch("a")) << "expired";
}

TEST(memory_session_store, DuplicateIdIsAConflict) {
    memory_session_store store;
    ASSERT_TRUE(run(store.create(record("a"))));
    auto again = run(store.create(record("a")));
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code(), errc::conflict);
}

TEST(memory_session_store, UnknownSessionLoadsAsNothing) {
    memory_session_store store;
    auto loaded = run(store.load("nope"));
    ASSERT_TRUE(loaded);
    EXPECT_FALSE(*loaded);
}

TEST(memory_session_store, SaveWithAStaleRevisionIsRefused) {
    memory_session_store store;
    run(store.create(record("a")));
    auto first = **run(store.load("a"));
    auto second = first;
    first.log_level = "info";
    ASSERT_TRUE(run(store.save(first)));
    EXPECT_EQ(first.revision, 1);
    second.log_level = "error";
    auto stale = run(store.save(second));
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code(), errc::conflict);
    EXPECT_EQ((*run(store.load("a")))->log_level, "info") << "the first writer's update is kept";
}

TEST(memory_session_store, TerminatedSessionIsGone) {
    memory_session_store store;
    run(store.create(record("a")));
    EXPECT_TRUE(*run(store.terminate("a")));
    EXPECT_FALSE(*run(store.load("a")));
    EXPECT_FALSE(*run(store.terminate("a")));
}

TEST(memory_session_store, LimitIsAClearError) {
    memory_session_store store({.max_sessions = 2});
    run(store.create(record("a")));
    run(store.create(record("b")));
    auto third = run(store.create(record("c")));
    ASSERT_FALSE(third);
    EXPECT_EQ(third.error().code(), errc::session_limit);
    EXPECT_NE(third.error().message().find("limit 2"), std::string::npos);
}

TEST(memory_session_store, ExpiredSessionsAreGoneAndFreeTheirSlot) {
    memory_session_store store({.max_sessions = 1, .ttl = std::chrono::seconds(0)});
    run(store.create(record("a")));
    EXPECT_FALSE(*run(store.load("a")));
    EXPECT_TRUE(run(store.create(record("b"))));
}

TEST(memory_event_store, NumbersEventsPerStreamFromOne) {
    memory_event_store store;
    EXPECT_EQ(*run(store.append("s", "x", "1")), 1u);
    EXPECT_EQ(*run(store.append("s", "y", "1")), 1u);
    EXPECT_EQ(*run(store.append("s", "x", "2")), 2u);
}

TEST(memory_event_store, ReplaysOnlyTheStreamAskedForAfterTheSequence) {
    memory_event_store store;
    for (auto d : {"a1", "a2", "a3"}) run(store.append("s", "a", d));
    run(store.append("s", "b", "b1"));
    auto events = *run(store.after("s", "a", 1));
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].data, "a2");
    EXPECT_EQ(events[1].sequence, 3u);
    EXPECT_TRUE(run(store.after("other", "a", 0))->empty());
}

TEST(memory_event_store, BoundDropsTheOldestEventsButNeverRenumbers) {
    memory_event_store store({.max_events_per_session = 2});
    for (auto d : {"1", "2", "3"}) run(store.append("s", "a", d));
    auto events = *run(store.after("s", "a", 0));
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].sequence, 2u);
    EXPECT_EQ(*run(store.append("s", "a", "4")), 4u);
}

TEST(memory_event_store, ForgetDropsEverythingOfTheSession) {
    memory_event_store store;
    run(store.append("s", "a", "1"));
    EXPECT_TRUE(run(store.forget("s")));
    EXPECT_TRUE(run(store.after("s", "a", 0))->empty());
}

} // namespace

namespace {

// Clients starting tasks cannot make the memory store keep more than max_tasks; an expired task makes room.
TEST(memory_task_store, KeepsAtMostMaxTasksAndExpiredOnesMakeRoom) {
    using namespace mcp::storage;
    memory_task_store store({.max_tasks = 3});
    auto now = [] {
        using namespace std::chrono;
        return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
    };
    auto make = [&](std::string id, std::int64_t lease_ms) {
        task_record r{.id = std::move(id), .session = "s", .created_at_ms = now(), .updated_at_ms = now(),
                      .ttl_ms = 1, .owner = "o", .lease_until_ms = now() + lease_ms};
        boost::asio::io_context io;
        auto f = boost::asio::co_spawn(io, store.create(std::move(r)), boost::asio::use_future);
        io.run();
        return f.get();
    };
    EXPECT_TRUE(make("a", 60'000));
    EXPECT_TRUE(make("b", 60'000));
    EXPECT_TRUE(make("c", 20));
    auto full = make("d", 60'000);
    ASSERT_FALSE(full);
    EXPECT_EQ(full.error().code(), errc::rejected);
    EXPECT_EQ(store.size(), 3u);
    std::this_thread::sleep_for(std::chrono::milliseconds(50)); // "c" expires: lease + ttl
    EXPECT_TRUE(make("d", 60'000));
    EXPECT_EQ(store.size(), 3u);
}

} // namespace
