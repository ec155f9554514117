// Endpoint URLs: parsing, the Host header, and plain HTTP only for local hosts.
#include <mcp/aws/endpoint.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcp::aws;

TEST(Endpoint, HttpsDefaultsToPort443) {
    auto e = parse_endpoint("https://dynamodb.eu-west-1.amazonaws.com");
    ASSERT_TRUE(e);
    EXPECT_TRUE(e->tls);
    EXPECT_EQ(e->host, "dynamodb.eu-west-1.amazonaws.com");
    EXPECT_EQ(e->port, "443");
    EXPECT_EQ(e->path, "/");
    EXPECT_EQ(e->host_header, "dynamodb.eu-west-1.amazonaws.com");
    EXPECT_EQ(e->url(), "https://dynamodb.eu-west-1.amazonaws.com/");
}

TEST(Endpoint, ExplicitPortGoesInTheHostHeader) {
    auto e = parse_endpoint("http://127.0.0.1:8000/");
    ASSERT_TRUE(e);
    EXPECT_FALSE(e->tls);
    EXPECT_EQ(e->port, "8000");
    EXPECT_EQ(e->host_header, "127.0.0.1:8000");
}

TEST(Endpoint, Ipv6LiteralsAreBracketedOnlyInTheHostHeader) {
    auto e = parse_endpoint("http://[::1]:4567");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->host, "::1");
    EXPECT_EQ(e->host_header, "[::1]:4567");
}

TEST(Endpoint, KeepsAPathPrefix) {
    auto e = parse_endpoint("https://proxy.example.com/dynamodb");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->path, "/dynamodb");
}

// Boost.URL 1.81 reads this host as 127.0.0.1 (and ".evil.example/x" as the path): refused, not local.
TEST(Endpoint, AnAddressFollowedByMoreOfAHostNameIsRefused) {
    EXPECT_FALSE(parse_endpoint("http://127.0.0.1.evil.example/x"));
    EXPECT_FALSE(parse_endpoint("https://127.0.0.1.evil.example"));
}

TEST(Endpoint, PlainHttpOnlyForLocalHosts) {
    EXPECT_TRUE(parse_endpoint("http://localhost:4567"));
    EXPECT_TRUE(parse_endpoint("http://LOCALHOST.:4567"));
    EXPECT_TRUE(parse_endpoint("http://127.1.2.3:4567"));
    auto remote = parse_endpoint("http://dynamodb.us-east-1.amazonaws.com");
    ASSERT_FALSE(remote);
    EXPECT_NE(remote.error().message().find("plain HTTP"), std::string::npos);
    EXPECT_FALSE(parse_endpoint("http://10.0.0.1:8000"));
    EXPECT_FALSE(parse_endpoint("http://localhost.example.com"));
}

TEST(Endpoint, RejectsWhatIsNotAnEndpoint) {
    EXPECT_FALSE(parse_endpoint("dynamodb.us-east-1.amazonaws.com"));
    EXPECT_FALSE(parse_endpoint("ftp://localhost"));
    EXPECT_FALSE(parse_endpoint("https://user:pw@host"));
    EXPECT_FALSE(parse_endpoint("https://host/?q=1"));
    EXPECT_FALSE(parse_endpoint("https://host:0"));
    EXPECT_FALSE(parse_endpoint("https://host:99999"));
    EXPECT_FALSE(parse_endpoint(""));
}

TEST(Endpoint, LocalHosts) {
    EXPECT_TRUE(is_local_host("localhost"));
    EXPECT_TRUE(is_local_host("127.0.0.1"));
    EXPECT_TRUE(is_local_host("127.255.0.9"));
    EXPECT_TRUE(is_local_host("::1"));
    EXPECT_TRUE(is_local_host("[::1]"));
    EXPECT_FALSE(is_local_host("128.0.0.1"));
    EXPECT_FALSE(is_local_host("::2"));
    EXPECT_FALSE(is_local_host("example.com"));
}

TEST(Endpoint, DefaultDynamodbEndpoints) {
    EXPECT_EQ(default_dynamodb_endpoint("us-east-1"), "https://dynamodb.us-east-1.amazonaws.com");
    EXPECT_EQ(default_dynamodb_endpoint("cn-north-1"), "https://dynamodb.cn-north-1.amazonaws.com.cn");
}

} // namespace
