// SQLite-specific behaviour of the task store, beyond the shared contract (sqlite_contract_test.cpp runs
// that): a file of schema version 1 gains the tasks table, tasks survive reopening, two stores on one file
// (two processes) race for one winner, list() reads an index range, expired tasks are purged a batch at a
// time, and a row changed by another program is malformed data.
#include <mcp/storage/sqlite/sqlite_store.hpp>
#include <mcp/storage/sqlite/sqlite_task_store.hpp>
#include <mcp/storage/sqlite/sqlite_test_files.hpp>
#include <mcp/storage/testing/task_contract.hpp>

namespace mcp::storage {
namespace {

using testing::epoch_ms;
using testing::run;
using testing::run_concurrently;
using testing::sample_task;

task_change finish(task_status to, std::string json) {
    return {.to = to,
            .message = "done",
            .outcome = task_outcome{to != task_status::completed, std::move(json)},
            .now_ms = epoch_ms()};
}

// `count` completed tasks of session "s1" with an outcome, ids old1 .. old<count>, that expired long ago
// (old<i> at i ms).
void insert_expired(std::string const& path, int count) {
    sqlite_test::raw_db(path).exec(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + std::to_string(count) +
        ") INSERT INTO mcp_tasks (id, session, principal, tool, status, status_message, created_at_ms, "
        "updated_at_ms, ttl_ms, poll_interval_ms, owner, lease_until_ms, revision, expires_at_ms, "
        "outcome_is_error, outcome) "
        "SELECT 'old' || i, 's1', '', 'build', 'completed', '', 0, 0, 0, 0, '', 0, 1, i, 0, '{}' FROM n");
}

std::int64_t task_rows(std::string const& path) {
    return sqlite_test::raw_db(path).integer("SELECT count(*) FROM mcp_tasks");
}

TEST(sqlite_task_store, AVersion1FileGainsTheTasksTableAndKeepsItsSessions) {
    auto path = sqlite_test::fresh_path();
    {
        auto s = open_sqlite({.path = path}).value().sessions;
        ASSERT_TRUE(run(s->create(testing::bare_record("a"))));
    }
    sqlite_test::raw_db(path).exec("DROP TABLE mcp_tasks; DROP TABLE mcp_state; "
                                   "ALTER TABLE mcp_sessions DROP COLUMN lists_seen; "
                                   "ALTER TABLE mcp_sessions DROP COLUMN principal; "
                                   "PRAGMA user_version = 1"); // the layout of version 1
    auto st = open_sqlite({.path = path});
    ASSERT_TRUE(st) << st.error().message();
    EXPECT_EQ(sqlite_test::raw_db(path).integer("PRAGMA user_version"), 4) << "through 2 and 3 to 4";
    EXPECT_TRUE(run(st->sessions->load("a")).value()) << "the session of version 1 is still there";
    ASSERT_TRUE(run(st->tasks->create(sample_task("t1"))));
    EXPECT_TRUE(run(st->tasks->get("s1", "t1")).value());
}

TEST(sqlite_task_store, TasksAndOutcomesSurviveClosingAndReopening) {
    auto path = sqlite_test::fresh_path();
    {
        auto t = open_sqlite({.path = path}).value().tasks;
        ASSERT_TRUE(run(t->create(sample_task("t1"))));
        ASSERT_TRUE(run(t->transition("s1", "t1", finish(task_status::completed, R"({"content":[]})")))
                        .value()
                        .applied);
    }
    auto t = open_sqlite({.path = path}).value().tasks;
    auto got = run(t->get("s1", "t1")).value();
    ASSERT_TRUE(got);
    EXPECT_EQ(got->status, task_status::completed);
    EXPECT_EQ(got->revision, 1);
    EXPECT_EQ(run(t->outcome("s1", "t1")).value(), (task_outcome{false, R"({"content":[]})"}));
}

// Two processes on one file: their writers take turns through SQLite's file lock, not a mutex they share.
TEST(sqlite_task_store, TwoStoresOnOneFileHaveExactlyOneWinner) {
    auto path = sqlite_test::fresh_path();
    auto a = open_sqlite({.path = path}).value().tasks;
    auto b = open_sqlite({.path = path}).value().tasks;
    for (int round = 0; round < 20; ++round) {
        auto id = "race" + std::to_string(round);
        ASSERT_TRUE(run(a->create(sample_task(id))));
        auto writes = run_concurrently<result<task_write>>(2, [&](int i) {
            return (i == 0 ? a : b)
                ->transition("s1", id,
                             finish(i == 0 ? task_status::cancelled : task_status::completed, "{}"));
        });
        ASSERT_TRUE(writes[0] && writes[1]);
        ASSERT_NE(writes[0]->applied, writes[1]->applied) << "round " << round;
        EXPECT_EQ(writes[0]->current->status, writes[1]->current->status) << "the loser learns the winner";
        EXPECT_EQ(run(b->get("s1", id)).value()->status, writes[0]->current->status);
    }
}

TEST(sqlite_task_store, ListSearchesOnlyTheSessionsRangeOfTheIndex) {
    auto path = sqlite_test::fresh_path();
    ASSERT_TRUE(open_sqlite({.path = path}));
    auto const plan = sqlite_test::raw_db(path).plan(detail::select_tasks_after_sql);
    EXPECT_NE(plan.find("SEARCH mcp_tasks USING INDEX mcp_tasks_by_session"), std::string::npos) << plan;
    EXPECT_NE(plan.find("(session=? AND (created_at_ms,id)>(?,?))"), std::string::npos) << plan;
    EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << "the index gives the order: " << plan;
}

TEST(sqlite_task_store, ACreatePurgesExpiredTasksABatchAtATime) {
    auto path = sqlite_test::fresh_path();
    auto t = open_sqlite({.path = path}).value().tasks;
    insert_expired(path, 70);
    ASSERT_TRUE(run(t->create(sample_task("t1"))));
    EXPECT_EQ(task_rows(path), 70 - 64 + 1) << "the 64 that expired first went";
    ASSERT_TRUE(run(t->create(sample_task("t2"))));
    EXPECT_EQ(task_rows(path), 2) << "the rest went with the next create; live tasks stay";
}

TEST(sqlite_task_store, AnExpiredTasksIdIsFreeEvenBeyondThePurgeBatch) {
    auto path = sqlite_test::fresh_path();
    auto t = open_sqlite({.path = path}).value().tasks;
    insert_expired(path, 70); // old70 expired last: the purge of the batch leaves it
    auto again = run(t->create(sample_task("old70")));
    ASSERT_TRUE(again) << again.error().message();
    auto got = run(t->get("s1", "old70")).value();
    ASSERT_TRUE(got);
    EXPECT_EQ(got->status, task_status::working);
    EXPECT_FALSE(run(t->outcome("s1", "old70")).value()) << "nothing of the old task carries over";
}

TEST(sqlite_task_store, AStatusChangedByAnotherProgramIsMalformedData) {
    auto path = sqlite_test::fresh_path();
    auto t = open_sqlite({.path = path}).value().tasks;
    ASSERT_TRUE(run(t->create(sample_task("t1"))));
    sqlite_test::raw_db(path).exec("UPDATE mcp_tasks SET status = 'paused' WHERE id = 't1'");
    auto got = run(t->get("s1", "t1"));
    ASSERT_FALSE(got);
    EXPECT_EQ(got.error().code(), errc::malformed_data);
    EXPECT_NE(got.error().message().find("changed by something else than this library"), std::string::npos);
}

} // namespace
} // namespace mcp::storage
