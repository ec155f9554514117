// Configuration of the Lambda front door from the environment.
#include <mcp/lambda/runtime.hpp>

#include <gtest/gtest.h>

#include <map>

namespace {

mcp::lambda::environment env_of(std::map<std::string, std::string> vars) {
    return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
        auto it = vars.find(std::string(name));
        return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
}

// Finding: MCP_CORS_ORIGINS=* with MCP_CORS_CREDENTIALS=true was accepted.
TEST(LambdaConfig, AnyOriginWithCredentialsIsRefusedWithAReason) {
    auto refused = mcp::lambda::cors_from_environment(
        env_of({{"MCP_CORS_ORIGINS", "*"}, {"MCP_CORS_CREDENTIALS", "true"}}));
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message().find("MCP_CORS_CREDENTIALS"), std::string::npos) << refused.error().message();
    auto listed = mcp::lambda::cors_from_environment(
        env_of({{"MCP_CORS_ORIGINS", "https://a.example, https://b.example"}, {"MCP_CORS_CREDENTIALS", "true"}}));
    ASSERT_TRUE(listed);
    EXPECT_TRUE(listed->allow_credentials);
    EXPECT_EQ(listed->allowed_origins.size(), 2u);
    auto any = mcp::lambda::cors_from_environment(env_of({{"MCP_CORS_ORIGINS", "*"}}));
    ASSERT_TRUE(any);
    EXPECT_TRUE(any->allow_any_origin);
}

TEST(LambdaConfig, ProductionRefusesToServeWhenItsSettingsAreRefused) {
    auto o = mcp::lambda::production(env_of({{"MCP_CORS_ORIGINS", "*"}, {"MCP_CORS_CREDENTIALS", "true"}}));
    EXPECT_FALSE(o.mcp.cors.enabled);
    EXPECT_NE(o.configuration_error.find("MCP_CORS_CREDENTIALS"), std::string::npos) << o.configuration_error;
}

// Review finding: an MCP_AUTH_* setting that failed was logged ("CORS stays off") and the function served
// without authorization. This binary does not link mcp::auth, the simplest such failure.
TEST(LambdaConfig, AnAuthorizationSettingThatCannotBeHonouredIsAnInitError) {
    auto o = mcp::lambda::production(env_of({{"MCP_AUTH_ISSUER", "https://as.example"}}));
    EXPECT_FALSE(o.mcp.access);
    EXPECT_NE(o.configuration_error.find("mcp::auth"), std::string::npos) << o.configuration_error;
}

TEST(LambdaConfig, ProductionWithGoodSettingsHasNoConfigurationError) {
    auto o = mcp::lambda::production(env_of({{"MCP_CORS_ORIGINS", "https://a.example"}}));
    EXPECT_TRUE(o.configuration_error.empty()) << o.configuration_error;
}

} // namespace
