// Authorizer forwarding: x-authorizer-<snake_case> headers from each source's authorizer context, client-sent
// x-authorizer-* headers removed first.
#include <mcp/lambda/authorizer.hpp>
#include <mcp/lambda/testing/event_fixtures.hpp>

#include <gtest/gtest.h>

namespace mcp::lambda {
namespace {

using testing::all_values;
using testing::edited_event;
using testing::http_event_from;
using testing::http_event_of;
namespace json = boost::json;

std::vector<std::pair<std::string, std::string>> authorizer_headers(http_event const& e) {
    std::vector<std::pair<std::string, std::string>> out;
    for (auto const& f : e.request.trusted.fields())
        if (f.first.starts_with(authorizer_header_prefix))
            out.emplace_back(f);
    return out;
}

using fields = std::vector<std::pair<std::string, std::string>>;

TEST(LambdaSnakeCase, SplitsCamelCase) {
    EXPECT_EQ(snake_case("userId"), "user_id");
    EXPECT_EQ(snake_case("isAdmin"), "is_admin");
    EXPECT_EQ(snake_case("TenantName"), "tenant_name");
}

TEST(LambdaSnakeCase, KeepsAcronymsTogether) {
    EXPECT_EQ(snake_case("APIKey"), "api_key");
    EXPECT_EQ(snake_case("HTTPStatus"), "http_status");
    EXPECT_EQ(snake_case("userIDList"), "user_id_list");
    EXPECT_EQ(snake_case("orgID"), "org_id");
    EXPECT_EQ(snake_case("ID"), "id");
}

TEST(LambdaSnakeCase, ReadsALoneSAfterAnAcronymAsItsPlural) {
    EXPECT_EQ(snake_case("userIDs"), "user_ids");
    EXPECT_EQ(snake_case("URLs"), "urls");
    EXPECT_EQ(snake_case("allowedIPsList"), "allowed_ips_list");
}

TEST(LambdaSnakeCase, TurnsPunctuationIntoUnderscores) {
    EXPECT_EQ(snake_case("tenant-name"), "tenant_name");
    EXPECT_EQ(snake_case("cognito:username"), "cognito_username");
    EXPECT_EQ(snake_case("custom:tenantId"), "custom_tenant_id");
    EXPECT_EQ(snake_case("a.b c"), "a_b_c");
}

TEST(LambdaSnakeCase, LeavesSnakeCaseAlone) {
    EXPECT_EQ(snake_case("already_snake"), "already_snake");
    EXPECT_EQ(snake_case("sub"), "sub");
    EXPECT_EQ(snake_case("token_use"), "token_use");
}

TEST(LambdaSnakeCase, CollapsesAndTrimsSeparators) {
    EXPECT_EQ(snake_case("__a--b__"), "a_b");
    EXPECT_EQ(snake_case("user_Id"), "user_id");
    EXPECT_EQ(snake_case("::"), "");
    EXPECT_EQ(snake_case(""), "");
}

TEST(LambdaSnakeCase, KeepsDigitsWithTheirWord) {
    EXPECT_EQ(snake_case("oauth2Token"), "oauth2_token");
    EXPECT_EQ(snake_case("v2"), "v2");
    EXPECT_EQ(snake_case("level10Access"), "level10_access");
}

TEST(LambdaAuthorizer, RestLambdaAuthorizerForwardsFlatFieldsButApiGatewayBookkeeping) {
    auto e = http_event_from("rest_lambda_authorizer.json");
    EXPECT_EQ(authorizer_headers(e), (fields{{"x-authorizer-user_id", "u-1234"},
                                             {"x-authorizer-tenant_name", "acme"},
                                             {"x-authorizer-api_key", "key-abc"},
                                             {"x-authorizer-is_admin", "true"},
                                             {"x-authorizer-quota", "250"}}));
}

TEST(LambdaAuthorizer, ClientSentAuthorizerHeadersAreRemoved) {
    // The REST fixture's client sent X-Authorizer-User-Id: admin; the HTTP API one X-Authorizer-Tenant and
    // x-authorizer-user_id: root; the ALB one x-authorizer-role.
    EXPECT_TRUE(
        all_values(http_event_from("rest_lambda_authorizer.json").request.headers, "x-authorizer-user-id")
            .empty());
    auto http = http_event_from("http_api_lambda_authorizer.json");
    EXPECT_TRUE(all_values(http.request.headers, "x-authorizer-tenant").empty());
    EXPECT_TRUE(all_values(http.request.headers, "x-authorizer-user_id").empty());
    EXPECT_TRUE(all_values(http.request.trusted, "x-authorizer-tenant").empty());
    EXPECT_EQ(all_values(http.request.trusted, "x-authorizer-user_id"), (std::vector<std::string>{"u-77"}));
    EXPECT_TRUE(authorizer_headers(http_event_from("alb.json")).empty());
}

TEST(LambdaAuthorizer, RestCognitoClaimsAreForwardedOneByOne) {
    auto e = http_event_from("rest_cognito_authorizer.json");
    auto const& h = e.request.trusted;
    EXPECT_EQ(h.get("x-authorizer-sub"), "8e1f5b2a-3c4d-4e6f-9a0b-1c2d3e4f5a6b");
    EXPECT_EQ(h.get("x-authorizer-cognito_username"), "jdoe");
    EXPECT_EQ(h.get("x-authorizer-custom_tenant_id"), "t-42");
    EXPECT_EQ(h.get("x-authorizer-email_verified"), "true");
    EXPECT_EQ(authorizer_headers(e).size(), 10u);
    EXPECT_FALSE(h.get("x-authorizer-claims"));
}

TEST(LambdaAuthorizer, RestWithoutAuthorizerAddsNothing) {
    EXPECT_TRUE(authorizer_headers(http_event_from("rest_no_authorizer.json")).empty());
}

TEST(LambdaAuthorizer, RestLambdaObjectWinsOverFlatFields) {
    auto payload = edited_event("rest_lambda_authorizer.json", [](json::object& ev) {
        ev["requestContext"].as_object()["authorizer"].as_object()["lambda"] = {{"role", "reader"}};
    });
    EXPECT_EQ(authorizer_headers(http_event_of(payload)), (fields{{"x-authorizer-role", "reader"}}));
}

TEST(LambdaAuthorizer, RestSkipsUsageIdentifierKeyAndNulls) {
    auto payload = edited_event("rest_no_authorizer.json", [](json::object& ev) {
        ev["requestContext"].as_object()["authorizer"] =
            json::parse(R"({"principalId":"p","integrationLatency":3,"usageIdentifierKey":"k",)"
                        R"("claims":null,"plan":"pro"})");
    });
    EXPECT_EQ(authorizer_headers(http_event_of(payload)), (fields{{"x-authorizer-plan", "pro"}}));
}

TEST(LambdaAuthorizer, HttpApiLambdaFieldsKeepTheirJsonForm) {
    auto e = http_event_from("http_api_lambda_authorizer.json");
    EXPECT_EQ(authorizer_headers(e), (fields{{"x-authorizer-user_id", "u-77"},
                                             {"x-authorizer-tenant_name", "acme"},
                                             {"x-authorizer-user_ids", R"(["u-77","u-78"])"},
                                             {"x-authorizer-limits", R"({"rpm":60})"},
                                             {"x-authorizer-is_admin", "false"},
                                             {"x-authorizer-quota", "12.5"}}));
}

TEST(LambdaAuthorizer, HttpApiJwtClaimsAndScopesAreForwarded) {
    auto e = http_event_from("http_api_jwt_authorizer.json");
    EXPECT_EQ(authorizer_headers(e), (fields{{"x-authorizer-sub", "abc"},
                                             {"x-authorizer-iss", "https://issuer.example.com/"},
                                             {"x-authorizer-aud", "mcp-api"},
                                             {"x-authorizer-client_id", "cli-123"},
                                             {"x-authorizer-org_id", "org-9"},
                                             {"x-authorizer-exp", "1749896102"},
                                             {"x-authorizer-groups", "[admins readers]"},
                                             {"x-authorizer-scopes", R"(["mcp:read","mcp:write"])"}}));
}

TEST(LambdaAuthorizer, HttpApiPayloadV1UsesTheLambdaObject) {
    auto e = http_event_from("http_api_payload_v1.json");
    EXPECT_EQ(authorizer_headers(e),
              (fields{{"x-authorizer-user_id", "u-5"}, {"x-authorizer-http_status", "200"}}));
}

TEST(LambdaAuthorizer, FunctionUrlIamContextIsNotForwarded) {
    auto payload = edited_event("function_url.json", [](json::object& ev) {
        ev["requestContext"].as_object()["authorizer"] = json::parse(
            R"({"iam":{"userArn":"arn:aws:iam::111122223333:user/x","accountId":"111122223333"}})");
    });
    EXPECT_TRUE(authorizer_headers(http_event_of(payload)).empty());
}

TEST(LambdaAuthorizer, ForwardingOnItsOwnCleansThenAdds) {
    http::request r;
    r.headers = {{"x-authorizer-user_id", "forged"}, {"accept", "*/*"}};
    auto ev = json::parse(R"({"requestContext":{"authorizer":{"lambda":{"userId":"real"}}}})").as_object();
    forward_authorizer(ev, event_source::api_gateway_http, r);
    EXPECT_EQ(core::to_vector(r.headers.fields()), (fields{{"accept", "*/*"}}));
    EXPECT_EQ(core::to_vector(r.trusted.fields()), (fields{{"x-authorizer-user_id", "real"}}));
}

} // namespace
} // namespace mcp::lambda
