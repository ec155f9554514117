#include <mcp/json/bytes.hpp>
#include <mcp/server/request_state_options.hpp>

#include <gtest/gtest.h>

#include <map>

namespace {

using mcp::request_state_options;
using mcp::request_state_options_from_environment;

mcp::environment env_of(std::map<std::string, std::string, std::less<>> vars) {
    return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
        auto it = vars.find(name);
        return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
}

std::string const key_a(32, 'a');
std::string const key_b(40, 'b');

TEST(RequestStateEnvironment, NothingSetChangesNothing) {
    auto o = request_state_options_from_environment({.keys = {key_a}}, env_of({}));
    ASSERT_TRUE(o);
    EXPECT_EQ(o->keys, std::vector<std::string>{key_a});
    EXPECT_EQ(o->ttl, std::chrono::minutes(10));
}

TEST(RequestStateEnvironment, TheKeySealsAndPreviousKeysStillOpen) {
    auto o = request_state_options_from_environment(
        {}, env_of({{"MCP_REQUEST_STATE_KEY", mcp::json::base64_encode(key_a)},
                    {"MCP_REQUEST_STATE_PREVIOUS_KEYS", " " + mcp::json::base64_encode(key_b) + " ,"},
                    {"MCP_REQUEST_STATE_TTL", "30"}}));
    ASSERT_TRUE(o) << o.error().message();
    EXPECT_EQ(o->keys, (std::vector<std::string>{key_a, key_b}));
    EXPECT_EQ(o->ttl, std::chrono::seconds(30));
}

TEST(RequestStateEnvironment, AShortOrMalformedKeyNamesTheVariableNotTheValue) {
    for (auto const& bad : {mcp::json::base64_encode("short"), std::string("not base64 !!")}) {
        auto o = request_state_options_from_environment({}, env_of({{"MCP_REQUEST_STATE_KEY", bad}}));
        ASSERT_FALSE(o);
        auto message = o.error().message();
        EXPECT_NE(message.find("MCP_REQUEST_STATE_KEY"), std::string::npos);
        EXPECT_EQ(message.find(bad), std::string::npos) << "a key never reaches a message";
    }
}

TEST(RequestStateEnvironment, PreviousKeysWithoutAKeyAndABadTtlAreErrors) {
    EXPECT_FALSE(request_state_options_from_environment(
        {}, env_of({{"MCP_REQUEST_STATE_PREVIOUS_KEYS", mcp::json::base64_encode(key_a)}})));
    EXPECT_FALSE(request_state_options_from_environment({}, env_of({{"MCP_REQUEST_STATE_TTL", "0"}})));
    EXPECT_FALSE(request_state_options_from_environment({}, env_of({{"MCP_REQUEST_STATE_TTL", "ten"}})));
}

TEST(RequestStateOptions, ShortKeysAndNonPositiveTtlAreProblems) {
    EXPECT_TRUE(mcp::request_state_options_problem({.keys = {"short"}}));
    EXPECT_TRUE(mcp::request_state_options_problem({.ttl = std::chrono::seconds(0)}));
    EXPECT_FALSE(mcp::request_state_options_problem({.keys = {key_a}}));
}

} // namespace
