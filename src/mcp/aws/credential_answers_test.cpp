// The credential sources' wire formats without sockets: timestamps, the JSON answers of the container
// endpoint and IMDS, the XML of STS, the form sent to STS, and the hosts a FULL_URI may name.
#include <mcp/aws/credential_answers.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcp::aws;
using namespace std::chrono;

http_response answered(unsigned status, std::string body) {
    return http_response{.status = status, .headers = {}, .body = std::move(body)};
}

constexpr std::string_view from = "the container endpoint http://127.0.0.1:1/creds";

TEST(CredentialTimestamp, ReadsUtcWithAndWithoutFraction) {
    auto const t = sys_days(year(2026) / 11 / 28) + hours(10) + minutes(5) + seconds(7);
    EXPECT_EQ(parse_timestamp("2026-11-28T10:05:07Z"), t);
    EXPECT_EQ(parse_timestamp("2026-11-28T10:05:07.123Z"), t);
    EXPECT_EQ(parse_timestamp("2026-11-28T10:05:07+00:00"), t);
}

TEST(CredentialTimestamp, RefusesOtherZonesAndNonsense) {
    EXPECT_FALSE(parse_timestamp("2026-11-28T10:05:07+02:00"));
    EXPECT_FALSE(parse_timestamp("2026-11-28 10:05:07"));
    EXPECT_FALSE(parse_timestamp("2026-02-30T10:05:07Z"));
    EXPECT_FALSE(parse_timestamp("2026-11-28T25:05:07Z"));
    EXPECT_FALSE(parse_timestamp("2026-11-28T10:05:07.Z"));
    EXPECT_FALSE(parse_timestamp(""));
}

TEST(CredentialJson, ReadsTheFourFields) {
    auto c = read_credentials_json(answered(200, R"({"AccessKeyId":"ASIAEXAMPLE","SecretAccessKey":"s3cr3t",
        "Token":"tok","Expiration":"2026-11-28T10:05:07Z","RoleArn":"arn:aws:iam::1:role/r"})"),
                                   from);
    ASSERT_TRUE(c) << c.error().message();
    EXPECT_EQ(c->access_key_id, "ASIAEXAMPLE");
    EXPECT_EQ(c->secret_access_key, "s3cr3t");
    EXPECT_EQ(c->session_token, "tok");
    EXPECT_EQ(c->expiration, parse_timestamp("2026-11-28T10:05:07Z"));
}

TEST(CredentialJson, ExpirationIsOptional) {
    auto c = read_credentials_json(answered(200, R"({"AccessKeyId":"A","SecretAccessKey":"s"})"), from);
    ASSERT_TRUE(c);
    EXPECT_FALSE(c->expiration);
}

TEST(CredentialJson, MalformedAnswersNeverQuoteTheBody) {
    for (std::string body :
         {std::string("not json s3cr3t"), std::string(R"({"AccessKeyId":"A","Token":"s3cr3t"})"),
          std::string(R"({"AccessKeyId":"A","SecretAccessKey":"s3cr3t","Expiration":"soon"})")}) {
        auto c = read_credentials_json(answered(200, body), from);
        ASSERT_FALSE(c) << body;
        EXPECT_EQ(c.error().code(), errc::malformed_answer) << body;
        EXPECT_TRUE(c.error().message().starts_with(from)) << c.error().message();
        EXPECT_EQ(c.error().message().find("s3cr3t"), std::string::npos) << c.error().message();
    }
}

TEST(CredentialJson, RefusalsCarryTheCodeAndServerErrorsAreUnavailable) {
    auto refused =
        read_credentials_json(answered(403, R"({"code":"AccessDenied","message":"bad token"})"), from);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code(), errc::rejected);
    EXPECT_EQ(refused.error().service_type(), "AccessDenied");
    EXPECT_NE(refused.error().message().find("HTTP 403): AccessDenied: bad token"), std::string::npos)
        << refused.error().message();
    auto failing = read_credentials_json(answered(503, "<html>s3cr3t</html>"), from);
    ASSERT_FALSE(failing);
    EXPECT_EQ(failing.error().code(), errc::unavailable);
    EXPECT_EQ(failing.error().message().find("s3cr3t"), std::string::npos) << failing.error().message();
}

TEST(CredentialJson, AnImdsCodeOtherThanSuccessIsARefusal) {
    auto c = read_credentials_json(answered(200, R"({"Code":"AssumeRoleUnauthorizedAccess","AccessKeyId":"A",
        "SecretAccessKey":"s"})"),
                                   from);
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().service_type(), "AssumeRoleUnauthorizedAccess");
}

constexpr std::string_view sts_ok =
    R"(<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <Credentials>
      <SessionToken>FwoG&amp;token/+=</SessionToken>
      <SecretAccessKey>wJalr/K7MDENG</SecretAccessKey>
      <Expiration>2026-11-28T11:00:00Z</Expiration>
      <AccessKeyId>ASIASTS</AccessKeyId>
    </Credentials>
  </AssumeRoleWithWebIdentityResult>
</AssumeRoleWithWebIdentityResponse>)";

TEST(StsAnswer, ReadsTheCredentialsAndDecodesEntities) {
    auto c = read_sts_answer(answered(200, std::string(sts_ok)), "STS");
    ASSERT_TRUE(c) << c.error().message();
    EXPECT_EQ(c->access_key_id, "ASIASTS");
    EXPECT_EQ(c->secret_access_key, "wJalr/K7MDENG");
    EXPECT_EQ(c->session_token, "FwoG&token/+=");
    EXPECT_EQ(c->expiration, parse_timestamp("2026-11-28T11:00:00Z"));
}

TEST(StsAnswer, AnErrorResponseIsARefusalWithItsCode) {
    auto c = read_sts_answer(answered(400, R"(<ErrorResponse><Error><Type>Sender</Type>
        <Code>InvalidIdentityToken</Code><Message>Token &lt;expired&gt;</Message></Error></ErrorResponse>)"),
                             "STS");
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().code(), errc::rejected);
    EXPECT_EQ(c.error().service_type(), "InvalidIdentityToken");
    EXPECT_NE(c.error().message().find("InvalidIdentityToken: Token <expired>"), std::string::npos)
        << c.error().message();
}

TEST(StsAnswer, AnAnswerWithoutCredentialsIsMalformed) {
    auto c = read_sts_answer(answered(200, "<AssumeRoleWithWebIdentityResponse/>"), "STS");
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().code(), errc::malformed_answer);
}

TEST(StsRequest, TheFormIsEncoded) {
    EXPECT_EQ(sts_request_body("arn:aws:iam::1:role/r", "s n", "a.b+c/="),
              "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr"
              "&RoleSessionName=s%20n&WebIdentityToken=a.b%2Bc%2F%3D");
    EXPECT_EQ(default_sts_endpoint("eu-west-1"), "https://sts.eu-west-1.amazonaws.com");
    EXPECT_EQ(default_sts_endpoint("cn-north-1"), "https://sts.cn-north-1.amazonaws.com.cn");
    EXPECT_EQ(default_sts_endpoint(""), "https://sts.amazonaws.com");
}

TEST(ContainerHost, LoopbackEcsAndEksAreAllowedOthersNot) {
    for (auto host : {"127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]", "169.254.170.2",
                      "169.254.170.23", "fd00:ec2::23", "[fd00:ec2::23]"}) {
        EXPECT_TRUE(is_allowed_container_host(host)) << host;
    }
    for (auto host : {"169.254.169.254", "10.0.0.1", "example.com", "169.254.170.3", "fd00:ec2::254", ""}) {
        EXPECT_FALSE(is_allowed_container_host(host)) << host;
    }
}

} // namespace
