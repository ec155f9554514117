// buffered_response: the response JSON each source expects (set-cookie placement, multi-value headers, base64
// for bodies that are not UTF-8).
#include <mcp/lambda/events.hpp>

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace mcp::lambda {
namespace {

namespace json = boost::json;

http_event event_from(event_source source, bool multi_value = false) {
    http_event e;
    e.source = source;
    e.multi_value_headers = multi_value;
    return e;
}

json::value response(event_source source, http::headers const& h, std::string const& body = "{}",
                     bool multi_value = false, int status = 200) {
    return json::parse(buffered_response(event_from(source, multi_value), status, h, body));
}

http::headers sample_headers() {
    return {{"content-type", "application/json"},
            {"set-cookie", "a=1; Path=/"},
            {"vary", "origin"},
            {"set-cookie", "b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT"},
            {"vary", "accept"}};
}

TEST(LambdaResponse, RestPutsSingleValuesInHeadersAndRepeatsInMultiValueHeaders) {
    auto r = response(event_source::api_gateway_rest, sample_headers());
    EXPECT_EQ(r, json::parse(R"({"statusCode":200,
        "headers":{"content-type":"application/json"},
        "multiValueHeaders":{"set-cookie":["a=1; Path=/","b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT"],
                             "vary":["origin","accept"]},
        "body":"{}","isBase64Encoded":false})"));
}

TEST(LambdaResponse, RestPutsEvenASingleSetCookieInMultiValueHeaders) {
    auto r = response(event_source::api_gateway_rest, {{"set-cookie", "a=1"}});
    EXPECT_EQ(r.at("multiValueHeaders"), json::parse(R"({"set-cookie":["a=1"]})"));
    EXPECT_EQ(r.at("headers"), json::object());
}

TEST(LambdaResponse, HttpApiPayloadV1AnswersInTheV1Format) {
    auto r = response(event_source::api_gateway_http_v1, sample_headers());
    EXPECT_TRUE(r.as_object().contains("multiValueHeaders"));
    EXPECT_FALSE(r.as_object().contains("cookies"));
}

TEST(LambdaResponse, HttpApiPutsSetCookieInCookiesAndJoinsRepeats) {
    auto r = response(event_source::api_gateway_http, sample_headers(), "hi", false, 201);
    EXPECT_EQ(r, json::parse(R"({"statusCode":201,
        "headers":{"content-type":"application/json","vary":"origin, accept"},
        "cookies":["a=1; Path=/","b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT"],
        "body":"hi","isBase64Encoded":false})"));
}

TEST(LambdaResponse, FunctionUrlAnswersLikeHttpApi) {
    EXPECT_EQ(response(event_source::function_url, sample_headers()),
              response(event_source::api_gateway_http, sample_headers()));
}

TEST(LambdaResponse, HttpApiWithoutCookiesHasAnEmptyCookieList) {
    auto r = response(event_source::api_gateway_http, {});
    EXPECT_EQ(r.at("cookies"), json::array());
    EXPECT_EQ(r.at("headers"), json::object());
}

TEST(LambdaResponse, AlbHasAStatusDescription) {
    auto r = response(event_source::alb, {}, "", false, 404);
    EXPECT_EQ(r.at("statusDescription"), "404 Not Found");
    EXPECT_EQ(r.at("statusCode"), 404);
}

TEST(LambdaResponse, AlbMultiValueModeUsesOnlyMultiValueHeaders) {
    auto r = response(event_source::alb, sample_headers(), "{}", true);
    EXPECT_FALSE(r.as_object().contains("headers"));
    EXPECT_EQ(r.at("multiValueHeaders"), json::parse(R"({"content-type":["application/json"],
        "set-cookie":["a=1; Path=/","b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT"],
        "vary":["origin","accept"]})"));
}

TEST(LambdaResponse, AlbSingleValueModeJoinsRepeatsAndKeepsTheLastCookie) {
    auto r = response(event_source::alb, sample_headers(), "{}", false);
    EXPECT_FALSE(r.as_object().contains("multiValueHeaders"));
    EXPECT_EQ(r.at("headers"), json::parse(R"({"content-type":"application/json",
        "set-cookie":"b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT","vary":"origin, accept"})"));
}

TEST(LambdaResponse, Utf8BodyTravelsAsText) {
    std::string body = "caf\xc3\xa9 \xf0\x9f\x9a\x80 \"quoted\"\n\x01";
    auto r = response(event_source::api_gateway_http, {}, body);
    EXPECT_EQ(r.at("body"), body.c_str());
    EXPECT_EQ(r.at("isBase64Encoded"), false);
}

TEST(LambdaResponse, NonUtf8BodyIsBase64Encoded) {
    for (auto source : {event_source::api_gateway_rest, event_source::api_gateway_http, event_source::alb}) {
        auto r = response(source, {}, std::string("\x89PNG\r\n\x1a\n\x00\xff", 10));
        EXPECT_EQ(r.at("body"), "iVBORw0KGgoA/w==");
        EXPECT_EQ(r.at("isBase64Encoded"), true);
    }
}

TEST(LambdaResponse, EmptyBodyIsAnEmptyString) {
    auto r = response(event_source::api_gateway_rest, {}, "", false, 202);
    EXPECT_EQ(r.at("body"), "");
    EXPECT_EQ(r.at("isBase64Encoded"), false);
}

TEST(LambdaResponse, ReasonPhrases) {
    EXPECT_EQ(reason_phrase(200), "OK");
    EXPECT_EQ(reason_phrase(405), "Method Not Allowed");
    EXPECT_EQ(reason_phrase(429), "Too Many Requests");
    EXPECT_EQ(reason_phrase(599), "Unknown");
}

} // namespace
} // namespace mcp::lambda
