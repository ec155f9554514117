// PostgreSQL-only behaviour of open_postgres: the schema modes (create, verify), versions, what a wrong
// schema or a wrong option looks like, and the error when the server cannot be reached. Needs
// MCP_TEST_POSTGRES_URL.
#include <mcp/storage/postgres/pg_schema.hpp>
#include <mcp/storage/postgres/postgres_store.hpp>
#include <mcp/storage/postgres/testing/private_cluster.hpp>
#include <mcp/storage/postgres/testing/test_database.hpp>
#include <mcp/storage/testing/store_contract.hpp>
#include <mcp/storage/testing/task_contract.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <vector>

namespace mcp::storage::testing {
namespace {

postgres_options with_schema(postgres_options o, postgres_schema mode) {
    o.schema = mode;
    return o;
}

std::string error_of(result<stores> const& opened) {
    return opened ? std::string("(opened)") : opened.error().message();
}

TEST(postgres_schema, CreateModeMakesTheSchemaAndVerifyModeAcceptsIt) {
    auto o = fresh_postgres_options();
    ASSERT_TRUE(open_postgres(o)) << "create";
    EXPECT_EQ(query_one(o.connection, "SELECT max(version) FROM " + o.table_prefix + "schema_version"), "4");
    auto verified = open_postgres(with_schema(o, postgres_schema::verify));
    EXPECT_TRUE(verified) << error_of(verified);
}

TEST(postgres_schema, CreateModeOnAnExistingSchemaChangesNothing) {
    auto o = fresh_postgres_options();
    ASSERT_TRUE(open_postgres(o));
    auto again = open_postgres(o);
    EXPECT_TRUE(again) << error_of(again);
    EXPECT_EQ(query_one(o.connection, "SELECT count(*) FROM " + o.table_prefix + "schema_version"), "4");
}

// A database of version 3 (sessions without principal): what version 4's migration starts from.
void make_version_3(postgres_options const& o) {
    auto p = o.table_prefix;
    query_one(o.connection, "ALTER TABLE " + p + "sessions DROP COLUMN principal; DELETE FROM " + p +
                                "schema_version WHERE version = 4");
}

// A database of version 2 (no state table, no lists_seen): what version 3's migration starts from.
void make_version_2(postgres_options const& o) {
    make_version_3(o);
    auto p = o.table_prefix;
    query_one(o.connection, "DROP TABLE " + p + "state; ALTER TABLE " + p +
                                "sessions DROP COLUMN lists_seen; " + "DELETE FROM " + p +
                                "schema_version WHERE version = 3");
}

// A database of version 1 (sessions and events, no tasks): what version 2's migration starts from.
void make_version_1(postgres_options const& o) {
    make_version_2(o);
    query_one(o.connection, "DROP TABLE " + o.table_prefix + "tasks; DELETE FROM " + o.table_prefix +
                                "schema_version WHERE version = 2");
}

TEST(postgres_schema, CreateModeMigratesVersion1ToTasksKeepingTheSessions) {
    auto o = fresh_postgres_options();
    auto before = open_postgres(o);
    ASSERT_TRUE(before);
    ASSERT_TRUE(run(before->sessions->create(full_record("s1"))));
    make_version_1(o);
    auto after = open_postgres(o);
    ASSERT_TRUE(after) << error_of(after);
    EXPECT_EQ(query_one(o.connection, "SELECT max(version) FROM " + o.table_prefix + "schema_version"), "4");
    EXPECT_TRUE(run(after->sessions->load("s1")).value()) << "the migration keeps what was stored";
    ASSERT_TRUE(run(after->tasks->create(sample_task("t1", "s1"))));
    EXPECT_TRUE(run(after->tasks->get("s1", "t1")).value());
}

TEST(postgres_schema, VerifyModeOnVersion1SaysToMigrate) {
    auto o = fresh_postgres_options();
    ASSERT_TRUE(open_postgres(o));
    make_version_1(o);
    auto opened = open_postgres(with_schema(o, postgres_schema::verify));
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().code(), errc::schema_mismatch);
    EXPECT_NE(error_of(opened).find("says version 1, this build needs 4: apply the migrations"),
              std::string::npos)
        << error_of(opened);
    EXPECT_EQ(query_one(o.connection, "SELECT to_regclass('" + o.table_prefix + "tasks') IS NULL"), "t")
        << "verify mode creates nothing";
}

TEST(postgres_schema, CreateModeMigratesVersion2ToStateKeepingSessionsAndTasks) {
    auto o = fresh_postgres_options();
    auto before = open_postgres(o);
    ASSERT_TRUE(before);
    ASSERT_TRUE(run(before->sessions->create(full_record("s1"))));
    ASSERT_TRUE(run(before->tasks->create(sample_task("t1", "s1"))));
    make_version_2(o);
    auto after = open_postgres(o);
    ASSERT_TRUE(after) << error_of(after);
    EXPECT_EQ(query_one(o.connection, "SELECT max(version) FROM " + o.table_prefix + "schema_version"), "4");
    auto s1 = run(after->sessions->load("s1")).value();
    ASSERT_TRUE(s1) << "the migration keeps what was stored";
    EXPECT_EQ(s1->state, full_record("s1").state);
    EXPECT_TRUE(s1->lists_seen.empty()) << "a session stored before version 3 has seen no list";
    EXPECT_TRUE(run(after->tasks->get("s1", "t1")).value());
    s1->lists_seen = full_record("s1").lists_seen;
    ASSERT_TRUE(run(after->sessions->save(*s1)));
    EXPECT_EQ(run(after->sessions->load("s1")).value()->lists_seen, full_record("s1").lists_seen);
    state_record r{"calculator", {{"tools", "on"}}, 0};
    ASSERT_TRUE(run(after->state->save(r)));
    EXPECT_EQ(run(after->state->load("calculator")).value()->value, r.value);
}

// Version 4 binds sessions to the principal that created them; those stored before were created by no one in
// particular, and a save does not bind them afterwards.
TEST(postgres_schema, CreateModeMigratesVersion3GivingSessionsNoPrincipal) {
    auto o = fresh_postgres_options();
    auto before = open_postgres(o);
    ASSERT_TRUE(before);
    ASSERT_TRUE(run(before->sessions->create(full_record("s1"))));
    make_version_3(o);
    auto after = open_postgres(o);
    ASSERT_TRUE(after) << error_of(after);
    EXPECT_EQ(query_one(o.connection, "SELECT max(version) FROM " + o.table_prefix + "schema_version"), "4");
    auto s1 = run(after->sessions->load("s1")).value();
    ASSERT_TRUE(s1) << "the migration keeps what was stored";
    EXPECT_EQ(s1->principal, "");
    EXPECT_EQ(s1->lists_seen, full_record("s1").lists_seen);
    s1->principal = "mallory";
    ASSERT_TRUE(run(after->sessions->save(*s1)));
    EXPECT_EQ(run(after->sessions->load("s1")).value()->principal, "") << "a save binds no one";
}

TEST(postgres_schema, VerifyModeOnVersion3SaysToMigrate) {
    auto o = fresh_postgres_options();
    ASSERT_TRUE(open_postgres(o));
    make_version_3(o);
    auto opened = open_postgres(with_schema(o, postgres_schema::verify));
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().code(), errc::schema_mismatch);
    EXPECT_NE(error_of(opened).find("says version 3, this build needs 4: apply the migrations"),
              std::string::npos)
        << error_of(opened);
}

TEST(postgres_schema, VerifyModeOnVersion2SaysToMigrate) {
    auto o = fresh_postgres_options();
    ASSERT_TRUE(open_postgres(o));
    make_version_2(o);
    auto opened = open_postgres(with_schema(o, postgres_schema::verify));
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().code(), errc::schema_mismatch);
    EXPECT_NE(error_of(opened).find("says version 2, this build needs 4: apply the migrations"),
              std::string::npos)
        << error_of(opened);
    EXPECT_EQ(query_one(o.connection, "SELECT to_regclass('" + o.table_prefix + "state') IS NULL"), "t")
        << "verify mode creates nothing";
}

TEST(postgres_schema, VerifyModeOnASchemaWithoutListsSeenNamesTheColumn) {
    auto o = fresh_postgres_options();
    ASSERT_TRUE(open_postgres(o));
    query_one(o.connection, "ALTER TABLE " + o.table_prefix + "sessions DROP COLUMN lists_seen");
    auto opened = open_postgres(with_schema(o, postgres_schema::verify));
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().code(), errc::schema_mismatch);
    EXPECT_NE(error_of(opened).find("column \"lists_seen\""), std::string::npos) << error_of(opened);
}

TEST(postgres_schema, VerifyModeOnAMissingSchemaNamesTheTableAndTheFix) {
    auto o = with_schema(fresh_postgres_options(), postgres_schema::verify);
    auto opened = open_postgres(o);
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().code(), errc::schema_mismatch);
    auto message = opened.error().message();
    EXPECT_NE(message.find("table " + o.table_prefix + "schema_version is missing"), std::string::npos)
        << message;
    EXPECT_NE(message.find("schema mode create"), std::string::npos) << message;
    EXPECT_EQ(query_one(o.connection, "SELECT to_regclass('" + o.table_prefix + "schema_version') IS NULL"),
              "t")
        << "verify mode creates nothing";
}

TEST(postgres_schema, VerifyModeOnAnIncompleteSchemaNamesTheMissingTable) {
    auto o = fresh_postgres_options();
    ASSERT_TRUE(open_postgres(o));
    query_one(o.connection, "DROP TABLE " + o.table_prefix + "events");
    auto opened = open_postgres(with_schema(o, postgres_schema::verify));
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().code(), errc::schema_mismatch);
    EXPECT_NE(error_of(opened).find("table " + o.table_prefix + "events is missing"), std::string::npos)
        << error_of(opened);
}

TEST(postgres_schema, VerifyModeOnASchemaWithoutTasksOrStateNamesTheTable) {
    for (std::string table : {"tasks", "state"}) {
        auto o = fresh_postgres_options();
        ASSERT_TRUE(open_postgres(o));
        query_one(o.connection, "DROP TABLE " + o.table_prefix + table);
        auto opened = open_postgres(with_schema(o, postgres_schema::verify));
        ASSERT_FALSE(opened);
        EXPECT_EQ(opened.error().code(), errc::schema_mismatch);
        EXPECT_NE(error_of(opened).find("table " + o.table_prefix + table + " is missing"), std::string::npos)
            << error_of(opened);
    }
}

TEST(postgres_schema, ANewerSchemaVersionIsRefusedInBothModes) {
    auto o = fresh_postgres_options();
    ASSERT_TRUE(open_postgres(o));
    query_one(o.connection, "INSERT INTO " + o.table_prefix + "schema_version (version) VALUES (5)");
    for (auto mode : {postgres_schema::create, postgres_schema::verify}) {
        auto opened = open_postgres(with_schema(o, mode));
        ASSERT_FALSE(opened);
        EXPECT_EQ(opened.error().code(), errc::schema_mismatch);
        EXPECT_NE(error_of(opened).find("version 5, newer than this build's 4"), std::string::npos)
            << error_of(opened);
    }
}

TEST(postgres_schema, ATableThatDoesNotMatchIsRefusedNamingTheStatement) {
    auto o = fresh_postgres_options();
    ASSERT_TRUE(open_postgres(o));
    query_one(o.connection, "ALTER TABLE " + o.table_prefix + "sessions RENAME COLUMN state TO other");
    auto opened = open_postgres(with_schema(o, postgres_schema::verify));
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().code(), errc::schema_mismatch);
    EXPECT_NE(error_of(opened).find("do not match statement mcp_"), std::string::npos) << error_of(opened);
    EXPECT_NE(error_of(opened).find("column \"state\" of relation"), std::string::npos) << error_of(opened);
}

TEST(postgres_schema, TheSchemaSqlMakesASchemaThatVerifyModeAccepts) {
    auto o = fresh_postgres_options();
    query_one(o.connection, postgres_schema_sql(o.table_prefix));
    auto opened = open_postgres(with_schema(o, postgres_schema::verify));
    EXPECT_TRUE(opened) << error_of(opened);
}

TEST(postgres_schema, TheDocsShowTheSchemaSqlOfThisBuild) {
    std::ifstream in(MCP_SOURCE_DIR "/docs/storage-postgres.md");
    ASSERT_TRUE(in) << "docs/storage-postgres.md";
    std::stringstream docs;
    docs << in.rdbuf();
    EXPECT_NE(docs.str().find(postgres_schema_sql("mcp_")), std::string::npos)
        << "docs/storage-postgres.md must quote postgres_schema_sql(\"mcp_\") exactly:\n"
        << postgres_schema_sql("mcp_");
}

// A follower polls after() every few hundred milliseconds: it must be a range of the (session, stream,
// sequence) index, never a scan of the session's events (security finding 10). Sequential and bitmap scans
// are turned off so that the plan shows whether such an index exists, whatever the table's size.
TEST(postgres_schema, AfterIsARangeOfTheStreamIndex) {
    auto o = fresh_postgres_options();
    ASSERT_TRUE(open_postgres(o));
    auto const after = detail::make_statements(o.table_prefix).events_after.sql;
    auto const plan =
        query_one(o.connection, "SET enable_seqscan = off; SET enable_bitmapscan = off; "
                                "PREPARE follow (text, text, bigint) AS " +
                                    after + "; EXPLAIN (FORMAT JSON) EXECUTE follow('s', 'listen', 5)");
    EXPECT_NE(plan.find(R"("Node Type": "Index Scan")"), std::string::npos) << plan;
    EXPECT_NE(plan.find(R"("Index Name": ")" + o.table_prefix + R"(events_pkey")"), std::string::npos)
        << plan;
    EXPECT_NE(plan.find("(sequence > '5'::bigint)"), std::string::npos)
        << "the range is in the index: " << plan;
    EXPECT_EQ(plan.find(R"("Node Type": "Sort")"), std::string::npos)
        << "the index gives the order: " << plan;
}

TEST(postgres_schema, AnInvalidTablePrefixIsRefusedBeforeConnecting) {
    for (std::string prefix :
         std::vector<std::string>{"bad-prefix", "1starts_with_digit", "quote'", std::string(41, 'a')}) {
        auto opened = open_postgres({.connection = "postgresql://127.0.0.1:1/none", .table_prefix = prefix});
        ASSERT_FALSE(opened) << prefix;
        EXPECT_EQ(opened.error().code(), errc::invalid_configuration) << prefix;
        EXPECT_NE(opened.error().message().find("table_prefix"), std::string::npos)
            << opened.error().message();
    }
}

TEST(postgres_schema, AnUnreachableServerIsNamedWithoutThePassword) {
    auto port = std::to_string(closed_port());
    auto opened =
        open_postgres({.connection = "postgresql://someone:sekret-password@127.0.0.1:" + port + "/db",
                       .connect_timeout = std::chrono::milliseconds(500)});
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().code(), errc::unavailable);
    auto message = opened.error().message();
    EXPECT_NE(message.find("127.0.0.1:" + port), std::string::npos) << message;
    EXPECT_NE(message.find("database db, user someone"), std::string::npos) << message;
    EXPECT_NE(message.find("refused"), std::string::npos) << message;
    EXPECT_EQ(message.find("sekret"), std::string::npos) << message;
}

} // namespace
} // namespace mcp::storage::testing
