// The Origin/Host policy and the CORS policy: pure checks, and the handler refusing a policy it must not serve.
#include <mcp/http/cors.hpp>
#include <mcp/http/origin.hpp>
#include <mcp/http/streamable.hpp>

#include <boost/asio/io_context.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcp::http;

// Finding: a server bound to ::1 left the Host check off (the bare address was read as host:port).
TEST(origin, LoopbackBindAddressesTurnTheHostCheckOn) {
    for (auto a : {"127.0.0.1", "127.0.0.2", "::1", "0:0:0:0:0:0:0:1", "[::1]", "localhost"})
        EXPECT_TRUE(is_loopback_address(a)) << a;
    for (auto a : {"0.0.0.0", "::", "10.0.0.1", "::2", "fe80::1", "example.com"})
        EXPECT_FALSE(is_loopback_address(a)) << a;
}

TEST(origin, ForeignHostIsRefusedWhenTheCheckIsOn) {
    origin_policy p;
    EXPECT_TRUE(check_origin(p, std::nullopt, "attacker.example:8080"));
    EXPECT_FALSE(check_origin(p, std::nullopt, "[::1]:8080"));
    EXPECT_FALSE(check_origin(p, std::nullopt, "localhost"));
}

// Finding: any origin with credentials was accepted (and every origin echoed with credentials allowed).
TEST(cors, AnyOriginWithCredentialsIsRefused) {
    EXPECT_TRUE(cors_policy_problem({.enabled = true, .allow_any_origin = true, .allow_credentials = true}));
    EXPECT_FALSE(cors_policy_problem({.enabled = true, .allow_any_origin = true}));
    EXPECT_FALSE(cors_policy_problem(
        {.enabled = true, .allowed_origins = {"https://app.example.com"}, .allow_credentials = true}));
    mcp::server srv({.name = "cors", .version = "1"});
    boost::asio::io_context io;
    streamable_options options;
    options.cors = {.enabled = true, .allow_any_origin = true, .allow_credentials = true};
    EXPECT_THROW(streamable(srv, io.get_executor(), options), std::invalid_argument);
}

} // namespace
