// PostgreSQL-only behaviour of the task store (postgres_task_store.hpp): the bounded purge of expired rows by
// create(), list() as a range of the session index, text PostgreSQL cannot hold, and tasks shared by two
// pools. The contract itself is postgres_contract_test.cpp's. Needs MCP_TEST_POSTGRES_URL.
#include <mcp/storage/postgres/pg_schema.hpp>
#include <mcp/storage/postgres/postgres_store.hpp>
#include <mcp/storage/postgres/testing/test_database.hpp>
#include <mcp/storage/testing/task_contract.hpp>

#include <gtest/gtest.h>

namespace mcp::storage::testing {
namespace {

struct opened_tasks {
    postgres_options options;
    std::shared_ptr<task_store> tasks;
};

opened_tasks open_tasks(postgres_options o = fresh_postgres_options()) {
    auto opened = open_postgres(o);
    if (!opened)
        throw std::runtime_error("open_postgres: " + opened.error().message());
    return {std::move(o), opened->tasks};
}

// `count` rows that expired a minute ago, straight into the table.
void insert_expired(postgres_options const& o, int count, std::string const& tag) {
    auto past = std::to_string(epoch_ms() - 60'000);
    query_one(o.connection, "INSERT INTO " + o.table_prefix + "tasks SELECT '" + tag +
                                "' || n, 's1', '', 'build', 'completed', '', " + past + ", " + past +
                                ", 1, 1000, 'owner-a', " + past + ", 1, " + past +
                                ", false, '{}' FROM generate_series(1, " + std::to_string(count) + ") n");
}

std::string expired_rows(postgres_options const& o) {
    return query_one(o.connection, "SELECT count(*) FROM " + o.table_prefix +
                                       "tasks WHERE expires_at_ms <= " + std::to_string(epoch_ms()));
}

TEST(postgres_tasks, CreatePurgesExpiredTasksABatchAtATime) {
    auto s = open_tasks();
    insert_expired(s.options, 1'500, "old");
    ASSERT_TRUE(run(s.tasks->create(sample_task("t1"))));
    EXPECT_EQ(expired_rows(s.options), "500") << "one purge deletes at most 1000";
    ASSERT_TRUE(run(s.tasks->create(sample_task("t2"))));
    EXPECT_EQ(expired_rows(s.options), "0") << "a full batch makes the next create purge again";
    EXPECT_TRUE(run(s.tasks->get("s1", "t1")).value()) << "live tasks stay";
}

TEST(postgres_tasks, AfterThePurgeCaughtUpTheNextWaits) {
    auto s = open_tasks();
    insert_expired(s.options, 10, "old");
    ASSERT_TRUE(run(s.tasks->create(sample_task("t1"))));
    EXPECT_EQ(expired_rows(s.options), "0");
    insert_expired(s.options, 10, "older");
    ASSERT_TRUE(run(s.tasks->create(sample_task("t2"))));
    EXPECT_EQ(expired_rows(s.options), "10") << "at most one purge a minute while they come back short";
}

TEST(postgres_tasks, AnExpiredIdIsTakenAgainWithoutItsOutcome) {
    auto s = open_tasks();
    insert_expired(s.options, 1, "t");
    ASSERT_TRUE(run(s.tasks->create(sample_task("t1", "s2"))));
    auto got = run(s.tasks->get("s2", "t1")).value();
    ASSERT_TRUE(got);
    EXPECT_EQ(got->status, task_status::working);
    EXPECT_FALSE(run(s.tasks->outcome("s2", "t1")).value()) << "the old row's outcome went with it";
}

// tasks/list pages through a session's tasks: a range of (session, created_at_ms, id), never a scan of the
// table. Sequential and bitmap scans are off so that the plan shows whether such an index exists.
TEST(postgres_tasks, ListAfterAPositionIsARangeOfTheSessionIndex) {
    auto s = open_tasks();
    auto const sql = detail::make_statements(s.options.table_prefix).list_tasks_after.sql;
    auto const plan = query_one(s.options.connection,
                                "SET enable_seqscan = off; SET enable_bitmapscan = off; "
                                "PREPARE page (text, bigint, bigint, bigint, text) AS " +
                                    sql + "; EXPLAIN (FORMAT JSON) EXECUTE page('s1', 5, 11, 7, 'abc')");
    EXPECT_NE(plan.find(R"("Index Name": ")" + s.options.table_prefix + R"(tasks_by_session")"),
              std::string::npos)
        << plan;
    EXPECT_NE(plan.find(R"x("Index Cond": "((session = 's1'::text) AND (ROW(created_at_ms, id) > )x"
                        R"x(ROW('7'::bigint, 'abc'::text)))")x"),
              std::string::npos)
        << "the position is in the index condition: " << plan;
    EXPECT_EQ(plan.find(R"("Node Type": "Sort")"), std::string::npos)
        << "the index gives the order: " << plan;
}

// libpq reads text parameters as C strings: a NUL byte would cut the text short without a word.
TEST(postgres_tasks, TextWithANulByteIsRejectedNotCutShort) {
    auto s = open_tasks();
    auto t = sample_task("t1");
    t.status_message = std::string("before\0after", 12);
    auto created = run(s.tasks->create(t));
    ASSERT_FALSE(created);
    EXPECT_EQ(created.error().code(), errc::rejected);
    EXPECT_FALSE(run(s.tasks->get("s1", "t1")).value());

    ASSERT_TRUE(run(s.tasks->create(sample_task("t2"))));
    auto w = run(s.tasks->transition("s1", "t2",
                                     {.to = task_status::completed,
                                      .outcome = task_outcome{false, std::string("{\"a\":\"\0\"}", 9)},
                                      .now_ms = epoch_ms()}));
    ASSERT_FALSE(w);
    EXPECT_EQ(w.error().code(), errc::rejected);
    EXPECT_EQ(run(s.tasks->get("s1", "t2")).value()->status, task_status::working);
}

TEST(postgres_tasks, ACancelFromAnotherProcessStopsTheOwnersNextWrite) {
    auto a = open_tasks();
    auto b = open_tasks(a.options);
    ASSERT_TRUE(run(a.tasks->create(sample_task("t1"))));
    auto cancelled = run(b.tasks->transition("s1", "t1",
                                             {.to = task_status::cancelled,
                                              .message = "Cancelled by the client",
                                              .outcome = task_outcome{true, R"({"code":-32800})"},
                                              .now_ms = epoch_ms()}))
                         .value();
    ASSERT_TRUE(cancelled.applied);
    auto heartbeat = run(a.tasks->transition("s1", "t1",
                                             {.to = task_status::working,
                                              .expect_owner = "owner-a",
                                              .expect_revision = 0,
                                              .lease_until_ms = epoch_ms() + 60'000,
                                              .now_ms = epoch_ms()}))
                         .value();
    EXPECT_FALSE(heartbeat.applied);
    ASSERT_TRUE(heartbeat.current);
    EXPECT_EQ(heartbeat.current->status, task_status::cancelled) << "the owner learns it from its own write";
    EXPECT_EQ(heartbeat.current->status_message, "Cancelled by the client");
}

} // namespace
} // namespace mcp::storage::testing
