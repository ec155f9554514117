// Credentials, region and endpoint from the environment (a map stands in for the process environment).
#include <mcp/aws/credentials.hpp>

#include <gtest/gtest.h>

#include <map>

namespace {

using namespace mcp::aws;

environment from(std::map<std::string, std::string> vars) {
    return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
        auto it = vars.find(std::string(name));
        return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
}

TEST(Credentials, ReadsKeysAndSessionToken) {
    auto c = credentials_from_environment(from(
        {{"AWS_ACCESS_KEY_ID", "AKID"}, {"AWS_SECRET_ACCESS_KEY", "secret"}, {"AWS_SESSION_TOKEN", "token"}}));
    ASSERT_TRUE(c);
    EXPECT_EQ(c->access_key_id, "AKID");
    EXPECT_EQ(c->secret_access_key, "secret");
    EXPECT_EQ(c->session_token, "token");
}

TEST(Credentials, SessionTokenIsOptional) {
    auto c = credentials_from_environment(from({{"AWS_ACCESS_KEY_ID", "AKID"}, {"AWS_SECRET_ACCESS_KEY", "s"}}));
    ASSERT_TRUE(c);
    EXPECT_TRUE(c->session_token.empty());
}

TEST(Credentials, MissingSecretIsNamedNeverShown) {
    auto c = credentials_from_environment(from({{"AWS_ACCESS_KEY_ID", "AKIDVISIBLE"}, {"AWS_SECRET_ACCESS_KEY", ""}}));
    ASSERT_FALSE(c);
    EXPECT_NE(c.error().message().find("AWS_SECRET_ACCESS_KEY"), std::string::npos);
    EXPECT_EQ(c.error().message().find("AKIDVISIBLE"), std::string::npos);
}

TEST(Credentials, MissingKeyIdIsNamed) {
    auto c = credentials_from_environment(from({{"AWS_SECRET_ACCESS_KEY", "s"}}));
    ASSERT_FALSE(c);
    EXPECT_NE(c.error().message().find("AWS_ACCESS_KEY_ID"), std::string::npos);
}

TEST(Credentials, RegionPrefersAwsRegion) {
    EXPECT_EQ(*region_from_environment(from({{"AWS_REGION", "eu-west-1"}, {"AWS_DEFAULT_REGION", "us-east-1"}})),
              "eu-west-1");
    EXPECT_EQ(*region_from_environment(from({{"AWS_REGION", ""}, {"AWS_DEFAULT_REGION", "us-east-1"}})),
              "us-east-1");
    EXPECT_FALSE(region_from_environment(from({})));
}

TEST(Credentials, EndpointPrefersTheServiceVariable) {
    auto env = from({{"AWS_ENDPOINT_URL_DYNAMODB", "http://localhost:8000"}, {"AWS_ENDPOINT_URL", "http://x"}});
    EXPECT_EQ(endpoint_from_environment("DYNAMODB", env), "http://localhost:8000");
    EXPECT_EQ(endpoint_from_environment("DYNAMODB", from({{"AWS_ENDPOINT_URL", "http://x"}})), "http://x");
    EXPECT_EQ(endpoint_from_environment("DYNAMODB", from({})), std::nullopt);
}

TEST(Credentials, RedactedShowsNoSecret) {
    credentials const c{.access_key_id = "AKIAIOSFODNN7EXAMPLE",
                        .secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                        .session_token = "tok"};
    auto const text = redacted(c);
    EXPECT_EQ(text, "AKIA************MPLE (with session token)");
    EXPECT_EQ(redacted({.access_key_id = "short"}), "***** (no session token)");
}

} // namespace
