// What the DynamoDB state store does beyond the state contract: a writer process killed mid-save leaves a
// whole document, the state table at open (created keyed by `key`, without TTL; missing: an error that names
// it and the command that creates it), a stored value that is not an object, and a save whose answer was
// lost. On the shared dynalite of scripts/services, except where a fault needs a dynalite child of its own.
#include "dynamodb_test_support.hpp"

#include <mcp/aws/testing/dynalite.hpp>
#include <mcp/storage/testing/killed_writer.hpp>

#include <gtest/gtest.h>

namespace {

namespace json = boost::json;
using namespace mcp;
using namespace mcp::storage;
using mcp::storage::testing::background;

template <class T>
T run(task<T> t) {
    return background::instance().run(std::move(t));
}

result<stores> try_open(dynamodb_store_options const& o) {
    return run(open_dynamodb(background::instance().executor(), o));
}

stores open_stores(dynamodb_store_options const& o) {
    auto opened = try_open(o);
    if (!opened)
        throw std::runtime_error(opened.error().message());
    return *opened;
}

aws::result<json::object> call(aws::dynamodb_options const& client, std::string operation,
                               json::object request) {
    auto c = aws::dynamodb_client::create(background::instance().executor(), client);
    return run(c->call(std::move(operation), std::move(request)));
}

// A document whose fields all follow from `n`, at sizes from 1 KB to 64 KB: a save cut short would show as
// fields that disagree.
json::object document(std::int64_t n) {
    auto const size = static_cast<std::size_t>(1024 + (n * 7919) % (63 * 1024));
    return {
        {"n", n}, {"copy", n}, {"size", size}, {"text", std::string(size, static_cast<char>('a' + n % 26))}};
}

bool consistent(json::object const& value) {
    auto const* n = value.if_contains("n");
    return n && n->is_int64() && value == document(n->as_int64());
}

// The child: saves new documents one after another until the parent kills it.
[[noreturn]] void save_until_killed(std::shared_ptr<state_store> store) {
    for (;;) {
        auto loaded = run(store->load("killed"));
        if (!loaded || !*loaded)
            std::abort(); // the parent sees a writer that ended by itself
        auto r = std::move(**loaded);
        r.value = document(r.value.at("n").as_int64() + 1);
        (void)run(store->save(r));
    }
}

TEST(dynamodb_state, AKilledWriterLeavesAConsistentDocument) {
    if (mcp::storage::testing::in_killed_writer()) {
        auto options = mcp::storage::testing::tables_named(mcp::storage::testing::killed_writer_argument());
        options.create_tables = false;
        save_until_killed(open_stores(options).state);
    }
    auto const prefix = mcp::storage::testing::unique_name("mcp-killed");
    auto options = mcp::storage::testing::tables_named(prefix);
    mcp::storage::testing::shared_tables->add(options);
    auto store = open_stores(options).state;
    state_record start{"killed", document(0), 0};
    ASSERT_TRUE(run(store->save(start)));
    mcp::storage::testing::run_killed_writer(prefix, std::chrono::milliseconds(300), [&] {
        auto now = run(store->load("killed"));
        return now && *now && (*now)->revision > 2;
    });
    auto got = run(store->load("killed"));
    ASSERT_TRUE(got && *got) << (got ? "no document" : got.error().message());
    EXPECT_TRUE(consistent((*got)->value))
        << "a torn document: " << json::serialize((*got)->value).substr(0, 200);
    EXPECT_GT((*got)->revision, 1) << "the writer saved nothing before it was killed";
    auto r = std::move(**got);
    auto const revision = r.revision;
    r.value = document(r.value.at("n").as_int64() + 1);
    auto saved = run(store->save(r));
    ASSERT_TRUE(saved) << saved.error().message();
    EXPECT_EQ(run(store->load("killed")).value()->revision, revision + 1);
}

// An existing deployment that manages its tables meets this at its first start after the upgrade: the message
// must say which table, and how to make it.
TEST(dynamodb_state, AMissingStateTableIsAClearErrorNamingTheCommand) {
    auto options = mcp::storage::testing::fresh_tables("mcp-missing");
    open_stores(options);
    ASSERT_TRUE(call(options.client, "DeleteTable", {{"TableName", options.state_table}}));
    options.create_tables = false;
    auto opened = try_open(options);
    ASSERT_FALSE(opened);
    auto const message = opened.error().message();
    EXPECT_EQ(opened.error().code(), errc::schema_mismatch) << message;
    EXPECT_NE(message.find("'" + options.state_table + "' does not exist"), std::string::npos) << message;
    EXPECT_NE(message.find("aws dynamodb create-table --table-name " + options.state_table +
                           " --billing-mode PAY_PER_REQUEST --attribute-definitions AttributeName=key,"
                           "AttributeType=S --key-schema AttributeName=key,KeyType=HASH"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("create_tables"), std::string::npos) << message;
}

TEST(dynamodb_state, AStoredValueThatIsNotAnObjectIsMalformedData) {
    auto options = mcp::storage::testing::fresh_tables("mcp-malformed");
    auto store = open_stores(options).state;
    json::object item{{"key", aws::string_attribute("calculator")},
                      {"value", aws::string_attribute("[1,2]")},
                      {"revision", aws::number_attribute(1)}};
    ASSERT_TRUE(call(options.client, "PutItem", {{"TableName", options.state_table}, {"Item", item}}));
    auto loaded = run(store->load("calculator"));
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().code(), errc::malformed_data);
    EXPECT_NE(loaded.error().message().find("'calculator'"), std::string::npos) << loaded.error().message();
}

// Faults the shared dynalite cannot make, and the TTL operations plain dynalite lacks: a child of its own.
class DynamoDbStateStore : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server_ = new aws::testing::dynalite(); }
    static void TearDownTestSuite() {
        delete server_;
        server_ = nullptr;
    }
    static dynamodb_store_options options() {
        auto const prefix = mcp::storage::testing::unique_name("own");
        return {.client = server_->client_options(),
                .sessions_table = prefix + "-sessions",
                .events_table = prefix + "-events",
                .tasks_table = prefix + "-tasks",
                .state_table = prefix + "-state",
                .create_tables = true};
    }

    static aws::testing::dynalite* server_;
};

aws::testing::dynalite* DynamoDbStateStore::server_ = nullptr;

TEST_F(DynamoDbStateStore, CreateTablesMakesTheStateTableKeyedByKeyWithoutTtl) {
    auto const o = options();
    open_stores(o);
    auto described = call(o.client, "DescribeTable", {{"TableName", o.state_table}});
    ASSERT_TRUE(described) << described.error().message();
    auto const& table = described->at("Table").as_object();
    EXPECT_EQ(table.at("BillingModeSummary").at("BillingMode"), "PAY_PER_REQUEST");
    EXPECT_EQ(table.at("KeySchema"), json::parse(R"([{"AttributeName":"key","KeyType":"HASH"}])"));
    auto ttl = call(o.client, "DescribeTimeToLive", {{"TableName", o.state_table}});
    ASSERT_TRUE(ttl) << ttl.error().message();
    EXPECT_EQ(ttl->at("TimeToLiveDescription").at("TimeToLiveStatus"), "DISABLED")
        << "server state never expires";
}

// The network fails after DynamoDB applied the PutItem; the client sends it again and the retry fails its own
// condition. The write token shows the item found is this save's.
TEST_F(DynamoDbStateStore, ASaveWhoseAnswerWasLostSucceedsOnce) {
    auto store = open_stores(options()).state;
    state_record r{"calculator", {{"tools", "a"}}, 0};
    ASSERT_TRUE(run(store->save(r)));
    r.value["tools"] = "b";
    server_->drop_next_answer("PutItem");
    auto saved = run(store->save(r));
    ASSERT_TRUE(saved) << saved.error().message();
    EXPECT_EQ(r.revision, 2);
    auto got = run(store->load("calculator")).value();
    EXPECT_EQ(got->revision, 2) << "applied once";
    EXPECT_EQ(got->value.at("tools"), "b");
}

} // namespace
