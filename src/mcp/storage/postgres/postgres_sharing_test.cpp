// PostgreSQL-only behaviour of the stores: two independently opened pools on one database (as two server
// processes would have) share sessions and events, the session limit holds across them, and the events of
// expired sessions are purged. Needs MCP_TEST_POSTGRES_URL.
#include <mcp/storage/postgres/postgres_store.hpp>
#include <mcp/storage/postgres/testing/test_database.hpp>
#include <mcp/storage/testing/store_contract.hpp>

#include <boost/asio/thread_pool.hpp>

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <algorithm>
#include <future>
#include <numeric>
#include <thread>

namespace mcp::storage::testing {
namespace {

// Two "processes": the same tables through two pools that share nothing in this process.
struct two_processes {
    stores a, b;
};

two_processes open_twice(store_limits limits = {}) {
    auto o = fresh_postgres_options(limits);
    auto a = open_postgres(o);
    auto b = open_postgres(o);
    if (!a || !b)
        throw std::runtime_error("open_postgres failed");
    return {*a, *b};
}

task<result<>> create_one(std::shared_ptr<session_store> s, std::string id) {
    co_return co_await s->create(bare_record(std::move(id)));
}

TEST(postgres_sharing, ASessionCreatedByOneProcessIsServedByTheOther) {
    auto p = open_twice();
    ASSERT_TRUE(run(p.a.sessions->create(full_record("s1"))));
    auto seen = run(p.b.sessions->load("s1")).value();
    ASSERT_TRUE(seen);
    EXPECT_EQ(seen->state, full_record("s1").state);
    seen->log_level = "error";
    ASSERT_TRUE(run(p.b.sessions->save(*seen)));
    auto back = run(p.a.sessions->load("s1")).value();
    ASSERT_TRUE(back);
    EXPECT_EQ(back->log_level, "error");
    EXPECT_EQ(back->revision, 1);
    EXPECT_TRUE(run(p.a.sessions->terminate("s1")).value());
    EXPECT_FALSE(run(p.b.sessions->load("s1")).value()) << "terminated on one process, gone on the other";
}

TEST(postgres_sharing, AStaleSaveFromTheOtherProcessIsAConflict) {
    auto p = open_twice();
    ASSERT_TRUE(run(p.a.sessions->create(bare_record("s1"))));
    auto on_a = *run(p.a.sessions->load("s1")).value();
    auto on_b = *run(p.b.sessions->load("s1")).value();
    ASSERT_TRUE(run(p.a.sessions->save(on_a)));
    auto stale = run(p.b.sessions->save(on_b));
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code(), errc::conflict);
}

TEST(postgres_sharing, EventsAppendedByOneProcessReplayOnTheOther) {
    auto p = open_twice();
    ASSERT_EQ(run(p.a.events->append("s", "x", "one")).value(), 1u);
    ASSERT_EQ(run(p.b.events->append("s", "x", "two")).value(), 2u) << "one counter per stream, shared";
    auto replayed = run(p.a.events->after("s", "x", 0)).value();
    ASSERT_EQ(replayed.size(), 2u);
    EXPECT_EQ(replayed[1].data, "two");
    ASSERT_TRUE(run(p.b.events->forget("s")));
    EXPECT_TRUE(run(p.a.events->after("s", "x", 0)).value().empty());
}

TEST(postgres_sharing, ConcurrentAppendsFromBothProcessesGetDistinctGapFreeSequences) {
    auto p = open_twice({.max_events_per_session = 10'000});
    constexpr int writers = 8, each = 25;
    auto results = run_concurrently<result<std::vector<std::uint64_t>>>(
        writers, [&](int w) { return append_many(w % 2 ? p.a.events : p.b.events, w, each); });
    std::vector<std::uint64_t> all;
    for (auto& r : results) {
        ASSERT_TRUE(r) << r.error().message();
        all.insert(all.end(), r->begin(), r->end());
    }
    std::sort(all.begin(), all.end());
    std::vector<std::uint64_t> expected(writers * each);
    std::iota(expected.begin(), expected.end(), 1u);
    EXPECT_EQ(all, expected);
    EXPECT_EQ(run(p.b.events->after("s", "shared", 0)).value().size(), expected.size());
}

TEST(postgres_sharing, TheSessionLimitHoldsAcrossProcessesUnderConcurrentCreates) {
    auto p = open_twice({.max_sessions = 5});
    constexpr int attempts = 24;
    auto results = run_concurrently<result<>>(attempts, [&](int i) {
        return create_one(i % 2 ? p.a.sessions : p.b.sessions, "s" + std::to_string(i));
    });
    int created = 0;
    for (auto& r : results) {
        if (r)
            ++created;
        else
            EXPECT_EQ(r.error().code(), errc::session_limit) << r.error().message();
    }
    EXPECT_EQ(created, 5);
}

TEST(postgres_sharing, EventsOfExpiredSessionsArePurgedByALaterCreate) {
    auto ttl = std::chrono::milliseconds(400);
    auto o = fresh_postgres_options({.ttl = ttl});
    auto s = open_postgres(o).value();
    ASSERT_TRUE(run(s.sessions->create(bare_record("expiring"))));
    ASSERT_TRUE(run(s.sessions->create(bare_record("busy"))));
    for (auto id : {"expiring", "busy"})
        ASSERT_TRUE(run(s.events->append(id, "x", "event")));
    for (int i = 0; i < 6; ++i) { // three TTLs: "expiring" expires, "busy" is kept alive by its loads
        std::this_thread::sleep_for(ttl / 2);
        ASSERT_TRUE(run(s.sessions->load("busy")).value());
    }
    ASSERT_TRUE(run(s.sessions->create(bare_record("newcomer")))); // purges
    EXPECT_TRUE(run(s.events->after("expiring", "x", 0)).value().empty());
    EXPECT_EQ(run(s.events->after("busy", "x", 0)).value().size(), 1u) << "a live session keeps its events";
    auto left =
        query_one(o.connection, "SELECT count(*) FROM " + o.table_prefix + "sessions WHERE id = 'expiring'");
    EXPECT_EQ(left, "0") << "the expired row is deleted, not just ignored";
}

// query_timeout bounds an operation even when the server never answers (here: a row lock another client
// holds), and the server's statement_timeout makes sure the abandoned statement is not applied once the lock
// is freed.
TEST(postgres_sharing, AnOperationStuckPastTheQueryTimeoutFailsAndIsNotAppliedLater) {
    auto o = fresh_postgres_options();
    o.query_timeout = std::chrono::milliseconds(500);
    auto s = open_postgres(o).value();
    ASSERT_TRUE(run(s.sessions->create(bare_record("a"))));
    auto record = *run(s.sessions->load("a")).value();
    std::unique_ptr<PGconn, decltype(&PQfinish)> other(PQconnectdb(o.connection.c_str()), &PQfinish);
    ASSERT_EQ(PQstatus(other.get()), CONNECTION_OK);
    PQclear(PQexec(other.get(), ("BEGIN; SELECT * FROM " + o.table_prefix + "sessions FOR UPDATE").c_str()));

    auto saved = run(s.sessions->save(record));
    ASSERT_FALSE(saved);
    EXPECT_EQ(saved.error().code(), errc::unavailable);
    EXPECT_NE(saved.error().message().find("query_timeout"), std::string::npos) << saved.error().message();
    std::this_thread::sleep_for(std::chrono::seconds(1)); // the server's statement_timeout has fired by now
    PQclear(PQexec(other.get(), "COMMIT"));

    auto now = run(s.sessions->load("a"));
    ASSERT_TRUE(now) << "the store goes on after a timeout: " << now.error().message();
    ASSERT_TRUE(*now);
    EXPECT_EQ((*now)->revision, 0) << "the abandoned save was not applied when the lock was freed";
}

} // namespace
} // namespace mcp::storage::testing
