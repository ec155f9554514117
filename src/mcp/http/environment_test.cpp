// The handler's settings from the environment, as mcp::run's HTTP server and the Lambda loop both read them.
#include <mcp/http/environment.hpp>

#include <gtest/gtest.h>

#include <map>

namespace {

mcp::environment env_of(std::map<std::string, std::string> vars) {
    return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
        auto it = vars.find(std::string(name));
        return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
}

TEST(HttpEnvironment, NothingSetKeepsTheSafeDefaults) {
    auto o = mcp::http::streamable_options_from_environment({}, env_of({}));
    ASSERT_TRUE(o);
    EXPECT_EQ(o->path, "/mcp");
    EXPECT_FALSE(o->cors.enabled);
    EXPECT_FALSE(o->origins.allow_any_origin);
    EXPECT_TRUE(o->origins.allowed_origins.empty());
}

// Finding (issue 17): MCP_CORS_* was read on Lambda only; mcp::run's HTTP server ignored it.
TEST(HttpEnvironment, CorsOriginsAreAllowedAndAcceptedAsOrigins) {
    auto o = mcp::http::streamable_options_from_environment(
        {}, env_of({{"MCP_CORS_ORIGINS", "https://app.example, https://admin.example"}, {"MCP_CORS_MAX_AGE", "600"},
                    {"MCP_PATH", "/rpc"}}));
    ASSERT_TRUE(o) << o.error().message();
    EXPECT_EQ(o->path, "/rpc");
    EXPECT_TRUE(o->cors.enabled);
    EXPECT_FALSE(o->cors.allow_any_origin);
    EXPECT_EQ(o->cors.max_age, std::chrono::seconds(600));
    EXPECT_EQ(o->origins.allowed_origins,
              (std::vector<std::string>{"https://app.example", "https://admin.example"}));
}

TEST(HttpEnvironment, AWrongValueIsAnErrorNamingTheVariable) {
    auto bad_age = mcp::http::streamable_options_from_environment(
        {}, env_of({{"MCP_CORS_ORIGINS", "https://app.example"}, {"MCP_CORS_MAX_AGE", "ten"}}));
    ASSERT_FALSE(bad_age);
    EXPECT_NE(bad_age.error().message().find("MCP_CORS_MAX_AGE=ten"), std::string::npos);
    auto bad_flag = mcp::http::streamable_options_from_environment(
        {}, env_of({{"MCP_CORS_ORIGINS", "*"}, {"MCP_CORS_CREDENTIALS", "yes"}}));
    ASSERT_FALSE(bad_flag);
    EXPECT_NE(bad_flag.error().message().find("MCP_CORS_CREDENTIALS=yes"), std::string::npos);
}

TEST(HttpEnvironment, TheBaseOptionsSurviveWhatTheEnvironmentDoesNotSet) {
    mcp::http::streamable_options base;
    base.path = "/custom";
    base.always_sse = true;
    auto o = mcp::http::streamable_options_from_environment(base, env_of({{"MCP_CORS_ORIGINS", "*"}}));
    ASSERT_TRUE(o);
    EXPECT_EQ(o->path, "/custom");
    EXPECT_TRUE(o->always_sse);
    EXPECT_TRUE(o->origins.allow_any_origin);
}

// Review finding: only MCP_AUTH_ISSUER or MCP_AUTH_INTROSPECTION_URL turned authorization on; a server given
// MCP_AUTH_RESOURCE and scopes but no issuer served everyone without a word. Any MCP_AUTH_* now asks for it
// (this binary does not link mcp::auth, so each is refused naming the variable and the target).
TEST(HttpEnvironment, AnyAuthorizationVariableAsksForAuthorization) {
    for (auto name : {"MCP_AUTH_RESOURCE", "MCP_AUTH_JWKS_URL", "MCP_AUTH_SCOPES", "MCP_AUTH_TOOL_SCOPES",
                      "MCP_AUTH_ISSUER", "MCP_AUTH_INTROSPECTION_URL", "MCP_AUTH_CLIENT_SECRET"}) {
        auto made = mcp::http::streamable_options_from_environment({}, env_of({{name, "x"}}));
        ASSERT_FALSE(made) << name;
        EXPECT_NE(made.error().message().find(name), std::string::npos) << made.error().message();
        EXPECT_NE(made.error().message().find("mcp::auth"), std::string::npos) << made.error().message();
    }
    EXPECT_TRUE(mcp::http::streamable_options_from_environment({}, env_of({{"MCP_AUTHX", "x"}})));
}

} // namespace
