// The DynamoDB client when its endpoint is down or not who it claims to be: a stopped dynalite ends in
// errc::unavailable naming the endpoint, a restarted one is used again, and HTTPS verifies the certificate (a
// trusted CA from http_pool_options::ca_file works, an unknown CA or another host name is rejected at once).
#include "dynalite_fixture.hpp"
#include "throwaway_pki.hpp"

#include <mcp/aws/testing/dynalite.hpp>

#include <gtest/gtest.h>

#include <filesystem>

namespace {

namespace asio = boost::asio;
namespace json = boost::json;
namespace aws = mcp::aws;
using mcp::task;
using namespace mcp::aws;
using mcp::aws::testing::key;
using mcp::aws::testing::run;

json::object get_request(std::string const& table) {
    return {{"TableName", table}, {"Key", key("a", 1)}, {"ConsistentRead", true}};
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

TEST(DynamoDbClientOutage, StoppedServerEndsInUnavailableNamingTheEndpoint) {
    aws::testing::dynalite server;
    asio::io_context io;
    auto client = dynamodb_client::create(io.get_executor(), server.client_options()).value();
    std::string const table = aws::testing::unique_table("outage");
    ASSERT_TRUE(run(io, client.ensure_table(aws::testing::two_key_table(table))));
    ASSERT_TRUE(run(io, client.call("GetItem", get_request(table))))
        << "a kept-alive connection to the server";
    server.stop();
    auto r = run(io, client.call("GetItem", get_request(table)));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), aws::errc::unavailable);
    EXPECT_NE(r.error().message().find(server.endpoint()), std::string::npos) << r.error().message();
    EXPECT_NE(r.error().message().find("GetItem"), std::string::npos) << r.error().message();
    EXPECT_NE(r.error().message().find("after 3 attempts"), std::string::npos)
        << "client_options() allows 3 attempts: " << r.error().message();
    EXPECT_TRUE(service_error_type(r.error()).empty()) << "no answer, so no service error type";
}

TEST(DynamoDbClientOutage, RecoversWhenTheServerRestarts) {
    temp_directory data;
    ASSERT_FALSE(data.path.empty());
    aws::testing::dynalite server({.path = data.path});
    asio::io_context io;
    auto client = dynamodb_client::create(io.get_executor(), server.client_options()).value();
    std::string const table = aws::testing::unique_table("restart");
    ASSERT_TRUE(run(io, client.ensure_table(aws::testing::two_key_table(table))));
    auto stored = key("a", 1);
    stored["text"] = string_attribute("kept");
    ASSERT_TRUE(run(io, client.call("PutItem", {{"TableName", table}, {"Item", stored}})));

    server.stop();
    EXPECT_EQ(run(io, client.call("GetItem", get_request(table))).error().code(), aws::errc::unavailable);
    server.start();
    auto got = run(io, client.call("GetItem", get_request(table)));
    ASSERT_TRUE(got) << got.error().message();
    EXPECT_EQ(read_string(got->at("Item").as_object(), "text"), "kept")
        << "the same data, on the same endpoint";
}

// dynalite serving HTTPS with a certificate from a throwaway CA.
class DynamoDbClientTls : public ::testing::Test {
protected:
    result<json::object> list_tables(std::string ca_file, aws::testing::dynalite const& server) {
        auto options = server.client_options();
        options.http.ca_file = std::move(ca_file);
        // A retried rejection would wait an hour: a test that ends shows the rejection is final.
        options.retry = {
            .max_attempts = 100, .base_delay = std::chrono::hours(1), .max_delay = std::chrono::hours(1)};
        auto client = dynamodb_client::create(io_.get_executor(), options);
        if (!client)
            return client.error();
        return run(io_, client->call("ListTables", {}));
    }
    asio::io_context io_;
};

TEST_F(DynamoDbClientTls, CertificateFromATrustedCaIsAccepted) {
    aws::testing::throwaway_pki pki({"IP:127.0.0.1", "DNS:localhost"});
    aws::testing::dynalite server({.cert_file = pki.cert_file, .key_file = pki.key_file});
    ASSERT_TRUE(server.endpoint().starts_with("https://"));
    auto r = list_tables(pki.ca_file, server);
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_TRUE(r->contains("TableNames"));
}

TEST_F(DynamoDbClientTls, CertificateFromAnUnknownCaIsRejectedWithoutRetrying) {
    aws::testing::throwaway_pki pki({"IP:127.0.0.1", "DNS:localhost"});
    aws::testing::dynalite server({.cert_file = pki.cert_file, .key_file = pki.key_file});
    auto r = list_tables("", server);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), aws::errc::unavailable);
    EXPECT_NE(r.error().message().find("certificate rejected"), std::string::npos) << r.error().message();
    EXPECT_NE(r.error().message().find("after 1 attempt"), std::string::npos) << r.error().message();
}

TEST_F(DynamoDbClientTls, CertificateForAnotherHostIsRejected) {
    aws::testing::throwaway_pki pki({"DNS:dynamodb.example.com"});
    aws::testing::dynalite server({.cert_file = pki.cert_file, .key_file = pki.key_file});
    auto r = list_tables(pki.ca_file, server);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), aws::errc::unavailable);
    EXPECT_NE(r.error().message().find("certificate rejected"), std::string::npos) << r.error().message();
}

TEST_F(DynamoDbClientTls, UnreadableCaFileIsAClearErrorAtCreation) {
    dynamodb_options options{.region = "us-east-1",
                             .credentials = aws::credentials{.access_key_id = "AKIDTEST", .secret_access_key = "secret"},
                             .endpoint = "https://127.0.0.1:1"};
    options.http.ca_file = "/nonexistent/ca.pem";
    auto client = dynamodb_client::create(io_.get_executor(), options);
    ASSERT_FALSE(client);
    EXPECT_NE(client.error().message().find("/nonexistent/ca.pem"), std::string::npos)
        << client.error().message();
}

} // namespace
