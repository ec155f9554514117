// Store configuration from the environment: every variable, its default, and the errors for values it cannot
// use.
#include <mcp/storage/open.hpp>

#include <gtest/gtest.h>

#include <map>

namespace {

using namespace mcp::storage;

mcp::environment env(std::map<std::string, std::string, std::less<>> vars) {
    return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
        auto it = vars.find(name);
        if (it == vars.end())
            return std::nullopt;
        return it->second;
    };
}

TEST(store_config, DefaultsToBoundedMemory) {
    auto c = store_config_from_environment(env({}));
    ASSERT_TRUE(c);
    EXPECT_EQ(c->backend, backend::memory);
    EXPECT_EQ(c->limits.max_sessions, 10'000u);
    EXPECT_EQ(c->limits.ttl, std::chrono::hours(1));
    EXPECT_EQ(c->limits.max_events_per_session, 1'000u);
    EXPECT_EQ(describe(*c), "memory");
}

TEST(store_config, ReadsLimits) {
    auto c = store_config_from_environment(
        env({{"MCP_SESSION_TTL", "90"}, {"MCP_MAX_SESSIONS", "0"}, {"MCP_MAX_EVENTS_PER_SESSION", "50"}}));
    ASSERT_TRUE(c);
    EXPECT_EQ(c->limits.ttl, std::chrono::seconds(90));
    EXPECT_EQ(c->limits.max_sessions, 0u);
    EXPECT_EQ(c->limits.max_events_per_session, 50u);
}

TEST(store_config, ReadsSqlite) {
    auto c = store_config_from_environment(
        env({{"MCP_STORE", "sqlite"}, {"MCP_SQLITE_PATH", "/var/lib/mcp/s.db"}}));
    ASSERT_TRUE(c);
    EXPECT_EQ(c->backend, backend::sqlite);
    EXPECT_EQ(c->sqlite.path, "/var/lib/mcp/s.db");
    EXPECT_EQ(describe(*c), "sqlite:/var/lib/mcp/s.db");
}

TEST(store_config, ReadsPostgres) {
    auto c = store_config_from_environment(env({{"MCP_STORE", "postgres"},
                                                {"MCP_POSTGRES_URL", "postgresql://u:secret@db/mcp"},
                                                {"MCP_POSTGRES_TABLE_PREFIX", "app_"},
                                                {"MCP_POSTGRES_POOL_SIZE", "8"},
                                                {"MCP_POSTGRES_SCHEMA", "verify"}}));
    ASSERT_TRUE(c);
    EXPECT_EQ(c->postgres.connection, "postgresql://u:secret@db/mcp");
    EXPECT_EQ(c->postgres.table_prefix, "app_");
    EXPECT_EQ(c->postgres.pool_size, 8u);
    EXPECT_EQ(c->postgres.schema, postgres_schema::verify);
    EXPECT_EQ(describe(*c).find("secret"), std::string::npos) << "never a password in logs";
}

TEST(store_config, ReadsDynamodbWithTheStandardAwsVariables) {
    auto c = store_config_from_environment(env({{"MCP_STORE", "dynamodb"},
                                                {"AWS_REGION", "eu-west-1"},
                                                {"AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"},
                                                {"AWS_SECRET_ACCESS_KEY", "very-secret"},
                                                {"AWS_SESSION_TOKEN", "token"},
                                                {"AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000"},
                                                {"MCP_DYNAMODB_SESSIONS_TABLE", "s"},
                                                {"MCP_DYNAMODB_EVENTS_TABLE", "e"},
                                                {"MCP_DYNAMODB_CREATE_TABLES", "true"}}));
    ASSERT_TRUE(c) << c.error().message();
    EXPECT_EQ(c->dynamodb.client.region, "eu-west-1");
    EXPECT_NE(c->dynamodb.client.credentials.describe().find("with session token"), std::string::npos)
        << c->dynamodb.client.credentials.describe();
    EXPECT_EQ(c->dynamodb.client.endpoint, "http://127.0.0.1:8000");
    EXPECT_EQ(c->dynamodb.sessions_table, "s");
    EXPECT_EQ(c->dynamodb.events_table, "e");
    EXPECT_TRUE(c->dynamodb.create_tables);
    EXPECT_EQ(describe(*c).find("very-secret"), std::string::npos);
}

TEST(store_config, DynamodbStateTableComesFromItsVariable) {
    std::map<std::string, std::string, std::less<>> vars{{"MCP_STORE", "dynamodb"},
                                                         {"AWS_REGION", "r"},
                                                         {"AWS_ACCESS_KEY_ID", "a"},
                                                         {"AWS_SECRET_ACCESS_KEY", "s"}};
    auto c = store_config_from_environment(env(vars));
    ASSERT_TRUE(c) << c.error().message();
    EXPECT_EQ(c->dynamodb.state_table, "mcp-state");
    vars["MCP_DYNAMODB_STATE_TABLE"] = "app-state";
    c = store_config_from_environment(env(vars));
    ASSERT_TRUE(c) << c.error().message();
    EXPECT_EQ(c->dynamodb.state_table, "app-state");
    EXPECT_NE(describe(*c).find("app-state"), std::string::npos) << describe(*c);
}

TEST(store_config, DynamodbHasTheSessionLimitOfEveryBackend) {
    std::map<std::string, std::string, std::less<>> vars{{"MCP_STORE", "dynamodb"},
                                                         {"AWS_REGION", "r"},
                                                         {"AWS_ACCESS_KEY_ID", "a"},
                                                         {"AWS_SECRET_ACCESS_KEY", "s"}};
    EXPECT_EQ(store_config_from_environment(env(vars))->limits.max_sessions, 10'000u);
    vars["MCP_MAX_SESSIONS"] = "0";
    EXPECT_EQ(store_config_from_environment(env(vars))->limits.max_sessions, 0u);
    vars["MCP_MAX_SESSIONS"] = "500";
    EXPECT_EQ(store_config_from_environment(env(vars))->limits.max_sessions, 500u);
}

TEST(store_config, DynamodbWithoutCredentialsNamesTheVariable) {
    // Instance metadata off: nothing else would supply credentials (on, it is the chain's last source).
    auto c = store_config_from_environment(
        env({{"MCP_STORE", "dynamodb"}, {"AWS_REGION", "eu-west-1"}, {"AWS_EC2_METADATA_DISABLED", "true"}}));
    ASSERT_FALSE(c);
    EXPECT_NE(c.error().message().find("AWS_ACCESS_KEY_ID"), std::string::npos) << c.error().message();
}

TEST(store_config, OtherBackendsNeedNoAwsVariables) {
    EXPECT_TRUE(store_config_from_environment(env({{"MCP_STORE", "postgres"}})));
}

struct bad_value {
    char const* variable;
    char const* value;
    char const* expected;
};

class store_config_errors : public ::testing::TestWithParam<bad_value> {};

TEST_P(store_config_errors, NameTheVariableAndWhatItExpects) {
    auto p = GetParam();
    std::map<std::string, std::string, std::less<>> vars{{p.variable, p.value}};
    if (std::string_view(p.variable).starts_with("MCP_POSTGRES"))
        vars["MCP_STORE"] = "postgres";
    if (std::string_view(p.variable).starts_with("MCP_DYNAMODB"))
        vars.insert({{"MCP_STORE", "dynamodb"},
                     {"AWS_REGION", "r"},
                     {"AWS_ACCESS_KEY_ID", "a"},
                     {"AWS_SECRET_ACCESS_KEY", "s"}});
    auto c = store_config_from_environment(env(vars));
    ASSERT_FALSE(c) << p.variable << "=" << p.value;
    EXPECT_EQ(c.error().code(), errc::invalid_configuration);
    EXPECT_NE(c.error().message().find(std::string(p.variable) + "=" + p.value), std::string::npos)
        << c.error().message();
    EXPECT_NE(c.error().message().find(p.expected), std::string::npos) << c.error().message();
}

INSTANTIATE_TEST_SUITE_P(
    values, store_config_errors,
    ::testing::Values(bad_value{"MCP_STORE", "redis", "memory, sqlite, postgres or dynamodb"},
                      bad_value{"MCP_SESSION_TTL", "1h", "whole number"},
                      bad_value{"MCP_SESSION_TTL", "0", "above 0"},
                      bad_value{"MCP_MAX_SESSIONS", "-1", "whole number"},
                      bad_value{"MCP_MAX_EVENTS_PER_SESSION", "many", "whole number"},
                      bad_value{"MCP_POSTGRES_POOL_SIZE", "0", "at least 1"},
                      bad_value{"MCP_POSTGRES_SCHEMA", "drop", "create or verify"},
                      bad_value{"MCP_DYNAMODB_CREATE_TABLES", "maybe", "true or false"}));

} // namespace
