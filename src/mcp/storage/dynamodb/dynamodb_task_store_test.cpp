// What the DynamoDB task store does beyond the task contract: its table (keys, the by_created index, TTL) and
// a clear error for a table without the index, outcomes over the item limit in parts (the loser of a race
// leaves none, and cannot touch the winner's), writes whose answer was lost, an expired id taken again from
// another session, and list() reading a page, not the session. On a dynalite child of its own.
#include "dynamodb_test_support.hpp"

#include <mcp/aws/testing/dynalite.hpp>
#include <mcp/storage/dynamodb/dynamodb_items.hpp>
#include <mcp/storage/testing/store_contract.hpp>
#include <mcp/storage/testing/task_contract.hpp>

#include <gtest/gtest.h>

#include <thread>

namespace {

namespace json = boost::json;
using namespace mcp;
using namespace mcp::storage;
using mcp::storage::testing::background;
using mcp::storage::testing::epoch_ms;
using mcp::storage::testing::sample_task;

template <class T>
T run(task<T> t) {
    return background::instance().run(std::move(t));
}

task_change finish(task_status to, std::string json) {
    return {
        .to = to, .message = "done", .outcome = task_outcome{false, std::move(json)}, .now_ms = epoch_ms()};
}

class DynamoDbTaskStore : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server_ = new aws::testing::dynalite(); }
    static void TearDownTestSuite() {
        delete server_;
        server_ = nullptr;
    }

    void SetUp() override {
        options_ = {.client = server_->client_options(),
                    .sessions_table = mcp::storage::testing::unique_name("sessions"),
                    .events_table = mcp::storage::testing::unique_name("events"),
                    .tasks_table = mcp::storage::testing::unique_name("tasks"),
                    .create_tables = true};
    }
    std::shared_ptr<task_store> open() {
        auto opened = run(open_dynamodb(background::instance().executor(), options_));
        if (!opened)
            throw std::runtime_error(opened.error().message());
        return opened->tasks;
    }
    aws::result<json::object> call(std::string operation, json::object request) const {
        auto client =
            aws::dynamodb_client::create(background::instance().executor(), server_->client_options());
        return run(client->call(std::move(operation), std::move(request)));
    }
    // Every item of a session's partition, tasks and parts.
    json::array partition(std::string const& session) const {
        auto got = call("Query", {{"TableName", options_.tasks_table},
                                  {"KeyConditionExpression", "session_id = :s"},
                                  {"ExpressionAttributeValues", {{":s", aws::string_attribute(session)}}}});
        return got ? got->at("Items").as_array() : json::array{};
    }
    static std::vector<std::string> sort_keys(json::array const& items) {
        std::vector<std::string> out;
        for (auto const& i : items)
            out.push_back(*aws::read_string(i.as_object(), "sort_key"));
        return out;
    }

    dynamodb_store_options options_;
    static aws::testing::dynalite* server_;
};

aws::testing::dynalite* DynamoDbTaskStore::server_ = nullptr;

std::string large_outcome(char fill) {
    return R"({"content":[{"type":"text","text":")" + std::string(700 * 1024, fill) + R"("}]})";
}

TEST_F(DynamoDbTaskStore, CreateTablesMakesTheTasksTableWithItsIndexAndTtl) {
    open();
    auto described = call("DescribeTable", {{"TableName", options_.tasks_table}});
    ASSERT_TRUE(described) << described.error().message();
    auto const& table = described->at("Table").as_object();
    EXPECT_EQ(table.at("BillingModeSummary").at("BillingMode"), "PAY_PER_REQUEST");
    auto const& index = table.at("LocalSecondaryIndexes").as_array().at(0).as_object();
    EXPECT_EQ(index.at("IndexName"), "by_created");
    EXPECT_EQ(index.at("KeySchema").as_array().at(1).at("AttributeName"), "list_key");
    auto ttl = call("DescribeTimeToLive", {{"TableName", options_.tasks_table}});
    ASSERT_TRUE(ttl) << ttl.error().message();
    EXPECT_EQ(ttl->at("TimeToLiveDescription").at("AttributeName"), "ttl");
}

// An index of this kind is made with its table or never: the error says to make a new table.
TEST_F(DynamoDbTaskStore, ATasksTableWithoutTheIndexIsAClearError) {
    auto definition = detail::tasks_table_definition(options_.tasks_table);
    definition.erase("LocalSecondaryIndexes");
    definition["AttributeDefinitions"].as_array().pop_back(); // list_key: declared only for the index
    ASSERT_TRUE(call("CreateTable", definition));
    auto opened = run(open_dynamodb(background::instance().executor(), options_));
    ASSERT_FALSE(opened);
    auto const message = opened.error().message();
    EXPECT_EQ(opened.error().code(), errc::schema_mismatch) << message;
    EXPECT_NE(message.find("lacks the local secondary index 'by_created'"), std::string::npos) << message;
    EXPECT_NE(message.find("create a new table"), std::string::npos) << message;
}

TEST_F(DynamoDbTaskStore, ALargeOutcomeIsStoredInPartsThatExpireWithTheTask) {
    auto s = open();
    ASSERT_TRUE(run(s->create(sample_task("t1"))));
    auto const text = large_outcome('x');
    ASSERT_TRUE(run(s->transition("s1", "t1", finish(task_status::completed, text))).value().applied);
    auto const items = partition("s1");
    ASSERT_EQ(items.size(), 4u) << "the task and 700 KB in parts of 256 KB";
    auto const keys = sort_keys(items);
    EXPECT_EQ(keys.back(), "t/t1");
    auto const task_ttl = aws::read_number(items.back().as_object(), "ttl");
    ASSERT_TRUE(task_ttl);
    EXPECT_GE(*task_ttl * 1000, *aws::read_number(items.back().as_object(), "expires_ms"));
    for (std::size_t i = 0; i + 1 < items.size(); ++i) {
        EXPECT_EQ(keys[i].rfind("o/2:t1/", 0), 0u) << keys[i];
        EXPECT_EQ(aws::read_number(items[i].as_object(), "ttl"), task_ttl) << "a part lives as its task";
    }
    EXPECT_EQ(run(s->outcome("s1", "t1")).value()->json, text);
}

TEST_F(DynamoDbTaskStore, TheLoserOfARaceOfLargeOutcomesLeavesNoPartsBehind) {
    auto s = open();
    ASSERT_TRUE(run(s->create(sample_task("t1"))));
    auto writes = mcp::storage::testing::run_concurrently<result<task_write>>(2, [&](int i) {
        return s->transition("s1", "t1", finish(task_status::completed, large_outcome(i == 0 ? 'a' : 'b')));
    });
    ASSERT_TRUE(writes[0] && writes[1]);
    ASSERT_NE(writes[0]->applied, writes[1]->applied);
    auto const winner = writes[0]->applied ? 'a' : 'b';
    EXPECT_EQ(run(s->outcome("s1", "t1")).value()->json, large_outcome(winner));
    EXPECT_EQ(partition("s1").size(), 4u) << "the winner's three parts and the task";
}

// The network fails after DynamoDB applied the write; the client sends it again and the retry fails its own
// condition. The write token tells the store that what it finds is its own write.
TEST_F(DynamoDbTaskStore, ATransitionWhoseAnswerWasLostIsApplied) {
    auto s = open();
    ASSERT_TRUE(run(s->create(sample_task("t1"))));
    server_->drop_next_answer("UpdateItem");
    auto w = run(s->transition("s1", "t1", finish(task_status::completed, "{}")));
    ASSERT_TRUE(w) << w.error().message();
    EXPECT_TRUE(w->applied);
    ASSERT_TRUE(w->current);
    EXPECT_EQ(w->current->revision, 1) << "applied once";
}

TEST_F(DynamoDbTaskStore, ACreateWhoseClaimAnswerWasLostSucceeds) {
    auto s = open();
    server_->drop_next_answer("PutItem"); // the id's claim, the first write of create()
    auto created = run(s->create(sample_task("t1")));
    ASSERT_TRUE(created) << created.error().message();
    EXPECT_TRUE(run(s->get("s1", "t1")).value());
}

TEST_F(DynamoDbTaskStore, AnExpiredTaskStillStoredIsGoneAndItsIdFreeInAnySession) {
    auto s = open();
    auto t = sample_task("t1");
    t.ttl_ms = 100;
    ASSERT_TRUE(run(s->create(t)));
    ASSERT_TRUE(run(s->transition("s1", "t1", finish(task_status::completed, "{}"))).value().applied);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_EQ(partition("s1").size(), 1u) << "dynalite never deletes expired items";
    EXPECT_FALSE(run(s->get("s1", "t1")).value());
    auto again = run(s->create(sample_task("t1", "s2")));
    ASSERT_TRUE(again) << again.error().message();
    EXPECT_TRUE(run(s->get("s2", "t1")).value());
    EXPECT_EQ(run(s->create(sample_task("t1", "s1"))).error().code(), errc::conflict) << "s2's is live";
}

// tasks/list reads a page (and one task more, to know whether there is a next), not the session.
TEST_F(DynamoDbTaskStore, ListReadsOnlyThePage) {
    auto s = open();
    for (int i = 0; i < 20; ++i)
        ASSERT_TRUE(run(s->create(sample_task("t" + std::to_string(i)))));
    auto const before = server_->items_read();
    auto page = run(s->list("s1", std::nullopt, 3)).value();
    EXPECT_EQ(page.tasks.size(), 3u);
    EXPECT_TRUE(page.next);
    EXPECT_EQ(server_->items_read() - before, 4u);
}

} // namespace
