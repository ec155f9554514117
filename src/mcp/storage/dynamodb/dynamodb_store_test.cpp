// What the DynamoDB stores do beyond the shared contract: table creation (on-demand, TTL on `ttl`), clear
// errors for missing or mismatched tables and for items over 400 KB, the TTL attribute in epoch seconds,
// expiry of items dynalite keeps, the cleanup of forget(), and an outage of a real dynalite that is stopped
// and started again. Each suite runs dynalite children of its own (aws::testing::dynalite).
#include "dynamodb_test_support.hpp"

#include <mcp/aws/testing/dynalite.hpp>
#include <mcp/storage/testing/store_contract.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

namespace {

namespace json = boost::json;
using namespace mcp;
using namespace mcp::storage;
using mcp::storage::testing::background;

template <class T>
T run(task<T> t) {
    return background::instance().run(std::move(t));
}

session_record record_of(std::string id) {
    session_record r;
    r.id = std::move(id);
    r.protocol_version = "2025-11-25";
    return r;
}

class DynamoDbStore : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server_ = new aws::testing::dynalite(); }
    static void TearDownTestSuite() {
        delete server_;
        server_ = nullptr;
    }

    dynamodb_store_options options(store_limits limits = {.max_sessions = 0}) const {
        return {.client = server_->client_options(),
                .sessions_table = mcp::storage::testing::unique_name("sessions"),
                .events_table = mcp::storage::testing::unique_name("events"),
                .tasks_table = mcp::storage::testing::unique_name("tasks"),
                .state_table = mcp::storage::testing::unique_name("state"),
                .create_tables = true,
                .limits = limits};
    }
    stores open(dynamodb_store_options const& o) {
        auto opened = run(open_dynamodb(background::instance().executor(), o));
        if (!opened)
            throw std::runtime_error(opened.error().message());
        return *opened;
    }
    // The raw client, to look at the items themselves.
    aws::result<json::object> call(std::string operation, json::object request) const {
        auto client =
            aws::dynamodb_client::create(background::instance().executor(), server_->client_options());
        return run(client->call(std::move(operation), std::move(request)));
    }
    json::object session_item(std::string const& table, std::string const& id) const {
        auto got = call("GetItem", {{"TableName", table}, {"Key", {{"id", aws::string_attribute(id)}}}});
        auto const* item = got ? got->if_contains("Item") : nullptr;
        return item ? item->as_object() : json::object{};
    }
    json::array partition(std::string const& table, std::string const& session) const {
        auto got = call("Query", {{"TableName", table},
                                  {"KeyConditionExpression", "session_id = :s"},
                                  {"ExpressionAttributeValues", {{":s", aws::string_attribute(session)}}}});
        return got ? got->at("Items").as_array() : json::array{};
    }

    static aws::testing::dynalite* server_;
};

aws::testing::dynalite* DynamoDbStore::server_ = nullptr;

std::int64_t epoch_seconds() {
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

TEST_F(DynamoDbStore, CreateTablesMakesOnDemandTablesWithTtlOnTheTtlAttribute) {
    auto o = options();
    open(o);
    for (auto const& table : {o.sessions_table, o.events_table, o.tasks_table}) {
        auto described = call("DescribeTable", {{"TableName", table}});
        ASSERT_TRUE(described) << described.error().message();
        EXPECT_EQ(described->at("Table").at("BillingModeSummary").at("BillingMode"), "PAY_PER_REQUEST")
            << table;
        auto ttl = call("DescribeTimeToLive", {{"TableName", table}});
        ASSERT_TRUE(ttl) << ttl.error().message();
        EXPECT_EQ(ttl->at("TimeToLiveDescription").at("TimeToLiveStatus"), "ENABLED") << table;
        EXPECT_EQ(ttl->at("TimeToLiveDescription").at("AttributeName"), "ttl") << table;
    }
}

TEST_F(DynamoDbStore, OpeningExistingTablesAgainSucceeds) {
    auto o = options();
    open(o);
    EXPECT_NO_THROW(open(o)) << "tables and TTL already there: nothing to do, no error";
    o.create_tables = false;
    EXPECT_NO_THROW(open(o));
}

TEST_F(DynamoDbStore, MissingTableWithoutCreateTablesIsAClearError) {
    auto o = options();
    o.create_tables = false;
    auto opened = run(open_dynamodb(background::instance().executor(), o));
    ASSERT_FALSE(opened);
    auto const message = opened.error().message(); // error() returns a copy
    EXPECT_EQ(opened.error().code(), errc::schema_mismatch) << message;
    EXPECT_NE(message.find("'" + o.sessions_table + "' does not exist"), std::string::npos) << message;
    EXPECT_NE(message.find("create_tables"), std::string::npos) << message;
    EXPECT_NE(message.find(server_->endpoint()), std::string::npos) << message;
}

TEST_F(DynamoDbStore, TableWithOtherKeysIsAClearError) {
    auto o = options();
    json::object other{
        {"TableName", o.sessions_table},
        {"BillingMode", "PAY_PER_REQUEST"},
        {"AttributeDefinitions", json::array{{{"AttributeName", "pk"}, {"AttributeType", "S"}}}},
        {"KeySchema", json::array{{{"AttributeName", "pk"}, {"KeyType", "HASH"}}}}};
    ASSERT_TRUE(call("CreateTable", other));
    auto opened = run(open_dynamodb(background::instance().executor(), o));
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().code(), errc::schema_mismatch) << opened.error().message();
    EXPECT_NE(opened.error().message().find("has the keys pk (S, HASH); the MCP store needs id (S, HASH)"),
              std::string::npos)
        << opened.error().message();
}

// Events tables made before events were keyed by stream cannot serve this version: opening one says what to
// do.
TEST_F(DynamoDbStore, AnEventsTableOfTheFirstLayoutIsAClearErrorSayingWhatToDo) {
    auto o = options();
    json::object first_layout{
        {"TableName", o.events_table},
        {"BillingMode", "PAY_PER_REQUEST"},
        {"AttributeDefinitions", json::array{{{"AttributeName", "session_id"}, {"AttributeType", "S"}},
                                             {{"AttributeName", "entry"}, {"AttributeType", "S"}}}},
        {"KeySchema", json::array{{{"AttributeName", "session_id"}, {"KeyType", "HASH"}},
                                  {{"AttributeName", "entry"}, {"KeyType", "RANGE"}}}}};
    ASSERT_TRUE(call("CreateTable", first_layout));
    auto opened = run(open_dynamodb(background::instance().executor(), o));
    ASSERT_FALSE(opened);
    auto const message = opened.error().message();
    EXPECT_EQ(opened.error().code(), errc::schema_mismatch) << message;
    EXPECT_NE(message.find("'" + o.events_table + "' holds events in the layout of an earlier version"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("create a new events table"), std::string::npos) << message;
}

TEST_F(DynamoDbStore, UnreachableEndpointAtOpenIsStoreUnavailable) {
    aws::testing::dynalite stopped;
    stopped.stop(); // its port refuses connections now
    auto o = options();
    o.client.endpoint = stopped.endpoint();
    o.client.retry = {.max_attempts = 2, .base_delay = std::chrono::milliseconds(1)};
    auto opened = run(open_dynamodb(background::instance().executor(), o));
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().code(), errc::unavailable) << opened.error().message();
    EXPECT_NE(opened.error().message().find(stopped.endpoint()), std::string::npos)
        << opened.error().message();
}

TEST_F(DynamoDbStore, OversizedSessionRecordIsAClearErrorAndWritesNothing) {
    auto o = options();
    auto s = open(o).sessions;
    auto big = record_of("big");
    big.state["blob"] = std::string(450 * 1024, 'x');
    auto created = run(s->create(big));
    ASSERT_FALSE(created);
    EXPECT_EQ(created.error().code(), errc::rejected) << created.error().message();
    EXPECT_NE(created.error().message().find("400 KB"), std::string::npos) << created.error().message();
    EXPECT_FALSE(run(s->load("big")).value());

    ASSERT_TRUE(run(s->create(record_of("a"))));
    auto r = *run(s->load("a")).value();
    r.state["blob"] = std::string(450 * 1024, 'x');
    auto saved = run(s->save(r));
    ASSERT_FALSE(saved);
    EXPECT_EQ(saved.error().code(), errc::rejected) << saved.error().message();
    EXPECT_NE(saved.error().message().find("400 KB"), std::string::npos) << saved.error().message();
    EXPECT_EQ(r.revision, 0);
    EXPECT_TRUE(run(s->load("a")).value()->state.empty()) << "the stored record is unchanged";
}

TEST_F(DynamoDbStore, OversizedEventIsAClearErrorAndLeavesNoGap) {
    auto e = open(options()).events;
    auto big = run(e->append("s", "a", std::string(450 * 1024, 'x')));
    ASSERT_FALSE(big);
    EXPECT_EQ(big.error().code(), errc::rejected) << big.error().message();
    EXPECT_NE(big.error().message().find("400 KB"), std::string::npos) << big.error().message();
    EXPECT_EQ(run(e->append("s", "a", "small")).value(), 1u) << "the refused event took no number";
}

TEST_F(DynamoDbStore, SessionItemsCarryTheTtlAttributeInEpochSeconds) {
    auto o = options({.max_sessions = 0, .ttl = std::chrono::minutes(30)});
    auto s = open(o).sessions;
    auto const before = epoch_seconds();
    ASSERT_TRUE(run(s->create(record_of("a"))));
    auto const after = epoch_seconds();
    auto item = session_item(o.sessions_table, "a");
    auto const ttl = aws::read_number(item, "ttl");
    ASSERT_TRUE(ttl) << json::serialize(item);
    EXPECT_GE(*ttl, before + 30 * 60);
    EXPECT_LE(*ttl, after + 30 * 60 + 1);
    EXPECT_EQ(*ttl, (*aws::read_number(item, "expires_ms") + 999) / 1000) << "the same instant, in seconds";
}

TEST_F(DynamoDbStore, EventItemsAndCountersCarryTheTtlAttributeInEpochSeconds) {
    auto o = options();
    auto e = open(o).events;
    auto const before = epoch_seconds();
    ASSERT_TRUE(run(e->append("s", "a", "1")));
    auto const items = partition(o.events_table, "s");
    ASSERT_EQ(items.size(), 4u) << "the session's counter, the stream's counter, the event, its order entry";
    for (auto const& i : items) {
        auto const ttl = aws::read_number(i.as_object(), "ttl");
        ASSERT_TRUE(ttl) << json::serialize(i);
        EXPECT_GE(*ttl, before + 7 * 24 * 3600) << "kept a week after the last write: " << json::serialize(i);
        EXPECT_LE(*ttl, epoch_seconds() + 7 * 24 * 3600 + 1);
    }
}

TEST_F(DynamoDbStore, AnExpiredSessionStillStoredIsGone) {
    auto o = options({.max_sessions = 0, .ttl = std::chrono::milliseconds(300)});
    auto s = open(o).sessions;
    ASSERT_TRUE(run(s->create(record_of("a"))));
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    EXPECT_FALSE(session_item(o.sessions_table, "a").empty()) << "dynalite never deletes expired items";
    EXPECT_FALSE(run(s->load("a")).value());
    EXPECT_FALSE(run(s->terminate("a")).value());
}

TEST_F(DynamoDbStore, ALoadRightAfterASaveDoesNotWriteTheExpiryAgain) {
    auto o = options({.max_sessions = 0, .ttl = std::chrono::hours(1)});
    auto s = open(o).sessions;
    ASSERT_TRUE(run(s->create(record_of("a"))));
    auto const written = aws::read_number(session_item(o.sessions_table, "a"), "expires_ms");
    ASSERT_TRUE(run(s->load("a")).value());
    EXPECT_EQ(aws::read_number(session_item(o.sessions_table, "a"), "expires_ms"), written)
        << "within min(ttl / 10, 1 min) of the last write, a load only reads";
}

// The network fails after DynamoDB applied the write; the client sends it again and the retry fails its own
// condition. The write token tells the store that the write it finds is its own.
TEST_F(DynamoDbStore, ACreateWhoseAnswerWasLostSucceeds) {
    auto s = open(options()).sessions;
    server_->drop_next_answer("PutItem");
    auto created = run(s->create(record_of("a")));
    ASSERT_TRUE(created) << created.error().message();
    EXPECT_TRUE(run(s->load("a")).value());
}

TEST_F(DynamoDbStore, ASaveWhoseAnswerWasLostSucceedsOnce) {
    auto s = open(options()).sessions;
    ASSERT_TRUE(run(s->create(record_of("a"))));
    auto r = *run(s->load("a")).value();
    r.log_level = "info";
    server_->drop_next_answer("UpdateItem"); // a save updates the item in place (it keeps the principal)
    auto saved = run(s->save(r));
    ASSERT_TRUE(saved) << saved.error().message();
    EXPECT_EQ(r.revision, 1);
    auto stored = *run(s->load("a")).value();
    EXPECT_EQ(stored.revision, 1) << "applied once";
    EXPECT_EQ(stored.log_level, "info");
}

TEST_F(DynamoDbStore, ForgetDeletesCountersAndEventsBeyondOneBatch) {
    auto o = options();
    auto e = open(o).events;
    for (int i = 0; i < 40; ++i)
        ASSERT_TRUE(run(e->append("s", "stream" + std::to_string(i % 3), std::to_string(i))));
    ASSERT_EQ(partition(o.events_table, "s").size(), 84u)
        << "40 events and their order entries, 3 stream counters, 1 session counter";
    ASSERT_TRUE(run(e->forget("s")));
    EXPECT_TRUE(partition(o.events_table, "s").empty());
    EXPECT_EQ(run(e->append("s", "stream0", "again")).value(), 1u) << "a forgotten session starts over";
}

TEST_F(DynamoDbStore, AfterReadsEveryPageOfAStreamOverOneMegabyte) {
    auto e = open(options()).events;
    for (int i = 0; i < 5; ++i)
        ASSERT_TRUE(run(e->append("s", "a", std::string(300'000, static_cast<char>('a' + i)))));
    auto events = run(e->after("s", "a", 0)).value();
    ASSERT_EQ(events.size(), 5u) << "Query pages stop at 1 MB";
    EXPECT_EQ(events[4].data, std::string(300'000, 'e'));
}

// A GET following one stream, and the reply poller, read the store every few hundred milliseconds. Each read
// must cost what the stream holds after the last event seen, not what the session holds: the events of a
// session's other streams are never read (security finding 10: a Query of the whole session per poll).
TEST_F(DynamoDbStore, FollowingOneStreamReadsOnlyItsNewEvents) {
    auto e = open(options()).events;
    ASSERT_EQ(run(e->append("s", "followed", "f1")).value(), 1u);
    for (int i = 0; i < 300; ++i)
        ASSERT_TRUE(run(e->append("s", "other" + std::to_string(i % 3), "x")));
    auto const idle = server_->items_read();
    for (int poll = 0; poll < 10; ++poll)
        ASSERT_TRUE(run(e->after("s", "followed", 1)).value().empty());
    EXPECT_EQ(server_->items_read() - idle, 0u) << "10 polls of an idle stream read no item";

    ASSERT_EQ(run(e->append("s", "followed", "f2")).value(), 2u);
    auto const busy = server_->items_read();
    auto events = run(e->after("s", "followed", 1)).value();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].data, "f2");
    EXPECT_EQ(server_->items_read() - busy, 1u) << "a poll reads the stream's new event and nothing else";
    auto const replay = server_->items_read();
    EXPECT_EQ(run(e->after("s", "followed", 0)).value().size(), 2u);
    EXPECT_EQ(server_->items_read() - replay, 2u) << "a replay reads the stream's events only";
}

TEST_F(DynamoDbStore, ZeroMaxEventsMeansNoBound) {
    auto e = open(options({.max_sessions = 0, .max_events_per_session = 0})).events;
    for (int i = 0; i < 5; ++i)
        ASSERT_TRUE(run(e->append("s", "a", std::to_string(i))));
    EXPECT_EQ(run(e->after("s", "a", 0)).value().size(), 5u);
}

// Security finding 6: the session limit is a conditional ADD on one counter item, so concurrent creates on
// any number of processes never take more places than there are (a count followed by a put would let them all
// in).
TEST_F(DynamoDbStore, ConcurrentCreatesNeverOvershootTheSessionLimit) {
    auto s = open(options({.max_sessions = 5})).sessions;
    auto results = mcp::storage::testing::run_concurrently<result<>>(
        16, [&](int i) { return s->create(record_of("c" + std::to_string(i))); });
    int created = 0;
    for (auto const& r : results) {
        if (r)
            ++created;
        else
            EXPECT_EQ(r.error().code(), errc::session_limit) << r.error().message();
    }
    EXPECT_EQ(created, 5);
}

// Counting is one write per create: the table is read only when the counter says full (and on the first
// create, which counts the sessions already there).
TEST_F(DynamoDbStore, CreatingSessionsUnderTheLimitReadsNoSession) {
    auto s = open(options({.max_sessions = 100})).sessions;
    ASSERT_TRUE(run(s->create(record_of("first"))));
    auto const before = server_->items_read();
    for (int i = 0; i < 20; ++i)
        ASSERT_TRUE(run(s->create(record_of("s" + std::to_string(i)))));
    EXPECT_EQ(server_->items_read() - before, 0u) << "no Scan per create";
}

// DynamoDB's TTL deletes expired items on its own, unseen by the stores, and a process may die between a
// create's two writes: the counter then says more than there are. When it says full, a recount corrects it.
TEST_F(DynamoDbStore, APlaceLeftTakenIsFreedByTheRecountWhenTheCounterSaysFull) {
    auto o = options({.max_sessions = 1, .ttl = std::chrono::milliseconds(500)}); // recounts 50 ms apart
    auto s = open(o).sessions;
    ASSERT_TRUE(run(s->create(record_of("a"))));
    ASSERT_TRUE(
        call("DeleteItem", {{"TableName", o.sessions_table}, {"Key", {{"id", aws::string_attribute("a")}}}}))
        << "as DynamoDB's TTL would";
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto created = run(s->create(record_of("b")));
    EXPECT_TRUE(created) << created.error().message();
    auto third = run(s->create(record_of("c")));
    ASSERT_FALSE(third);
    EXPECT_EQ(third.error().code(), errc::session_limit) << "b is counted";
}

TEST_F(DynamoDbStore, TheSessionCounterIsNoSession) {
    auto o = options({.max_sessions = 3});
    auto s = open(o).sessions;
    ASSERT_TRUE(run(s->create(record_of("a"))));
    EXPECT_FALSE(run(s->load("#live-sessions")).value());
    EXPECT_FALSE(run(s->terminate("#live-sessions")).value());
    EXPECT_FALSE(run(s->create(record_of("#live-sessions"))));
    auto const counter = session_item(o.sessions_table, "#live-sessions");
    EXPECT_EQ(aws::read_number(counter, "count"), 1) << json::serialize(counter);
}

struct temp_directory {
    temp_directory() {
        std::string pattern = (std::filesystem::temp_directory_path() / "mcp-dynalite-XXXXXX").string();
        path = ::mkdtemp(pattern.data()) ? pattern : "";
    }
    ~temp_directory() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
    std::string path;
};

TEST(DynamoDbStoreOutage, StoppedDynaliteIsStoreUnavailableUntilItIsBack) {
    temp_directory data;
    aws::testing::dynalite server({.path = data.path});
    dynamodb_store_options o{.client = server.client_options(),
                             .sessions_table = "outage-sessions",
                             .events_table = "outage-events",
                             .create_tables = true};
    auto opened = run(open_dynamodb(background::instance().executor(), o));
    ASSERT_TRUE(opened) << opened.error().message();
    auto sessions = opened->sessions;
    auto events = opened->events;
    ASSERT_TRUE(run(sessions->create(record_of("a"))));
    ASSERT_EQ(run(events->append("a", "x", "before")).value(), 1u);

    server.stop();
    auto load = run(sessions->load("a"));
    ASSERT_FALSE(load);
    EXPECT_EQ(load.error().code(), errc::unavailable) << load.error().message();
    EXPECT_NE(load.error().message().find(server.endpoint()), std::string::npos) << load.error().message();
    auto append = run(events->append("a", "x", "during"));
    ASSERT_FALSE(append);
    EXPECT_EQ(append.error().code(), errc::unavailable) << append.error().message();

    server.start();
    auto back = run(sessions->load("a"));
    ASSERT_TRUE(back) << back.error().message();
    ASSERT_TRUE(*back) << "the session survived the outage";
    auto const next = run(events->append("a", "x", "after"));
    ASSERT_TRUE(next) << next.error().message();
    auto replay = run(events->after("a", "x", 0)).value();
    ASSERT_FALSE(replay.empty());
    EXPECT_EQ(replay.front().data, "before");
    EXPECT_EQ(replay.back().data, "after");
}

} // namespace
