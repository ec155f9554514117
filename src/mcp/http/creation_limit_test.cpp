// The per-client session creation limit: pure, with the clock passed in.
#include <mcp/http/creation_limit.hpp>
#include <mcp/http/testing/exchange_harness.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcp::http;
using namespace std::chrono_literals;
using clock_type = creation_limiter::clock;

TEST(creation_limit, ABurstIsAllowedThenTheRate) {
    creation_limiter l({.sessions_per_minute = 60, .burst = 3});
    auto t = clock_type::time_point{} + 1h;
    for (int i = 0; i < 3; ++i)
        EXPECT_FALSE(l.take("a", t)) << i;
    auto wait = l.take("a", t);
    ASSERT_TRUE(wait);
    EXPECT_EQ(*wait, 1s);
    EXPECT_FALSE(l.take("b", t)) << "another client has its own bucket";
    EXPECT_FALSE(l.take("a", t + 1s)) << "one token a second";
    EXPECT_TRUE(l.take("a", t + 1s));
}

TEST(creation_limit, EmptyKeysAndAZeroRateAreNotLimited) {
    creation_limiter l({.sessions_per_minute = 60, .burst = 1});
    auto t = clock_type::time_point{} + 1h;
    for (int i = 0; i < 10; ++i)
        EXPECT_FALSE(l.take("", t));
    creation_limiter off({.sessions_per_minute = 0, .burst = 1});
    for (int i = 0; i < 10; ++i)
        EXPECT_FALSE(off.take("a", t));
}

TEST(creation_limit, AFloodOfAddressesKeepsAtMostMaxClients) {
    creation_limiter l({.sessions_per_minute = 60, .burst = 1, .max_clients = 100});
    auto t = clock_type::time_point{} + 1h;
    int refused = 0;
    for (int i = 0; i < 1000; ++i)
        refused += l.take("10.0." + std::to_string(i / 256) + "." + std::to_string(i % 256), t) ? 1 : 0;
    EXPECT_LE(l.tracked(), 100u);
    EXPECT_EQ(refused, 900) << "every tracked client is still limited: newcomers wait";
    EXPECT_FALSE(l.take("10.9.9.9", t + 2s)) << "full buckets make room again";
    EXPECT_LE(l.tracked(), 100u);
}

TEST(creation_limit, ClientsAreKeyedByAddressAndIpv6Prefix) {
    EXPECT_EQ(client_key("203.0.113.7:5000", false), "203.0.113.7");
    EXPECT_EQ(client_key("203.0.113.7", false), "203.0.113.7");
    EXPECT_EQ(client_key("[2001:db8:1:2:3:4:5:6]:443", false), "2001:db8:1:2::/64");
    EXPECT_EQ(client_key("2001:db8:1:2:ffff::1", false), "2001:db8:1:2::/64");
    EXPECT_EQ(client_key("[::ffff:203.0.113.7]:1", false), "203.0.113.7");
    EXPECT_EQ(client_key("127.0.0.1:5000", false), "");
    EXPECT_EQ(client_key("[::1]:5000", false), "");
    EXPECT_EQ(client_key("127.0.0.1:5000", true), "127.0.0.1");
    EXPECT_EQ(client_key("unknown", false), "unknown");
}

// Finding: nothing bounded how many sessions one client could create, short of the whole table.
TEST(creation_limit, AClientCreatingSessionsTooFastGets429WithRetryAfter) {
    mcp::server srv({.name = "limits", .version = "1"});
    mcp::http::testing::harness h(srv, {.session_creation = {.sessions_per_minute = 6, .burst = 2,
                                                             .limit_loopback = true}});
    auto init = R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",)"
                R"("capabilities":{},"clientInfo":{"name":"t","version":"0"}}})";
    EXPECT_EQ(h.post(init)->status, 200);
    EXPECT_EQ(h.post(init)->status, 200);
    auto refused = h.post(init);
    EXPECT_EQ(refused->status, 429);
    EXPECT_EQ(refused->response_headers.get("retry-after"), "10");
    EXPECT_EQ(refused->json().at("error").at("code"), mcp::protocol::code::rate_limited);
    EXPECT_EQ(refused->json().at("error").at("data").at("retryAfter"), 10);
    EXPECT_EQ(h.handler().live_sessions(), 2u);
}

} // namespace
