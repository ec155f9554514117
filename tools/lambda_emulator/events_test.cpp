// The events the front builds, checked field by field against the shapes AWS documents for API Gateway HTTP
// API payload 2.0, REST API proxy payload 1.0 and Function URLs.
#include <lambda_emulator/events.hpp>

#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

namespace lambda_emulator {
namespace {

namespace json = boost::json;

gateway_identity identity(event_format f) {
    gateway_identity id;
    id.format = f;
    id.api_id = "abcdef1234";
    id.region = "eu-west-1";
    return id;
}

request_facts facts() {
    return {"8476a536-e9f4-11e8-9739-2dfe598c3fcd",
            "JKJaXmPLvHcESHA=",
            std::chrono::system_clock::time_point(std::chrono::milliseconds(1583348638390)),
            "10.1.2.3",
            9000,
            "1-5e6a9b2e-0123456789abcdef01234567"};
}

mcp::http::request post(std::string target, std::string body, std::string type = "application/json") {
    mcp::http::request r;
    r.method = "POST";
    r.target = std::move(target);
    r.headers.add("host", "127.0.0.1:9000");
    r.headers.add("content-type", type);
    r.headers.add("user-agent", "curl/8");
    r.headers.add("accept", "application/json");
    r.headers.add("accept", "text/event-stream");
    r.headers.add("cookie", "a=1; b=2");
    r.headers.add("cookie", "c=3");
    r.body = std::move(body);
    r.remote_address = "10.1.2.3:5123";
    return r;
}

std::string text(json::value const& v) {
    return std::string(v.as_string());
}

TEST(EventV2, CarriesPathQueryAndRequestContext) {
    auto e = make_event(identity(event_format::v2), facts(), post("/mcp/x?a=1&b=x%20y&a=2", "{}"));
    EXPECT_EQ(text(e.at("version")), "2.0");
    EXPECT_EQ(text(e.at("routeKey")), "$default");
    EXPECT_EQ(text(e.at("rawPath")), "/mcp/x");
    EXPECT_EQ(text(e.at("rawQueryString")), "a=1&b=x%20y&a=2");
    EXPECT_EQ(text(e.at("queryStringParameters").at("a")), "1,2");
    EXPECT_EQ(text(e.at("queryStringParameters").at("b")), "x y");
    auto const& ctx = e.at("requestContext");
    EXPECT_EQ(text(ctx.at("domainName")), "abcdef1234.execute-api.eu-west-1.amazonaws.com");
    EXPECT_EQ(text(ctx.at("domainPrefix")), "abcdef1234");
    EXPECT_EQ(text(ctx.at("http").at("method")), "POST");
    EXPECT_EQ(text(ctx.at("http").at("path")), "/mcp/x");
    EXPECT_EQ(text(ctx.at("http").at("sourceIp")), "10.1.2.3");
    EXPECT_EQ(text(ctx.at("http").at("userAgent")), "curl/8");
    EXPECT_EQ(text(ctx.at("requestId")), "JKJaXmPLvHcESHA=");
    EXPECT_EQ(text(ctx.at("time")), "04/Mar/2020:19:03:58 +0000");
    EXPECT_EQ(ctx.at("timeEpoch").as_int64(), 1583348638390);
    EXPECT_EQ(text(ctx.at("stage")), "$default");
}

TEST(EventV2, JoinsDuplicateHeadersAndMovesCookiesOut) {
    auto e = make_event(identity(event_format::v2), facts(), post("/mcp", "{}"));
    auto const& h = e.at("headers").as_object();
    EXPECT_EQ(text(h.at("accept")), "application/json,text/event-stream");
    EXPECT_FALSE(h.contains("cookie"));
    ASSERT_EQ(e.at("cookies").as_array().size(), 3u);
    EXPECT_EQ(text(e.at("cookies").at(0)), "a=1");
    EXPECT_EQ(text(e.at("cookies").at(2)), "c=3");
}

TEST(EventV2, AddsTheForwardingHeaders) {
    auto req = post("/mcp", "{}");
    req.headers.add("x-forwarded-for", "192.0.2.1");
    auto e = make_event(identity(event_format::v2), facts(), req);
    auto const& h = e.at("headers").as_object();
    EXPECT_EQ(text(h.at("x-forwarded-for")), "192.0.2.1, 10.1.2.3");
    EXPECT_EQ(text(h.at("x-forwarded-port")), "9000");
    EXPECT_EQ(text(h.at("x-forwarded-proto")), "http");
    EXPECT_EQ(text(h.at("x-amzn-trace-id")), "Root=1-5e6a9b2e-0123456789abcdef01234567");
    EXPECT_EQ(text(h.at("host")), "127.0.0.1:9000");
}

TEST(EventV2, KeepsTextBodiesAndEncodesBinaryOnes) {
    auto e = make_event(identity(event_format::v2), facts(), post("/mcp", R"({"x":"é"})"));
    EXPECT_EQ(text(e.at("body")), R"({"x":"é"})");
    EXPECT_FALSE(e.at("isBase64Encoded").as_bool());
    auto bin =
        make_event(identity(event_format::v2), facts(), post("/up", std::string("\x00\xff", 2), "image/png"));
    EXPECT_EQ(text(bin.at("body")), "AP8=");
    EXPECT_TRUE(bin.at("isBase64Encoded").as_bool());
    auto octets =
        make_event(identity(event_format::v2), facts(), post("/up", "abc", "application/octet-stream"));
    EXPECT_TRUE(octets.at("isBase64Encoded").as_bool());
}

TEST(EventV2, OmitsAbsentBodyQueryAndCookies) {
    mcp::http::request r;
    r.method = "GET";
    r.target = "/";
    r.remote_address = "[::1]:4000";
    auto e = make_event(identity(event_format::v2), facts(), r);
    EXPECT_FALSE(e.contains("body"));
    EXPECT_FALSE(e.contains("queryStringParameters"));
    EXPECT_FALSE(e.contains("cookies"));
    EXPECT_EQ(text(e.at("rawQueryString")), "");
    EXPECT_FALSE(e.at("isBase64Encoded").as_bool());
}

TEST(EventUrl, UsesTheFunctionUrlDomainAndTheInvocationId) {
    auto id = identity(event_format::url);
    id.api_id = "a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6";
    auto e = make_event(id, facts(), post("/mcp", "{}"));
    EXPECT_EQ(text(e.at("version")), "2.0");
    auto const& ctx = e.at("requestContext");
    EXPECT_EQ(text(ctx.at("domainName")), "a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6.lambda-url.eu-west-1.on.aws");
    EXPECT_EQ(text(ctx.at("requestId")), "8476a536-e9f4-11e8-9739-2dfe598c3fcd");
    EXPECT_TRUE(ctx.at("authentication").is_null());
}

TEST(EventV1, HasMultiValueHeadersAndQueryParameters) {
    auto e = make_event(identity(event_format::v1), facts(), post("/mcp/x?a=1&a=2&b", "{}"));
    EXPECT_EQ(text(e.at("resource")), "/{proxy+}");
    EXPECT_EQ(text(e.at("path")), "/mcp/x");
    EXPECT_EQ(text(e.at("httpMethod")), "POST");
    EXPECT_EQ(text(e.at("headers").at("accept")), "text/event-stream");
    ASSERT_EQ(e.at("multiValueHeaders").at("accept").as_array().size(), 2u);
    EXPECT_EQ(text(e.at("multiValueHeaders").at("cookie").at(1)), "c=3");
    EXPECT_EQ(text(e.at("queryStringParameters").at("a")), "2");
    EXPECT_EQ(text(e.at("queryStringParameters").at("b")), "");
    EXPECT_EQ(e.at("multiValueQueryStringParameters").at("a").as_array().size(), 2u);
    EXPECT_EQ(text(e.at("pathParameters").at("proxy")), "mcp/x");
    EXPECT_TRUE(e.at("stageVariables").is_null());
}

TEST(EventV1, RequestContextNamesStageIdentityAndTime) {
    auto e = make_event(identity(event_format::v1), facts(), post("/mcp", "{}"));
    auto const& ctx = e.at("requestContext");
    EXPECT_EQ(text(ctx.at("path")), "/prod/mcp");
    EXPECT_EQ(text(ctx.at("stage")), "prod");
    EXPECT_EQ(text(ctx.at("resourcePath")), "/{proxy+}");
    EXPECT_EQ(text(ctx.at("identity").at("sourceIp")), "10.1.2.3");
    EXPECT_EQ(text(ctx.at("requestTime")), "04/Mar/2020:19:03:58 +0000");
    EXPECT_EQ(ctx.at("requestTimeEpoch").as_int64(), 1583348638390);
    EXPECT_EQ(text(ctx.at("httpMethod")), "POST");
}

TEST(EventV1, NullsWhatIsAbsent) {
    mcp::http::request r;
    r.method = "GET";
    r.target = "/";
    r.remote_address = "127.0.0.1:1";
    auto e = make_event(identity(event_format::v1), facts(), r);
    EXPECT_EQ(text(e.at("resource")), "/");
    EXPECT_TRUE(e.at("queryStringParameters").is_null());
    EXPECT_TRUE(e.at("multiValueQueryStringParameters").is_null());
    EXPECT_TRUE(e.at("pathParameters").is_null());
    EXPECT_TRUE(e.at("body").is_null());
    EXPECT_FALSE(e.at("isBase64Encoded").as_bool());
}

TEST(Addresses, DropThePort) {
    EXPECT_EQ(address_only("127.0.0.1:5123"), "127.0.0.1");
    EXPECT_EQ(address_only("[::1]:5123"), "::1");
}

TEST(BinaryBodies, FollowTheMediaType) {
    EXPECT_FALSE(body_is_binary("application/json; charset=utf-8", "{}"));
    EXPECT_FALSE(body_is_binary("text/plain", "hi"));
    EXPECT_FALSE(body_is_binary("application/vnd.api+json", "{}"));
    EXPECT_FALSE(body_is_binary("", "hi"));
    EXPECT_TRUE(body_is_binary("", "\xff"));
    EXPECT_TRUE(body_is_binary("application/pdf", "%PDF"));
}

} // namespace
} // namespace lambda_emulator
