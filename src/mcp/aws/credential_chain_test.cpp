// The chain's choice of a source from the environment (no fetch: describe() says which), and its
// configuration errors.
#include "credential_test_servers.hpp"

#include <gtest/gtest.h>

namespace {

using namespace mcp::aws;
using mcp::aws::testing::env_of;
using mcp::aws::testing::temp_file;

std::string chosen(std::map<std::string, std::string> vars) {
    auto p = credentials_from_chain(env_of(std::move(vars)));
    return p ? p->describe() : "error: " + p.error().message();
}

std::map<std::string, std::string> const keys{{"AWS_ACCESS_KEY_ID", "AKIAENVEXAMPLE"},
                                              {"AWS_SECRET_ACCESS_KEY", "s"}};
std::map<std::string, std::string> const web_identity{{"AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/token"},
                                                      {"AWS_ROLE_ARN", "arn:aws:iam::1:role/web"}};
std::map<std::string, std::string> const container{
    {"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/x"}};

std::map<std::string, std::string> merged(std::initializer_list<std::map<std::string, std::string>> parts) {
    std::map<std::string, std::string> out;
    for (auto const& p : parts) {
        out.insert(p.begin(), p.end());
    }
    return out;
}

TEST(CredentialChain, EnvironmentKeysComeFirst) {
    EXPECT_TRUE(chosen(merged({keys, web_identity, container})).starts_with("environment variables, AKIA"))
        << chosen(merged({keys, web_identity, container}));
}

TEST(CredentialChain, WebIdentityComesBeforeTheContainer) {
    EXPECT_EQ(chosen(merged({web_identity, container})),
              "STS AssumeRoleWithWebIdentity (role arn:aws:iam::1:role/web)");
}

TEST(CredentialChain, TheContainerComesBeforeInstanceMetadata) {
    EXPECT_EQ(chosen(container), "the container endpoint http://169.254.170.2/v2/credentials/x");
}

TEST(CredentialChain, RelativeUriWinsOverFullUri) {
    auto vars = container;
    vars["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://127.0.0.1:9/full";
    EXPECT_EQ(chosen(vars), "the container endpoint http://169.254.170.2/v2/credentials/x");
}

TEST(CredentialChain, InstanceMetadataIsTheLastResort) {
    EXPECT_EQ(chosen({}), "EC2 instance metadata at http://169.254.169.254");
    EXPECT_EQ(chosen({{"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6"}}),
              "EC2 instance metadata at http://[fd00:ec2::254]");
    EXPECT_EQ(chosen({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9"}}),
              "EC2 instance metadata at http://127.0.0.1:9");
}

TEST(CredentialChain, MetadataDisabledAndNothingElseListsEveryWay) {
    auto p = credentials_from_chain(env_of({{"AWS_EC2_METADATA_DISABLED", "TRUE"}}));
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().code(), errc::missing_configuration);
    for (auto name : {"AWS_ACCESS_KEY_ID", "AWS_WEB_IDENTITY_TOKEN_FILE",
                      "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_EC2_METADATA_DISABLED"}) {
        EXPECT_NE(p.error().message().find(name), std::string::npos) << p.error().message();
    }
}

TEST(CredentialChain, APartialConfigurationNamesTheMissingVariable) {
    auto half_keys = credentials_from_chain(env_of({{"AWS_ACCESS_KEY_ID", "AKIDVISIBLE"}}));
    ASSERT_FALSE(half_keys);
    EXPECT_NE(half_keys.error().message().find("AWS_SECRET_ACCESS_KEY"), std::string::npos);
    auto no_role = credentials_from_chain(env_of({{"AWS_WEB_IDENTITY_TOKEN_FILE", "/t"}}));
    ASSERT_FALSE(no_role);
    EXPECT_EQ(no_role.error().code(), errc::missing_configuration);
    EXPECT_NE(no_role.error().message().find("AWS_ROLE_ARN"), std::string::npos);
}

TEST(CredentialChain, FullUriOverPlainHttpToAnotherHostIsRefused) {
    for (auto url : {"http://169.254.169.254/creds", "http://example.com/creds", "http://10.0.0.5:8080/c",
                     "ftp://127.0.0.1/c", "not a url"}) {
        auto p = credentials_from_chain(env_of({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", url}}));
        ASSERT_FALSE(p) << url;
        EXPECT_EQ(p.error().code(), errc::invalid_configuration) << url;
        EXPECT_NE(p.error().message().find("AWS_CONTAINER_CREDENTIALS_FULL_URI"), std::string::npos)
            << p.error().message();
    }
    for (auto url : {"https://creds.example.com/c", "http://169.254.170.23/v1/credentials",
                     "http://[fd00:ec2::23]/v1/credentials", "http://localhost:8080/c?a=1"}) {
        EXPECT_TRUE(credentials_from_chain(env_of({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", url}}))) << url;
    }
}

TEST(CredentialChain, StsEndpointComesFromTheRegionOrTheOverrides) {
    temp_file const token("jwt");
    auto vars = web_identity;
    vars["AWS_WEB_IDENTITY_TOKEN_FILE"] = token.path;
    vars["AWS_ENDPOINT_URL_STS"] = "http://10.1.1.1"; // plain http to a host that is not local
    auto refused = credentials_from_chain(env_of(vars));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code(), errc::invalid_configuration);
    EXPECT_NE(refused.error().message().find("http://10.1.1.1"), std::string::npos)
        << refused.error().message();
}

TEST(CredentialChain, BadMetadataSettingsNameTheVariable) {
    auto p = credentials_from_chain(env_of({{"AWS_METADATA_SERVICE_NUM_ATTEMPTS", "0"}}));
    ASSERT_FALSE(p);
    EXPECT_NE(p.error().message().find("AWS_METADATA_SERVICE_NUM_ATTEMPTS=0"), std::string::npos);
    auto q = credentials_from_chain(env_of({{"AWS_METADATA_SERVICE_TIMEOUT", "1s"}}));
    ASSERT_FALSE(q);
    EXPECT_NE(q.error().message().find("AWS_METADATA_SERVICE_TIMEOUT"), std::string::npos);
}

} // namespace
