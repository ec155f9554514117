// The streaming prelude: exact bytes (JSON, then eight NULs), cookies, repeated and empty headers.
#include <mcp/lambda/prelude.hpp>

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace mcp::lambda {
namespace {

std::string const nuls(8, '\0');

TEST(LambdaPrelude, IsJsonFollowedByExactlyEightNuls) {
    auto p = streaming_prelude(200, {{"content-type", "text/event-stream"}, {"mcp-session-id", "s-1"}});
    EXPECT_EQ(p, R"({"statusCode":200,"headers":{"content-type":"text/event-stream","mcp-session-id":"s-1"},)"
                 R"("cookies":[]})" +
                     nuls);
}

TEST(LambdaPrelude, DelimiterIsEightNulBytes) {
    EXPECT_EQ(prelude_delimiter.size(), 8u);
    EXPECT_EQ(std::string(prelude_delimiter), nuls);
}

TEST(LambdaPrelude, EmptyHeadersAreAnEmptyObject) {
    EXPECT_EQ(streaming_prelude(204, {}), R"({"statusCode":204,"headers":{},"cookies":[]})" + nuls);
}

TEST(LambdaPrelude, SetCookieValuesGoToCookiesInOrder) {
    auto p = streaming_prelude(200, {{"set-cookie", "a=1; Path=/"}, {"x", "y"}, {"Set-Cookie", "b=2"}});
    EXPECT_EQ(p, R"({"statusCode":200,"headers":{"x":"y"},"cookies":["a=1; Path=/","b=2"]})" + nuls);
}

TEST(LambdaPrelude, RepeatedHeadersAreJoined) {
    auto p = streaming_prelude(200, {{"vary", "origin"}, {"cache-control", "no-cache"}, {"vary", "accept"}});
    EXPECT_EQ(
        p,
        R"({"statusCode":200,"headers":{"vary":"origin, accept","cache-control":"no-cache"},"cookies":[]})" +
            nuls);
}

TEST(LambdaPrelude, ValuesAreEscapedAsJson) {
    auto p = streaming_prelude(500, {{"x-note", "say \"hi\"\\"}});
    ASSERT_GE(p.size(), 8u);
    auto v = boost::json::parse(std::string_view(p).substr(0, p.size() - 8));
    EXPECT_EQ(v.at("headers").at("x-note"), "say \"hi\"\\");
    EXPECT_EQ(v.at("statusCode"), 500);
}

TEST(LambdaPrelude, RuntimeApiNames) {
    EXPECT_EQ(http_integration_content_type, "application/vnd.awslambda.http-integration-response");
    EXPECT_EQ(response_mode_header, "Lambda-Runtime-Function-Response-Mode");
    EXPECT_EQ(response_mode_streaming, "streaming");
}

} // namespace
} // namespace mcp::lambda
