// Refresh and sharing end to end: a local container endpoint issues numbered credentials, the provider's
// clock is moved past their expiration, callers run concurrently; then the DynamoDB client signs with what
// the chain gives, against dynalite and against a recording endpoint that shows each request's signature.
#include "credential_test_servers.hpp"

#include <mcp/aws/dynamodb.hpp>
#include <mcp/aws/testing/dynalite.hpp>

#include <boost/asio/thread_pool.hpp>

#include <gtest/gtest.h>

#include <future>
#include <mutex>

namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using namespace mcp::aws;
using namespace mcp::aws::testing;
using namespace std::chrono;

// A clock the tests move, for refresh_options::clock.
struct moved_clock {
    std::mutex mutex;
    seconds ahead{0};
    system_clock::time_point now() {
        std::lock_guard lock(mutex);
        return system_clock::now() + ahead;
    }
    void advance(seconds by) {
        std::lock_guard lock(mutex);
        ahead += by;
    }
};

struct container_endpoint {
    numbered_credentials issued{.prefix = "C"};
    std::atomic<bool> failing{false};
    local_http_server server{[this](recorded_request const&) {
        return failing ? canned_answer{.status = 500} : canned_answer{.body = issued.next_json()};
    }};
    moved_clock clock;

    credential_provider provider() {
        auto p =
            credentials_from_chain(env_of({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url() + "/creds"}}),
                                   {.refresh = {.clock = [this] { return clock.now(); }}});
        return p.value();
    }
};

std::string key_now(asio::io_context& io, credential_provider const& p) {
    auto c = run(io, p.get());
    return c ? c->access_key_id : "error: " + c.error().message();
}

TEST(CredentialRefresh, ExpiringCredentialsAreFetchedAgain) {
    container_endpoint ecs;
    auto p = ecs.provider();
    asio::io_context io;
    EXPECT_EQ(key_now(io, p), "ASIAC1");
    EXPECT_EQ(key_now(io, p), "ASIAC1");
    EXPECT_EQ(ecs.server.requests().size(), 1u) << "cached";
    ecs.clock.advance(seconds(3600 + 1));
    EXPECT_EQ(key_now(io, p), "ASIAC2");
    EXPECT_EQ(ecs.server.requests().size(), 2u);
}

TEST(CredentialRefresh, AFailedRefreshKeepsTheValidCredentials) {
    container_endpoint ecs;
    auto p = ecs.provider();
    asio::io_context io;
    EXPECT_EQ(key_now(io, p), "ASIAC1");
    ecs.failing = true;
    ecs.clock.advance(seconds(3600 - 60)); // one minute left: refreshed in the background, and that fails
    EXPECT_EQ(key_now(io, p), "ASIAC1");
    EXPECT_EQ(ecs.server.requests().size(), 2u) << "the refresh was tried";
    ecs.clock.advance(seconds(120)); // expired
    auto c = run(io, p.get());
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().code(), errc::unavailable);
    EXPECT_NE(c.error().message().find(ecs.server.url() + "/creds"), std::string::npos)
        << c.error().message();
}

TEST(CredentialRefresh, ConcurrentCallersCauseOneFetch) {
    container_endpoint ecs;
    auto p = ecs.provider();
    asio::thread_pool pool(4);
    std::vector<std::future<result<credentials>>> calls;
    for (int i = 0; i < 24; ++i) {
        calls.push_back(asio::co_spawn(pool, p.get(), asio::use_future));
    }
    for (auto& f : calls) {
        auto c = f.get();
        ASSERT_TRUE(c) << c.error().message();
        EXPECT_EQ(c->access_key_id, "ASIAC1");
    }
    EXPECT_EQ(ecs.server.requests().size(), 1u);
    pool.join();
}

TEST(DynamoDbCredentials, DynaliteServesACallerWithContainerCredentials) {
    container_endpoint ecs;
    dynalite server;
    auto options = server.client_options();
    options.credentials = ecs.provider();
    asio::io_context io;
    auto client = dynamodb_client::create(io.get_executor(), options).value();
    std::string const table = "credentials-" + std::to_string(::getpid());
    json::object create{
        {"TableName", table},
        {"BillingMode", "PAY_PER_REQUEST"},
        {"AttributeDefinitions", json::array{json::object{{"AttributeName", "pk"}, {"AttributeType", "S"}}}},
        {"KeySchema", json::array{json::object{{"AttributeName", "pk"}, {"KeyType", "HASH"}}}}};
    auto made = run(io, client.ensure_table(create));
    ASSERT_TRUE(made) << made.error().message();
    json::object put{{"TableName", table}, {"Item", json::object{{"pk", string_attribute("a")}}}};
    auto stored = run(io, client.call("PutItem", put));
    ASSERT_TRUE(stored) << stored.error().message();
    EXPECT_EQ(ecs.server.requests().size(), 1u) << "one fetch for every call";
}

// A DynamoDB endpoint that answers {} and keeps each request's signature.
struct recording_dynamodb {
    local_http_server server{[](recorded_request const&) {
        return canned_answer{.body = "{}", .headers = {{"Content-Type", "application/x-amz-json-1.0"}}};
    }};
};

TEST(DynamoDbCredentials, EachRequestIsSignedWithTheCurrentCredentials) {
    container_endpoint ecs;
    recording_dynamodb ddb;
    asio::io_context io;
    auto client = dynamodb_client::create(
                      io.get_executor(),
                      {.region = "us-east-1", .credentials = ecs.provider(), .endpoint = ddb.server.url()})
                      .value();
    ASSERT_TRUE(run(io, client.call("ListTables", {})));
    ecs.clock.advance(seconds(7200));
    ASSERT_TRUE(run(io, client.call("ListTables", {})));
    auto const seen = ddb.server.requests();
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_NE(seen[0].header("Authorization").find("Credential=ASIAC1/"), std::string::npos);
    EXPECT_EQ(seen[0].header("X-Amz-Security-Token"), "token-C1");
    EXPECT_NE(seen[1].header("Authorization").find("Credential=ASIAC2/"), std::string::npos)
        << seen[1].header("Authorization");
    EXPECT_EQ(seen[1].header("X-Amz-Security-Token"), "token-C2");
}

TEST(DynamoDbCredentials, NoCredentialsEndTheCallBeforeAnyRequest) {
    container_endpoint ecs;
    ecs.failing = true;
    recording_dynamodb ddb;
    asio::io_context io;
    auto client = dynamodb_client::create(
                      io.get_executor(),
                      {.region = "us-east-1", .credentials = ecs.provider(), .endpoint = ddb.server.url()})
                      .value();
    auto r = run(io, client.call("ListTables", {}));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::unavailable);
    EXPECT_TRUE(
        r.error().message().starts_with("DynamoDB ListTables: AWS credentials from the container endpoint"))
        << r.error().message();
    EXPECT_TRUE(ddb.server.requests().empty());
}

} // namespace
