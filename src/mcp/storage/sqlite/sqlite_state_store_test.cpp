// SQLite-specific behaviour of schema version 3, beyond the contract suites (sqlite_state_contract_test.cpp
// and sqlite_contract_test.cpp run those): a process killed while saving leaves a whole document, a version 2
// file gains the state table and keeps its sessions and tasks, and a state or lists_seen changed by another
// program is malformed data.
#include <mcp/storage/sqlite/sqlite_store.hpp>
#include <mcp/storage/sqlite/sqlite_test_files.hpp>
#include <mcp/storage/testing/killed_writer.hpp>
#include <mcp/storage/testing/task_contract.hpp>

namespace mcp::storage {
namespace {

using testing::run;

// The killed writer's document: three counters that every save sets to the same n. The padding makes a save
// span several pages of the WAL, so that the kill is likely to land in the middle of one.
state_record counted(std::int64_t n, std::int64_t revision) {
    boost::json::object active{{"a", n}, {"b", n}, {"c", n}};
    boost::json::object tools{{"active", std::move(active)}};
    return {"counter", {{"tools", std::move(tools)}, {"padding", std::string(32 << 10, 'p')}}, revision};
}

std::int64_t count_of(state_record const& r, char const* field) {
    return r.value.at("tools").at("active").at(field).as_int64();
}

// The child: saves n + 1 over n as fast as it can until SIGKILL. A failed save (a conflict, or the file
// busy) is simply tried again from a fresh load: the parent checks what reached the file.
[[noreturn]] void save_until_killed(std::string const& path) {
    auto store = open_sqlite({.path = path}).value().state;
    for (;;) {
        auto loaded = run(store->load("counter"));
        if (!loaded || !*loaded)
            continue;
        auto next = counted(count_of(**loaded, "a") + 1, (*loaded)->revision);
        (void)run(store->save(next));
    }
}

TEST(sqlite_state_store, AKilledWriterLeavesAConsistentDocument) {
    if (testing::in_killed_writer())
        save_until_killed(testing::killed_writer_argument());
    auto path = sqlite_test::fresh_path();
    {
        auto store = open_sqlite({.path = path}).value().state;
        auto first = counted(0, 0);
        ASSERT_TRUE(run(store->save(first)));
    }
    auto store = open_sqlite({.path = path}).value().state;
    testing::run_killed_writer(path, std::chrono::milliseconds(300), [&] {
        auto now = run(store->load("counter"));
        return now && *now && (*now)->revision > 2;
    });
    auto got = run(store->load("counter")).value();
    ASSERT_TRUE(got);
    auto n = count_of(*got, "a");
    RecordProperty("saves_before_the_kill", std::to_string(n));
    EXPECT_EQ(count_of(*got, "b"), n);
    EXPECT_EQ(count_of(*got, "c"), n);
    EXPECT_EQ(got->revision, n + 1) << "each landed save counted once";
    EXPECT_GT(n, 0) << "the writer saved nothing before it was killed: the test proved nothing";
    auto next = counted(n + 1, got->revision);
    ASSERT_TRUE(run(store->save(next))) << "the file takes writes after the kill";
    EXPECT_EQ(count_of(*run(store->load("counter")).value(), "c"), n + 1);
}

TEST(sqlite_state_store, AVersion2FileGainsTheStateTableAndKeepsSessionsAndTasks) {
    auto path = sqlite_test::fresh_path();
    {
        auto st = open_sqlite({.path = path}).value();
        ASSERT_TRUE(run(st.sessions->create(testing::bare_record("a"))));
        ASSERT_TRUE(run(st.tasks->create(testing::sample_task("t1"))));
    }
    sqlite_test::raw_db(path).exec("DROP TABLE mcp_state; ALTER TABLE mcp_sessions DROP COLUMN lists_seen; "
                                   "ALTER TABLE mcp_sessions DROP COLUMN principal; "
                                   "PRAGMA user_version = 2"); // the layout of version 2
    auto st = open_sqlite({.path = path});
    ASSERT_TRUE(st) << st.error().message();
    EXPECT_EQ(sqlite_test::raw_db(path).integer("PRAGMA user_version"), 4) << "through 3 to 4";
    auto session = run(st->sessions->load("a")).value();
    ASSERT_TRUE(session) << "the session of version 2 is still there";
    EXPECT_TRUE(session->lists_seen.empty()) << "it was told of no list yet";
    EXPECT_TRUE(run(st->tasks->get("s1", "t1")).value());
    session->lists_seen = {{"tools", "5a1f"}};
    ASSERT_TRUE(run(st->sessions->save(*session)));
    EXPECT_EQ(run(st->sessions->load("a")).value()->lists_seen, session->lists_seen);
    state_record r{"calculator", {{"tools", boost::json::object{}}}, 0};
    ASSERT_TRUE(run(st->state->save(r)));
    EXPECT_EQ(run(st->state->load("calculator")).value()->revision, 1);
}

TEST(sqlite_state_store, AStoredValueThatIsNotAnObjectIsMalformedData) {
    auto path = sqlite_test::fresh_path();
    auto store = open_sqlite({.path = path}).value().state;
    state_record r{"calculator", {{"tools", boost::json::object{}}}, 0};
    ASSERT_TRUE(run(store->save(r)));
    for (auto value : {"'[1, 2]'", "'not json'", "'\"text\"'"}) {
        sqlite_test::raw_db(path).exec(std::string("UPDATE mcp_state SET value = ") + value);
        auto loaded = run(store->load("calculator"));
        ASSERT_FALSE(loaded) << value;
        EXPECT_EQ(loaded.error().code(), errc::malformed_data) << value;
        EXPECT_NE(loaded.error().message().find("'calculator'"), std::string::npos)
            << loaded.error().message();
    }
}

void expect_reload_hint(result<> const& refused) {
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code(), errc::conflict);
    EXPECT_NE(refused.error().message().find("'calculator'"), std::string::npos) << refused.error().message();
    EXPECT_NE(refused.error().message().find("reload"), std::string::npos) << refused.error().message();
}

TEST(sqlite_state_store, AConflictNamesTheKeyAndSaysToReload) {
    auto store = open_sqlite({.path = sqlite_test::fresh_path()}).value().state;
    state_record r{"calculator", {{"n", 1}}, 0};
    auto created_again = r;
    ASSERT_TRUE(run(store->save(r)));
    expect_reload_hint(run(store->save(created_again)));
    auto stale = r;
    ASSERT_TRUE(run(store->save(r)));
    expect_reload_hint(run(store->save(stale)));
}

TEST(sqlite_state_store, ListsSeenChangedByAnotherProgramIsMalformedData) {
    auto path = sqlite_test::fresh_path();
    auto s = open_sqlite({.path = path}).value().sessions;
    ASSERT_TRUE(run(s->create(testing::bare_record("a"))));
    sqlite_test::raw_db(path).exec("UPDATE mcp_sessions SET lists_seen = '[\"tools\"]' WHERE id = 'a'");
    auto loaded = run(s->load("a"));
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().code(), errc::malformed_data) << loaded.error().message();
}

} // namespace
} // namespace mcp::storage
