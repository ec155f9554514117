// The DynamoDB client against dynalite (a DynamoDB API server from npm, run as a child process): tables,
// items, conditions, counters, pagination, the errors a store relies on, and calls from several threads at
// once. Outages and TLS are in dynamodb_outage_test.cpp.
#include "dynalite_fixture.hpp"

#include <mcp/aws/testing/dynalite.hpp>

#include <boost/asio/thread_pool.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <future>
#include <numeric>

namespace {

namespace asio = boost::asio;
namespace json = boost::json;
namespace aws = mcp::aws;
using mcp::task;
using namespace mcp::aws;
using mcp::aws::testing::key;
using mcp::aws::testing::run;

class DynamoDbClient : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server_ = new aws::testing::dynalite(); }
    static void TearDownTestSuite() {
        delete server_;
        server_ = nullptr;
    }
    void SetUp() override {
        client_.emplace(dynamodb_client::create(io_.get_executor(), server_->client_options()).value());
        table_ = aws::testing::unique_table("client");
        ASSERT_TRUE(run(io_, client_->ensure_table(aws::testing::two_key_table(table_))).value());
    }

    result<json::object> call(std::string operation, json::object request) {
        request["TableName"] = table_;
        return run(io_, client_->call(std::move(operation), std::move(request)));
    }

    static aws::testing::dynalite* server_;
    asio::io_context io_;
    std::optional<dynamodb_client> client_;
    std::string table_;
};

aws::testing::dynalite* DynamoDbClient::server_ = nullptr;

json::object item(std::string_view pk, std::int64_t sk, std::string_view text) {
    auto out = key(pk, sk);
    out["text"] = string_attribute(text);
    return out;
}

TEST_F(DynamoDbClient, EnsureTableCreatesOnlyOnce) {
    EXPECT_FALSE(run(io_, client_->ensure_table(aws::testing::two_key_table(table_))).value())
        << "the table exists: ensure_table finds it and reports that it did not create it";
    auto described = call("DescribeTable", {});
    ASSERT_TRUE(described) << described.error().message();
    EXPECT_EQ(described->at("Table").at("TableStatus"), "ACTIVE");
}

TEST_F(DynamoDbClient, PutThenGetReturnsTheItem) {
    auto stored = item("a", 1, "héllo ✓ \"quoted\"");
    stored["bytes"] = json::object{{"B", "AAEC/w=="}};
    ASSERT_TRUE(call("PutItem", {{"Item", stored}}));
    auto got = call("GetItem", {{"Key", key("a", 1)}, {"ConsistentRead", true}});
    ASSERT_TRUE(got) << got.error().message();
    EXPECT_EQ(got->at("Item").as_object(), stored);
    EXPECT_EQ(read_string(got->at("Item").as_object(), "text"), "héllo ✓ \"quoted\"");
    EXPECT_EQ(read_number(got->at("Item").as_object(), "sk"), 1);
}

TEST_F(DynamoDbClient, GetOfAMissingItemHasNoItem) {
    auto got = call("GetItem", {{"Key", key("nobody", 1)}, {"ConsistentRead", true}});
    ASSERT_TRUE(got) << got.error().message();
    EXPECT_FALSE(got->contains("Item"));
}

TEST_F(DynamoDbClient, ConditionalPutOfAnExistingKeyIsAConditionalCheckFailure) {
    json::object const put{{"Item", item("a", 1, "first")},
                           {"ConditionExpression", "attribute_not_exists(pk)"}};
    ASSERT_TRUE(call("PutItem", put));
    auto again = call(
        "PutItem", {{"Item", item("a", 1, "second")}, {"ConditionExpression", "attribute_not_exists(pk)"}});
    ASSERT_FALSE(again);
    EXPECT_TRUE(is_conditional_check_failed(again.error())) << again.error().message();
    EXPECT_EQ(again.error().code(), aws::errc::rejected) << "an answer of the service, not an outage";
    EXPECT_NE(again.error().message().find("DynamoDB PutItem: ConditionalCheckFailedException"),
              std::string::npos)
        << again.error().message();
    auto kept = call("GetItem", {{"Key", key("a", 1)}, {"ConsistentRead", true}});
    EXPECT_EQ(read_string(kept->at("Item").as_object(), "text"), "first");
}

TEST_F(DynamoDbClient, UpdateItemAddsAndReturnsTheNewValue) {
    json::object const add{{"Key", key("counter", 0)},
                           {"UpdateExpression", "ADD #n :one"},
                           {"ExpressionAttributeNames", {{"#n", "n"}}},
                           {"ExpressionAttributeValues", {{":one", number_attribute(1)}}},
                           {"ReturnValues", "UPDATED_NEW"}};
    for (std::int64_t expected = 1; expected <= 3; ++expected) {
        auto r = call("UpdateItem", add);
        ASSERT_TRUE(r) << r.error().message();
        EXPECT_EQ(read_number(r->at("Attributes").as_object(), "n"), expected);
    }
}

TEST_F(DynamoDbClient, FailedUpdateConditionChangesNothing) {
    ASSERT_TRUE(call("PutItem", {{"Item", item("a", 1, "v1")}}));
    auto r =
        call("UpdateItem", {{"Key", key("a", 1)},
                            {"UpdateExpression", "SET #t = :new"},
                            {"ConditionExpression", "#t = :expected"},
                            {"ExpressionAttributeNames", {{"#t", "text"}}},
                            {"ExpressionAttributeValues",
                             {{":new", string_attribute("v2")}, {":expected", string_attribute("not v1")}}}});
    ASSERT_FALSE(r);
    EXPECT_TRUE(is_conditional_check_failed(r.error())) << r.error().message();
    auto kept = call("GetItem", {{"Key", key("a", 1)}, {"ConsistentRead", true}});
    EXPECT_EQ(read_string(kept->at("Item").as_object(), "text"), "v1");
}

TEST_F(DynamoDbClient, QueryFollowsLastEvaluatedKeyThroughEveryPage) {
    for (int i = 1; i <= 23; ++i)
        ASSERT_TRUE(call("PutItem", {{"Item", item("p", i, std::to_string(i))}}));
    ASSERT_TRUE(call("PutItem", {{"Item", item("other", 1, "x")}}));
    std::vector<std::int64_t> seen;
    int pages = 0;
    json::object request{{"KeyConditionExpression", "pk = :p"},
                         {"ExpressionAttributeValues", {{":p", string_attribute("p")}}},
                         {"ConsistentRead", true},
                         {"Limit", 5}};
    for (;;) {
        auto page = call("Query", request);
        ASSERT_TRUE(page) << page.error().message();
        ++pages;
        for (auto const& i : page->at("Items").as_array())
            seen.push_back(read_number(i.as_object(), "sk").value());
        auto const* last = page->if_contains("LastEvaluatedKey");
        if (!last)
            break;
        request["ExclusiveStartKey"] = *last;
    }
    std::vector<std::int64_t> expected(23);
    std::iota(expected.begin(), expected.end(), 1);
    EXPECT_EQ(seen, expected) << "every item once, in key order";
    EXPECT_GE(pages, 5);
}

TEST_F(DynamoDbClient, MissingTableIsAFinalResourceNotFound) {
    auto r = run(io_, client_->call("GetItem", {{"TableName", "no-such-table"}, {"Key", key("a", 1)}}));
    ASSERT_FALSE(r);
    EXPECT_EQ(service_error_type(r.error()), "ResourceNotFoundException");
    EXPECT_EQ(r.error().code(), aws::errc::rejected);
}

// A retried ValidationException would wait an hour before its second attempt: the test would time out.
TEST_F(DynamoDbClient, ValidationExceptionIsFinalEvenWithAGenerousRetryPolicy) {
    auto options = server_->client_options();
    options.retry = {
        .max_attempts = 1000, .base_delay = std::chrono::hours(1), .max_delay = std::chrono::hours(1)};
    auto patient = dynamodb_client::create(io_.get_executor(), options).value();
    auto r =
        run(io_, patient.call("PutItem", {{"TableName", table_}, {"Item", {{"pk", string_attribute("a")}}}}));
    ASSERT_FALSE(r);
    EXPECT_EQ(service_error_type(r.error()), "ValidationException") << r.error().message();
    EXPECT_EQ(r.error().code(), aws::errc::rejected);
}

// The network fails after the service applied a write: the client sends it again, so it is applied twice.
// What dynamodb.hpp warns about, and what the stores are designed for.
TEST_F(DynamoDbClient, AnAddWhoseAnswerIsLostIsAppliedTwice) {
    json::object const add{{"Key", key("counter", 0)},
                           {"UpdateExpression", "ADD n :one"},
                           {"ExpressionAttributeValues", {{":one", number_attribute(1)}}},
                           {"ReturnValues", "UPDATED_NEW"}};
    server_->drop_next_answer("UpdateItem");
    auto r = call("UpdateItem", add);
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(read_number(r->at("Attributes").as_object(), "n"), 2) << "the lost attempt counted too";
}

TEST_F(DynamoDbClient, AConditionalPutWhoseAnswerIsLostFailsItsOwnCondition) {
    server_->drop_next_answer("PutItem");
    auto r = call("PutItem",
                  {{"Item", item("a", 1, "once")}, {"ConditionExpression", "attribute_not_exists(pk)"}});
    ASSERT_FALSE(r);
    EXPECT_TRUE(is_conditional_check_failed(r.error())) << r.error().message();
    auto stored = call("GetItem", {{"Key", key("a", 1)}, {"ConsistentRead", true}});
    EXPECT_EQ(read_string(stored->at("Item").as_object(), "text"), "once") << "the first attempt was applied";
}

task<result<std::int64_t>> add_one(dynamodb_client client, std::string table) {
    // Built before co_await: g++ 12 miscompiles initializer lists inside a co_await expression.
    json::object request{{"TableName", table},
                         {"Key", key("counter", 0)},
                         {"UpdateExpression", "ADD n :one"},
                         {"ExpressionAttributeValues", {{":one", number_attribute(1)}}},
                         {"ReturnValues", "UPDATED_NEW"}};
    auto r = co_await client.call("UpdateItem", std::move(request));
    if (!r)
        co_return r.error();
    co_return read_number(r->at("Attributes").as_object(), "n").value_or(-1);
}

TEST_F(DynamoDbClient, ConcurrentCallsFromFourThreadsAreEachAppliedOnce) {
    asio::thread_pool threads(4);
    auto shared = dynamodb_client::create(threads.get_executor(), server_->client_options()).value();
    constexpr int calls = 60;
    std::vector<std::future<result<std::int64_t>>> futures;
    for (int i = 0; i < calls; ++i)
        futures.push_back(asio::co_spawn(threads, add_one(shared, table_), asio::use_future));
    std::vector<std::int64_t> values;
    for (auto& f : futures) {
        auto r = f.get();
        ASSERT_TRUE(r) << r.error().message();
        values.push_back(*r);
    }
    threads.join();
    std::sort(values.begin(), values.end());
    std::vector<std::int64_t> expected(calls);
    std::iota(expected.begin(), expected.end(), 1);
    EXPECT_EQ(values, expected) << "each call saw its own count: none lost, none applied twice";
    EXPECT_GE(shared.pool().idle_connections(), 1u) << "connections are kept for reuse";
}

} // namespace
