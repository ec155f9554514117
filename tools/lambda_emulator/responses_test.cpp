// How function payloads become HTTP responses: buffered payloads of each format, the gateway's error answers
// and the prelude reader of streamed responses, fed whole and byte by byte.
#include <lambda_emulator/responses.hpp>

#include <gtest/gtest.h>

namespace lambda_emulator {
namespace {

TEST(Buffered, DecodesTheStructuredResponse) {
    auto a = decode_buffered(event_format::v2, R"({"statusCode":201,"headers":{"X-A":"1","X-N":5},
        "multiValueHeaders":{"X-M":["p","q"]},"cookies":["s=1; Path=/","t=2"],"body":"hi","isBase64Encoded":false})");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->status, 201);
    EXPECT_EQ(a->body, "hi");
    EXPECT_EQ(a->headers.get("x-a"), "1");
    EXPECT_EQ(a->headers.get("x-n"), "5");
    EXPECT_EQ(a->headers.get_joined("x-m"), "p, q");
    EXPECT_EQ(a->headers.get_joined("set-cookie"), "s=1; Path=/, t=2");
    EXPECT_EQ(a->headers.get("content-type"), "application/json");
}

TEST(Buffered, DecodesBase64Bodies) {
    auto a = decode_buffered(event_format::v1, R"({"statusCode":200,"body":"AP8=","isBase64Encoded":true,
        "headers":{"content-type":"image/png"}})");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->body, std::string("\x00\xff", 2));
    EXPECT_EQ(a->headers.get("content-type"), "image/png");
}

TEST(Buffered, KeepsAnEmptyBodyWithoutContentType) {
    auto a = decode_buffered(event_format::v2, R"({"statusCode":204})");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->status, 204);
    EXPECT_EQ(a->body, "");
    EXPECT_FALSE(a->headers.get("content-type"));
}

TEST(Buffered, InfersA200JsonResponseForPayload2) {
    for (auto f : {event_format::v2, event_format::url}) {
        auto a = decode_buffered(f, R"({"message":"hello"})");
        ASSERT_TRUE(a);
        EXPECT_EQ(a->status, 200);
        EXPECT_EQ(a->body, R"({"message":"hello"})");
        EXPECT_EQ(a->headers.get("content-type"), "application/json");
    }
    EXPECT_EQ(decode_buffered(event_format::url, R"("Hello, world!")")->body, R"("Hello, world!")");
}

TEST(Buffered, RestProxyNeedsAStatusCode) {
    EXPECT_FALSE(decode_buffered(event_format::v1, R"({"message":"hello"})"));
}

TEST(Buffered, RejectsMalformedResponses) {
    EXPECT_FALSE(decode_buffered(event_format::v2, "not json"));
    EXPECT_FALSE(decode_buffered(event_format::v2, R"({"statusCode":"abc"})"));
    EXPECT_FALSE(decode_buffered(event_format::v2, R"({"statusCode":99})"));
    EXPECT_FALSE(decode_buffered(event_format::v2, R"({"statusCode":200,"headers":[1]})"));
    EXPECT_FALSE(decode_buffered(event_format::v2, R"({"statusCode":200,"body":{"a":1}})"));
    EXPECT_FALSE(
        decode_buffered(event_format::v2, R"({"statusCode":200,"body":"@@","isBase64Encoded":true})"));
    EXPECT_FALSE(decode_buffered(event_format::v2, R"({"statusCode":200,"cookies":"a=1"})"));
}

TEST(GatewayErrors, UseApiGatewayBodies) {
    auto v2 = gateway_error(event_format::v2, gateway_failure::bad_gateway);
    EXPECT_EQ(v2.status, 502);
    EXPECT_EQ(v2.body, R"({"message":"Internal Server Error"})");
    EXPECT_EQ(gateway_error(event_format::v1, gateway_failure::bad_gateway).body,
              R"({"message": "Internal server error"})");
    auto t = gateway_error(event_format::url, gateway_failure::timeout);
    EXPECT_EQ(t.status, 504);
    EXPECT_EQ(t.headers.get("content-type"), "application/json");
}

std::string framed(std::string prelude, std::string body) {
    return prelude + std::string(8, '\0') + body;
}

TEST(Prelude, SplitsHeadFromBody) {
    prelude_reader r;
    auto state = r.feed(
        framed(R"({"statusCode":202,"headers":{"content-type":"text/event-stream"},"cookies":["k=v"]})",
               "data: 1\n\n"));
    ASSERT_EQ(state, prelude_reader::state::ready);
    EXPECT_EQ(r.head().status, 202);
    EXPECT_EQ(r.head().headers.get("content-type"), "text/event-stream");
    EXPECT_EQ(r.head().headers.get("set-cookie"), "k=v");
    EXPECT_EQ(r.take_leftover(), "data: 1\n\n");
}

TEST(Prelude, FindsTheDelimiterAcrossPieces) {
    prelude_reader r;
    auto all = framed(R"({"statusCode":200})", "body");
    prelude_reader::state s = prelude_reader::state::need_more;
    std::string leftover;
    for (char c : all) {
        s = r.feed(std::string(1, c));
        if (s == prelude_reader::state::ready)
            leftover += r.take_leftover();
    }
    ASSERT_EQ(s, prelude_reader::state::ready);
    EXPECT_EQ(r.head().status, 200);
    EXPECT_EQ(leftover, "body");
}

TEST(Prelude, DefaultsTheStatusTo200) {
    prelude_reader r;
    ASSERT_EQ(r.feed(framed(R"({"headers":{}})", "")), prelude_reader::state::ready);
    EXPECT_EQ(r.head().status, 200);
}

TEST(Prelude, RejectsAPreludeThatIsNotJson) {
    prelude_reader r;
    EXPECT_EQ(r.feed(framed("hello", "x")), prelude_reader::state::malformed);
}

TEST(Prelude, RejectsAPreludeWithoutDelimiterPastTheLimit) {
    prelude_reader r(64);
    EXPECT_EQ(r.feed(std::string(60, 'x')), prelude_reader::state::need_more);
    EXPECT_EQ(r.feed(std::string(20, 'x')), prelude_reader::state::malformed);
}

TEST(FunctionErrors, DescribeTypeAndMessage) {
    EXPECT_EQ(describe_function_error("", R"({"errorMessage":"it broke","errorType":"Bad.Thing"})"),
              "Bad.Thing: it broke");
    EXPECT_EQ(
        describe_function_error("From.Header", R"({"errorMessage":"it broke","errorType":"Bad.Thing"})"),
        "From.Header: it broke");
    EXPECT_EQ(describe_function_error("", "plain text"), "error: plain text");
}

} // namespace
} // namespace lambda_emulator
