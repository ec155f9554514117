// The SQLite stores shared: two stores opened on one file (as two processes would) see each other's writes
// and never hand out the same sequence; one thread serves many callers; a lock held by another program too
// long is errc::unavailable and service resumes after it; expired sessions and orphaned events are
// purged.
#include <mcp/storage/sqlite/sqlite_store.hpp>
#include <mcp/storage/sqlite/sqlite_test_files.hpp>
#include <mcp/storage/testing/store_contract.hpp>

#include <boost/asio/thread_pool.hpp>

#include <algorithm>
#include <future>
#include <numeric>
#include <thread>

namespace mcp::storage {
namespace {

using testing::append_many;
using testing::bare_record;
using testing::run;
using testing::run_concurrently;

task<result<>> increment_many(std::shared_ptr<session_store> s, int count) {
    for (int done = 0; done < count;) {
        auto loaded = co_await s->load("a");
        if (!loaded)
            co_return loaded.error();
        auto record = std::move(loaded->value());
        record.state["counter"] = record.state["counter"].to_number<std::int64_t>() + 1;
        auto saved = co_await s->save(record);
        if (saved)
            ++done;
        else if (saved.error().code() != errc::conflict)
            co_return saved.error();
    }
    co_return result<>{};
}

TEST(sqlite_sharing, TwoStoresOnOneFileSeeEachOthersWrites) {
    auto path = sqlite_test::fresh_path();
    auto one = open_sqlite({.path = path}).value();
    auto two = open_sqlite({.path = path}).value();
    ASSERT_TRUE(run(one.sessions->create(bare_record("a"))));
    auto r = run(two.sessions->load("a")).value();
    ASSERT_TRUE(r);
    r->log_level = "error";
    ASSERT_TRUE(run(two.sessions->save(*r)));
    EXPECT_EQ(run(one.sessions->load("a")).value()->log_level, "error");
    EXPECT_FALSE(run(one.sessions->create(bare_record("a")))) << "the id is taken in the other store too";

    ASSERT_EQ(run(one.events->append("a", "x", "1")).value(), 1u);
    ASSERT_EQ(run(two.events->append("a", "x", "2")).value(), 2u);
    EXPECT_EQ(run(one.events->after("a", "x", 0)).value().size(), 2u);
    ASSERT_TRUE(run(two.events->forget("a")));
    EXPECT_TRUE(run(one.events->after("a", "x", 0)).value().empty());
    EXPECT_TRUE(run(two.sessions->terminate("a")).value());
    EXPECT_FALSE(run(one.sessions->load("a")).value());
}

TEST(sqlite_sharing, ConcurrentAppendsFromTwoStoresGetDistinctGapFreeSequences) {
    auto path = sqlite_test::fresh_path();
    auto one = open_sqlite({.path = path, .limits = {.max_events_per_session = 10'000}}).value().events;
    auto two = open_sqlite({.path = path, .limits = {.max_events_per_session = 10'000}}).value().events;
    constexpr int writers = 8, each = 25;
    auto results = run_concurrently<result<std::vector<std::uint64_t>>>(
        writers, [&](int w) { return append_many(w % 2 ? one : two, w, each); });
    std::vector<std::uint64_t> all;
    for (auto& r : results) {
        ASSERT_TRUE(r) << r.error().message();
        all.insert(all.end(), r->begin(), r->end());
    }
    std::sort(all.begin(), all.end());
    std::vector<std::uint64_t> expected(writers * each);
    std::iota(expected.begin(), expected.end(), 1u);
    EXPECT_EQ(all, expected);
}

TEST(sqlite_sharing, ConcurrentIncrementsFromTwoStoresAreNeverLost) {
    auto path = sqlite_test::fresh_path();
    auto one = open_sqlite({.path = path}).value().sessions;
    auto two = open_sqlite({.path = path}).value().sessions;
    auto start = bare_record("a");
    start.state["counter"] = 0;
    ASSERT_TRUE(run(one->create(start)));
    constexpr int writers = 6, each = 10;
    auto results =
        run_concurrently<result<>>(writers, [&](int w) { return increment_many(w % 2 ? one : two, each); });
    for (auto& r : results)
        ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(run(two->load("a")).value()->state["counter"], writers * each);
}

TEST(sqlite_sharing, OneThreadServesManyConcurrentCallers) {
    auto e = open_sqlite({.path = sqlite_test::fresh_path(), .threads = 1}).value().events;
    auto results =
        run_concurrently<result<std::vector<std::uint64_t>>>(6, [&](int) { return append_many(e, 0, 10); });
    for (auto& r : results)
        ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(run(e->after("s", "shared", 0)).value().size(), 60u);
}

TEST(sqlite_sharing, ALockHeldTooLongIsStoreUnavailableAndServiceResumesAfterIt) {
    auto path = sqlite_test::fresh_path();
    auto st = open_sqlite({.path = path, .busy_timeout = std::chrono::milliseconds(50)}).value();
    ASSERT_TRUE(run(st.events->append("s", "x", "1")));
    sqlite_test::raw_db other(path);
    other.exec("BEGIN IMMEDIATE"); // another program takes the write lock and keeps it
    auto refused = run(st.sessions->create(bare_record("a")));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code(), errc::unavailable);
    EXPECT_NE(refused.error().message().find("busy_timeout (50 ms)"), std::string::npos)
        << refused.error().message();
    EXPECT_EQ(run(st.events->after("s", "x", 0)).value().size(), 1u) << "readers do not wait for the writer";
    other.exec("COMMIT");
    EXPECT_TRUE(run(st.sessions->create(bare_record("a"))));
}

TEST(sqlite_sharing, ACreatePurgesExpiredSessionsAndTheirEvents) {
    auto path = sqlite_test::fresh_path();
    auto ttl = std::chrono::milliseconds(200);
    auto st = open_sqlite({.path = path, .limits = {.ttl = ttl}}).value();
    ASSERT_TRUE(run(st.sessions->create(bare_record("old"))));
    ASSERT_TRUE(run(st.events->append("old", "x", "1")));
    std::this_thread::sleep_for(ttl * 2);
    ASSERT_TRUE(run(st.sessions->create(bare_record("new"))));
    sqlite_test::raw_db raw(path);
    EXPECT_EQ(raw.integer("SELECT count(*) FROM mcp_sessions WHERE id = 'old'"), 0);
    EXPECT_EQ(raw.integer("SELECT count(*) FROM mcp_events WHERE session = 'old'"), 0);
    EXPECT_EQ(raw.integer("SELECT count(*) FROM mcp_streams WHERE session = 'old'"), 0);
}

TEST(sqlite_sharing, EventsOfALiveSessionStayWhileItIsBusy) {
    auto ttl = std::chrono::milliseconds(300);
    auto st = open_sqlite({.path = sqlite_test::fresh_path(), .limits = {.ttl = ttl}}).value();
    ASSERT_TRUE(run(st.sessions->create(bare_record("a"))));
    ASSERT_TRUE(run(st.events->append("a", "x", "1")));
    for (int i = 0; i < 4; ++i) { // two TTLs without an append, but loaded all along
        std::this_thread::sleep_for(ttl / 2);
        ASSERT_TRUE(run(st.sessions->load("a")).value());
        ASSERT_TRUE(run(st.sessions->create(bare_record("b" + std::to_string(i)))));
    }
    EXPECT_EQ(run(st.events->after("a", "x", 0)).value().size(), 1u);
}

TEST(sqlite_sharing, ACreatePurgesEventsOfSessionsThatAreNotLive) {
    auto path = sqlite_test::fresh_path();
    auto ttl = std::chrono::milliseconds(200);
    auto st = open_sqlite({.path = path, .limits = {.ttl = ttl}}).value();
    ASSERT_TRUE(run(st.events->append("never-created", "x", "1")));
    std::this_thread::sleep_for(ttl * 2);
    ASSERT_TRUE(run(st.sessions->create(bare_record("a"))));
    EXPECT_TRUE(run(st.events->after("never-created", "x", 0)).value().empty());
    EXPECT_EQ(sqlite_test::raw_db(path).integer("SELECT count(*) FROM mcp_event_sessions"), 0);
}

TEST(sqlite_sharing, ReusingAnExpiredIdStartsWithoutTheOldEvents) {
    auto ttl = std::chrono::milliseconds(200);
    auto st = open_sqlite({.path = sqlite_test::fresh_path(), .limits = {.ttl = ttl}}).value();
    ASSERT_TRUE(run(st.sessions->create(bare_record("a"))));
    ASSERT_TRUE(run(st.events->append("a", "x", "old")));
    std::this_thread::sleep_for(ttl * 2);
    ASSERT_TRUE(run(st.sessions->create(bare_record("a"))));
    EXPECT_TRUE(run(st.events->after("a", "x", 0)).value().empty());
    EXPECT_EQ(run(st.events->append("a", "x", "new")).value(), 1u);
}

} // namespace
} // namespace mcp::storage
