// SQLite-specific behaviour of the stores, beyond the shared contract: what survives closing and reopening
// the file, the schema and its version, clear errors for files that cannot serve, values at the edges of
// SQLite's integers, and large values.
#include <mcp/storage/sqlite/sqlite_event_store.hpp>
#include <mcp/storage/sqlite/sqlite_store.hpp>
#include <mcp/storage/sqlite/sqlite_test_files.hpp>
#include <mcp/storage/testing/store_contract.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>

#include <sqlite3.h>

#include <filesystem>
#include <limits>

namespace mcp::storage {
namespace {

using testing::full_record;
using testing::run;
using testing::sequences;

using seqs = std::vector<std::uint64_t>;

error open_error(sqlite_options options) {
    auto path = options.path;
    auto opened = open_sqlite(std::move(options));
    EXPECT_FALSE(opened) << "opened " << path;
    return opened ? error() : opened.error();
}

void expect_mentions(error const& e, std::string const& text, errc kind = errc::unavailable) {
    EXPECT_EQ(e.code(), kind) << e.message();
    EXPECT_NE(e.message().find(text), std::string::npos) << e.message();
}

TEST(sqlite_store, SessionsSurviveClosingAndReopening) {
    auto path = sqlite_test::fresh_path();
    auto record = full_record("a");
    {
        auto s = open_sqlite({.path = path}).value().sessions;
        ASSERT_TRUE(run(s->create(testing::bare_record("a"))));
        ASSERT_TRUE(run(s->save(record)));
    }
    auto s = open_sqlite({.path = path}).value().sessions;
    auto loaded = run(s->load("a")).value();
    ASSERT_TRUE(loaded);
    EXPECT_EQ(loaded->state, record.state);
    EXPECT_EQ(loaded->client_capabilities, record.client_capabilities);
    EXPECT_EQ(loaded->subscriptions, record.subscriptions);
    EXPECT_EQ(loaded->revision, 1);
    ASSERT_TRUE(run(s->save(*loaded)));
    EXPECT_EQ(loaded->revision, 2) << "revisions go on after the restart";
}

// A follower polls after() every few hundred milliseconds: SQLite must search the stream's range of the
// index, never scan the session's events (security finding 10).
TEST(sqlite_store, AfterSearchesOnlyTheStreamsRangeOfTheIndex) {
    auto path = sqlite_test::fresh_path();
    ASSERT_TRUE(open_sqlite({.path = path}));
    sqlite_test::raw_db db(path);
    auto const plan = db.plan(detail::select_after_sql);
    EXPECT_NE(plan.find("SEARCH mcp_events USING INDEX"), std::string::npos) << plan;
    EXPECT_NE(plan.find("(session=? AND stream=? AND sequence>?)"), std::string::npos) << plan;
    EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << "the index gives the order: " << plan;
}

TEST(sqlite_store, EventsSurviveReopeningAndNumberingGoesOn) {
    auto path = sqlite_test::fresh_path();
    {
        auto e = open_sqlite({.path = path}).value().events;
        for (auto d : {"x1", "x2"})
            ASSERT_TRUE(run(e->append("s", "x", d)));
        ASSERT_TRUE(run(e->append("s", "y", "y1")));
    }
    auto e = open_sqlite({.path = path}).value().events;
    auto x = run(e->after("s", "x", 0)).value();
    ASSERT_EQ(sequences(x), (seqs{1, 2}));
    EXPECT_EQ(x[1].data, "x2");
    EXPECT_EQ(run(e->append("s", "x", "x3")).value(), 3u);
    EXPECT_EQ(run(e->append("s", "y", "y2")).value(), 2u);
    EXPECT_EQ(sequences(run(e->after("s", "x", 1)).value()), (seqs{2, 3}));
}

TEST(sqlite_store, TheBoundCountsEventsFromBeforeTheRestart) {
    auto path = sqlite_test::fresh_path();
    sqlite_options options{.path = path, .limits = {.max_events_per_session = 2}};
    {
        auto e = open_sqlite(options).value().events;
        ASSERT_TRUE(run(e->append("s", "x", "1")));
        ASSERT_TRUE(run(e->append("s", "x", "2")));
    }
    auto e = open_sqlite(options).value().events;
    ASSERT_TRUE(run(e->append("s", "x", "3")));
    EXPECT_EQ(sequences(run(e->after("s", "x", 0)).value()), (seqs{2, 3}));
}

TEST(sqlite_store, ANewFileGetsTheSchemaAndReopeningAcceptsIt) {
    auto path = sqlite_test::fresh_path();
    ASSERT_TRUE(open_sqlite({.path = path}));
    EXPECT_TRUE(std::filesystem::exists(path));
    {
        sqlite_test::raw_db raw(path);
        EXPECT_EQ(raw.integer("PRAGMA user_version"), 4);
        EXPECT_EQ(raw.integer("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                              "('mcp_sessions', 'mcp_event_sessions', 'mcp_streams', 'mcp_events', "
                              "'mcp_tasks', 'mcp_state')"),
                  6);
        EXPECT_EQ(raw.integer("SELECT journal_mode = 'wal' FROM pragma_journal_mode"), 1);
    }
    auto reopened = open_sqlite({.path = path});
    EXPECT_TRUE(reopened) << reopened.error().message();
}

// Version 4 binds sessions to the principal that created them; sessions of a version 3 file were created
// before, by no one in particular, and a save does not bind them afterwards.
TEST(sqlite_store, AVersion3FileGivesItsSessionsNoPrincipal) {
    auto path = sqlite_test::fresh_path();
    {
        auto s = open_sqlite({.path = path}).value().sessions;
        ASSERT_TRUE(run(s->create(full_record("a"))));
    }
    sqlite_test::raw_db(path).exec("ALTER TABLE mcp_sessions DROP COLUMN principal; "
                                   "PRAGMA user_version = 3"); // the layout of version 3
    auto s = open_sqlite({.path = path});
    ASSERT_TRUE(s) << s.error().message();
    EXPECT_EQ(sqlite_test::raw_db(path).integer("PRAGMA user_version"), 4);
    auto loaded = run(s->sessions->load("a")).value();
    ASSERT_TRUE(loaded) << "the session of version 3 is still there";
    EXPECT_EQ(loaded->principal, "");
    EXPECT_EQ(loaded->state, full_record("a").state);
    loaded->principal = "mallory";
    ASSERT_TRUE(run(s->sessions->save(*loaded)));
    EXPECT_EQ(run(s->sessions->load("a")).value()->principal, "") << "a save binds no one";
}

TEST(sqlite_store, AFileOfAFutureSchemaVersionIsAClearError) {
    auto path = sqlite_test::fresh_path();
    ASSERT_TRUE(open_sqlite({.path = path}));
    sqlite_test::raw_db(path).exec("PRAGMA user_version = 7");
    auto e = open_error({.path = path});
    expect_mentions(e, path, errc::schema_mismatch);
    expect_mentions(e, "schema version 7, newer than this program knows (4)", errc::schema_mismatch);
}

TEST(sqlite_store, ARowChangedByAnotherProgramIsMalformedData) {
    auto path = sqlite_test::fresh_path();
    auto s = open_sqlite({.path = path}).value().sessions;
    ASSERT_TRUE(run(s->create(testing::bare_record("a"))));
    sqlite_test::raw_db(path).exec("UPDATE mcp_sessions SET state = 'not json' WHERE id = 'a'");
    auto loaded = run(s->load("a"));
    ASSERT_FALSE(loaded);
    expect_mentions(loaded.error(), "changed by something else than this library", errc::malformed_data);
}

TEST(sqlite_store, AFileThatIsNotADatabaseIsAClearError) {
    auto path = sqlite_test::fresh_path();
    sqlite_test::write_file(path, std::string(8192, 'x'));
    auto e = open_error({.path = path});
    expect_mentions(e, path);
    expect_mentions(e, "file is not a database");
    expect_mentions(e, "move it away or choose another path");
}

TEST(sqlite_store, AMissingDirectoryIsAClearError) {
    auto path = (sqlite_test::test_dir().path() / "no-such-directory" / "x.db").string();
    auto e = open_error({.path = path});
    expect_mentions(e, path);
    expect_mentions(e, "unable to open database file");
    expect_mentions(e, "check that the directory exists");
}

TEST(sqlite_store, ADirectoryIsNotAFile) {
    auto e = open_error({.path = sqlite_test::test_dir().path().string()});
    expect_mentions(e, sqlite_test::test_dir().path().string());
}

TEST(sqlite_store, PathsThatNameNoFileAreRefused) {
    for (std::string path : {"", ":memory:", "file:x.db?mode=memory"})
        expect_mentions(open_error({.path = path}), "the path must name a file", errc::invalid_configuration);
}

TEST(sqlite_store, ZeroThreadsAreRefused) {
    expect_mentions(open_error({.path = sqlite_test::fresh_path(), .threads = 0}),
                    "threads must be at least 1", errc::invalid_configuration);
}

TEST(sqlite_store, AfterTheLargestSequencesReturnsNothing) {
    auto e = open_sqlite({.path = sqlite_test::fresh_path()}).value().events;
    ASSERT_TRUE(run(e->append("s", "x", "1")));
    EXPECT_TRUE(run(e->after("s", "x", std::numeric_limits<std::uint64_t>::max())).value().empty());
    EXPECT_TRUE(run(e->after("s", "x", std::numeric_limits<std::int64_t>::max())).value().empty());
    EXPECT_EQ(run(e->after("s", "x", 0)).value().size(), 1u);
}

TEST(sqlite_store, MegabytesOfStateAndEventDataRoundTrip) {
    auto st = open_sqlite({.path = sqlite_test::fresh_path()}).value();
    ASSERT_TRUE(run(st.sessions->create(testing::bare_record("a"))));
    auto r = *run(st.sessions->load("a")).value();
    r.state["blob"] = std::string(8'000'000, 'z');
    ASSERT_TRUE(run(st.sessions->save(r)));
    EXPECT_EQ(run(st.sessions->load("a")).value()->state, r.state);
    std::string data(5'000'000, 'd');
    ASSERT_TRUE(run(st.events->append("a", "x", data)));
    EXPECT_EQ(run(st.events->after("a", "x", 0)).value().at(0).data, data);
}

TEST(sqlite_store, AnEmptyEventRoundTrips) {
    auto e = open_sqlite({.path = sqlite_test::fresh_path()}).value().events;
    ASSERT_TRUE(run(e->append("s", "x", "")));
    auto events = run(e->after("s", "x", 0)).value();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].data, "");
}

TEST(sqlite_store, TerminateForgetsTheSessionsEvents) {
    auto st = open_sqlite({.path = sqlite_test::fresh_path()}).value();
    ASSERT_TRUE(run(st.sessions->create(testing::bare_record("a"))));
    ASSERT_TRUE(run(st.events->append("a", "x", "1")));
    ASSERT_TRUE(run(st.sessions->terminate("a")).value());
    EXPECT_TRUE(run(st.events->after("a", "x", 0)).value().empty());
}

task<result<std::uint64_t>> append_one(std::shared_ptr<event_store> events) {
    co_return co_await events->append("s", "x", "data");
}

// Finding: the operation's cancellation went into the store's threads with the job, and Asio 1.81 throws it out
// of the pool thread once the job returns: std::terminate when a request was cancelled (or the server forced
// down) while a store call ran.
TEST(sqlite_store, CancellingACallWhileItRunsOnTheStoreThreadsDoesNotEndTheProcess) {
    auto path = sqlite_test::fresh_path();
    auto events = open_sqlite({.path = path}).value().events;
    sqlite3* other = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &other), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK); // the write lock
    boost::asio::io_context io;
    boost::asio::cancellation_signal cancel;
    std::optional<result<std::uint64_t>> got;
    boost::asio::co_spawn(io, append_one(events),
                          boost::asio::bind_cancellation_slot(
                              cancel.slot(), [&](std::exception_ptr e, result<std::uint64_t> r) {
                                  if (!e)
                                      got = std::move(r);
                              }));
    io.run_for(std::chrono::milliseconds(100)); // the append now waits for the lock on a store thread
    cancel.emit(boost::asio::cancellation_type::terminal);
    io.run_for(std::chrono::milliseconds(50));
    ASSERT_EQ(sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(other);
    io.restart();
    io.run();
    ASSERT_TRUE(got) << "the call completes";
    EXPECT_TRUE(*got) << got->error().message();
}

} // namespace
} // namespace mcp::storage
