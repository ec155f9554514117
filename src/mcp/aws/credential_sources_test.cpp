// Each credential source end to end, through credentials_from_chain, against local servers that speak as STS,
// the container endpoint and IMDSv2 (credential_test_servers.hpp): what is sent, what is read, and every way
// an answer can fail.
#include "credential_test_servers.hpp"

#include <boost/asio/thread_pool.hpp>

#include <gtest/gtest.h>

#include <future>

namespace {

namespace asio = boost::asio;
using namespace mcp::aws;
using namespace mcp::aws::testing;
using namespace std::chrono;

result<credentials> fetch_once(std::map<std::string, std::string> vars, credential_chain_options o = {}) {
    auto p = credentials_from_chain(env_of(std::move(vars)), std::move(o));
    if (!p) {
        return p.error();
    }
    asio::io_context io;
    return run(io, p->get());
}

std::string form_field(std::string const& body, std::string const& name) {
    auto at = body.find(name + "=");
    return at == std::string::npos
               ? ""
               : body.substr(at + name.size() + 1, body.find('&', at) - at - name.size() - 1);
}

TEST(WebIdentitySource, AssumesTheRoleWithTheTokenFromTheFile) {
    numbered_credentials issued{.prefix = "STS"};
    local_http_server sts([&](recorded_request const& r) -> canned_answer {
        if (r.method != "POST" || form_field(r.body, "Action") != "AssumeRoleWithWebIdentity") {
            return {.status = 400};
        }
        return {.body = issued.next_sts_xml()};
    });
    temp_file const token("eyJhbGciOi.jwt-payload.sig\n");
    auto c = fetch_once({{"AWS_WEB_IDENTITY_TOKEN_FILE", token.path},
                         {"AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/mcp"},
                         {"AWS_ROLE_SESSION_NAME", "session-1"},
                         {"AWS_ENDPOINT_URL_STS", sts.url()}});
    ASSERT_TRUE(c) << c.error().message();
    EXPECT_EQ(c->access_key_id, "ASIASTS1");
    EXPECT_EQ(c->session_token, "token-STS1");
    EXPECT_TRUE(c->expiration);
    auto const sent = sts.requests().at(0);
    EXPECT_EQ(form_field(sent.body, "RoleArn"), "arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fmcp");
    EXPECT_EQ(form_field(sent.body, "RoleSessionName"), "session-1");
    EXPECT_EQ(form_field(sent.body, "WebIdentityToken"), "eyJhbGciOi.jwt-payload.sig")
        << "no trailing newline";
    EXPECT_EQ(form_field(sent.body, "Version"), "2011-06-15");
    EXPECT_TRUE(sent.header("Authorization").empty()) << "AssumeRoleWithWebIdentity is not signed";
    EXPECT_NE(sent.header("Content-Type").find("application/x-www-form-urlencoded"), std::string::npos);
}

TEST(WebIdentitySource, TheGeneralEndpointVariableIsUsedWithoutTheStsOne) {
    numbered_credentials issued{.prefix = "G"};
    local_http_server sts(
        [&](recorded_request const&) { return canned_answer{.body = issued.next_sts_xml()}; });
    temp_file const token("jwt");
    auto c = fetch_once({{"AWS_WEB_IDENTITY_TOKEN_FILE", token.path},
                         {"AWS_ROLE_ARN", "arn:aws:iam::1:role/r"},
                         {"AWS_ENDPOINT_URL", sts.url()}});
    ASSERT_TRUE(c) << c.error().message();
    EXPECT_TRUE(form_field(sts.requests().at(0).body, "RoleSessionName").starts_with("mcp-cpp-"));
}

TEST(WebIdentitySource, ARefusalCarriesTheStsCodeAndNeverTheToken) {
    local_http_server sts([](recorded_request const&) {
        return canned_answer{
            .status = 400,
            .body = "<ErrorResponse><Error><Code>InvalidIdentityToken</Code>"
                    "<Message>Couldn't retrieve verification key</Message></Error></ErrorResponse>"};
    });
    temp_file const token("the-secret-jwt");
    auto c = fetch_once({{"AWS_WEB_IDENTITY_TOKEN_FILE", token.path},
                         {"AWS_ROLE_ARN", "arn:aws:iam::1:role/r"},
                         {"AWS_ENDPOINT_URL_STS", sts.url()}});
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().code(), errc::rejected);
    EXPECT_EQ(c.error().service_type(), "InvalidIdentityToken");
    EXPECT_NE(c.error().message().find("arn:aws:iam::1:role/r"), std::string::npos) << c.error().message();
    EXPECT_EQ(c.error().message().find("the-secret-jwt"), std::string::npos) << c.error().message();
}

// A token file path that names an endless source (a misconfiguration) is read only up to the limit.
TEST(WebIdentitySource, AnEndlessTokenFileIsRefusedAfterTheLimit) {
    auto c = fetch_once({{"AWS_WEB_IDENTITY_TOKEN_FILE", "/dev/zero"},
                         {"AWS_ROLE_ARN", "arn:aws:iam::1:role/r"},
                         {"AWS_ENDPOINT_URL_STS", "http://127.0.0.1:9"}});
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().code(), errc::invalid_configuration);
    EXPECT_NE(c.error().message().find("too large"), std::string::npos) << c.error().message();
}

TEST(WebIdentitySource, AnUnreadableTokenFileIsNamed) {
    auto c = fetch_once({{"AWS_WEB_IDENTITY_TOKEN_FILE", "/nonexistent/token"},
                         {"AWS_ROLE_ARN", "arn:aws:iam::1:role/r"},
                         {"AWS_ENDPOINT_URL_STS", "http://127.0.0.1:9"}});
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().code(), errc::invalid_configuration);
    EXPECT_NE(c.error().message().find("/nonexistent/token"), std::string::npos) << c.error().message();
}

TEST(ContainerSource, RelativeUriIsRootedAtTheContainerBase) {
    numbered_credentials issued{.prefix = "ECS"};
    local_http_server ecs([&](recorded_request const& r) {
        return r.target == "/v2/credentials/task-1" ? canned_answer{.body = issued.next_json()}
                                                    : canned_answer{.status = 404};
    });
    auto c = fetch_once({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/task-1"}},
                        {.container_base = ecs.url()});
    ASSERT_TRUE(c) << c.error().message();
    EXPECT_EQ(c->access_key_id, "ASIAECS1");
    EXPECT_EQ(c->secret_access_key, "secret-ECS1");
    EXPECT_EQ(ecs.requests().at(0).method, "GET");
}

TEST(ContainerSource, FullUriSendsTheTokenFileRatherThanTheVariable) {
    numbered_credentials issued{.prefix = "EKS"};
    local_http_server eks([&](recorded_request const& r) {
        return r.header("Authorization") == "file-token" ? canned_answer{.body = issued.next_json()}
                                                         : canned_answer{.status = 401};
    });
    temp_file const token("file-token\n");
    auto c = fetch_once({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", eks.url() + "/v1/credentials?pod=a"},
                         {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "variable-token"},
                         {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token.path}});
    ASSERT_TRUE(c) << c.error().message();
    EXPECT_EQ(eks.requests().at(0).target, "/v1/credentials?pod=a");
}

TEST(ContainerSource, TheTokenVariableIsTheAuthorizationHeader) {
    local_http_server ecs([](recorded_request const& r) {
        return r.header("Authorization") == "Basic abcd"
                   ? canned_answer{.body = R"({"AccessKeyId":"A","SecretAccessKey":"s"})"}
                   : canned_answer{.status = 401};
    });
    auto ok = fetch_once({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", ecs.url() + "/c"},
                          {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "Basic abcd"}});
    EXPECT_TRUE(ok) << ok.error().message();
    auto injected = fetch_once({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", ecs.url() + "/c"},
                                {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "Basic abcd\r\nX-Evil: 1"}});
    ASSERT_FALSE(injected);
    EXPECT_EQ(injected.error().code(), errc::invalid_configuration);
    EXPECT_EQ(ecs.requests().size(), 1u) << "a token with a line break is never sent";
}

// One answer of the container endpoint, and what the fetch makes of it.
result<credentials> container_answering(canned_answer a, milliseconds timeout = milliseconds(2000)) {
    local_http_server ecs([a](recorded_request const&) { return a; });
    return fetch_once({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", ecs.url() + "/creds"}},
                      {.container_timeout = timeout});
}

TEST(ContainerSource, MalformedAnswersAreMalformed) {
    for (std::string body :
         {std::string("{"), std::string(R"({"AccessKeyId":"A"})"), std::string("[]"),
          std::string(R"({"AccessKeyId":"A","SecretAccessKey":"s","Expiration":"tomorrow"})")}) {
        auto c = container_answering({.body = body});
        ASSERT_FALSE(c) << body;
        EXPECT_EQ(c.error().code(), errc::malformed_answer) << body << ": " << c.error().message();
    }
}

TEST(ContainerSource, AnOversizedAnswerIsRefused) {
    std::string huge =
        R"({"AccessKeyId":"A","SecretAccessKey":"s","Padding":")" + std::string(1 << 20, 'x') + "\"}";
    auto c = container_answering({.body = huge});
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().code(), errc::unavailable);
    EXPECT_NE(c.error().message().find("/creds"), std::string::npos) << c.error().message();
}

TEST(ContainerSource, ClientErrorsAreRefusalsAndServerErrorsUnavailable) {
    auto refused = container_answering({.status = 403, .body = R"({"code":"AccessDenied","message":"no"})"});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code(), errc::rejected);
    EXPECT_EQ(refused.error().service_type(), "AccessDenied");
    auto failing = container_answering({.status = 500, .body = "oops"});
    ASSERT_FALSE(failing);
    EXPECT_EQ(failing.error().code(), errc::unavailable);
    auto closed = container_answering({.close = true});
    ASSERT_FALSE(closed);
    EXPECT_EQ(closed.error().code(), errc::unavailable);
}

TEST(ContainerSource, AServerThatNeverAnswersIsBoundedByTheTimeout) {
    auto const start = steady_clock::now();
    auto c = container_answering({.never = true}, milliseconds(300));
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().code(), errc::unavailable);
    EXPECT_NE(c.error().message().find("timed out"), std::string::npos) << c.error().message();
    EXPECT_LT(steady_clock::now() - start, seconds(3)) << "ended by the 300 ms timeout, not by the server";
}

TEST(InstanceMetadataSource, IMDSv2TokenThenRoleThenCredentials) {
    numbered_credentials issued{.prefix = "EC2"};
    local_http_server imds([&](recorded_request const& r) { return imds_answer(r, issued, "mcp-role"); });
    auto c = fetch_once({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url()}});
    ASSERT_TRUE(c) << c.error().message();
    EXPECT_EQ(c->access_key_id, "ASIAEC21");
    EXPECT_EQ(c->session_token, "token-EC21");
    auto const seen = imds.requests();
    ASSERT_EQ(seen.size(), 3u);
    EXPECT_EQ(seen[0].method, "PUT");
    EXPECT_EQ(seen[0].header("X-aws-ec2-metadata-token-ttl-seconds"), "21600");
    EXPECT_EQ(seen[2].target, "/latest/meta-data/iam/security-credentials/mcp-role");
}

TEST(InstanceMetadataSource, WithoutIMDSv2ItFailsAndSaysWhatElseToConfigure) {
    local_http_server v1_only([](recorded_request const& r) {
        return r.method == "PUT" ? canned_answer{.status = 403} : canned_answer{.body = "role"};
    });
    auto c = fetch_once({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", v1_only.url()}});
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().code(), errc::rejected);
    EXPECT_NE(c.error().message().find("IMDSv2 session token"), std::string::npos) << c.error().message();
    EXPECT_NE(c.error().message().find("AWS_ACCESS_KEY_ID"), std::string::npos) << c.error().message();
    EXPECT_EQ(v1_only.requests().size(), 1u) << "no IMDSv1 fallback";
}

TEST(InstanceMetadataSource, NoRoleAttachedIsSaid) {
    numbered_credentials issued;
    local_http_server imds([&](recorded_request const& r) {
        return r.target.ends_with("/security-credentials/") ? canned_answer{.status = 404}
                                                            : imds_answer(r, issued, "x");
    });
    auto c = fetch_once({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url()}});
    ASSERT_FALSE(c);
    EXPECT_NE(c.error().message().find("is one attached?"), std::string::npos) << c.error().message();
}

TEST(InstanceMetadataSource, ServerErrorsAreTriedAgainUpToTheAttempts) {
    numbered_credentials issued;
    std::atomic<int> puts{0};
    local_http_server imds([&](recorded_request const& r) {
        return r.method == "PUT" && ++puts == 1 ? canned_answer{.status = 503}
                                                : imds_answer(r, issued, "role");
    });
    auto once = fetch_once({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url()}});
    EXPECT_FALSE(once) << "one attempt by default";
    puts = 0;
    auto twice = fetch_once(
        {{"AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url()}, {"AWS_METADATA_SERVICE_NUM_ATTEMPTS", "2"}});
    EXPECT_TRUE(twice) << twice.error().message();
}

TEST(InstanceMetadataSource, AHungServiceIsBoundedByTheOneSecondTimeout) {
    local_http_server hung([](recorded_request const&) { return canned_answer{.never = true}; });
    auto const start = steady_clock::now();
    auto c = fetch_once({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", hung.url()}});
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().code(), errc::unavailable);
    EXPECT_LT(steady_clock::now() - start, seconds(4)) << "1 s per exchange, one attempt";
}

} // namespace
