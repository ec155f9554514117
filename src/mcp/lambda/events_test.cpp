// parse_invocation against real-shaped events of every source (testing/events/), and against payloads that
// are not HTTP events or are broken.
#include <mcp/lambda/events.hpp>
#include <mcp/lambda/testing/event_fixtures.hpp>

#include <gtest/gtest.h>

namespace mcp::lambda {
namespace {

using testing::all_values;
using testing::edited_event;
using testing::http_event_from;
using testing::http_event_of;
namespace json = boost::json;

std::string error_of(std::string_view payload) {
    auto r = parse_invocation(payload);
    if (r) {
        ADD_FAILURE() << "expected an error";
        return {};
    }
    EXPECT_EQ(r.error().code(), protocol::code::invalid_request);
    return r.error().message();
}

// REST API (payload 1.0)

TEST(LambdaEvents, RestEventMapsMethodPathAndStage) {
    auto e = http_event_from("rest_lambda_authorizer.json");
    EXPECT_EQ(e.source, event_source::api_gateway_rest);
    EXPECT_EQ(e.request.method, "POST");
    EXPECT_EQ(e.stage, "prod");
    EXPECT_TRUE(e.multi_value_headers);
    EXPECT_EQ(e.request.target.substr(0, 5), "/mcp?");
}

TEST(LambdaEvents, RestPrefersMultiValueHeadersAndKeepsTheirOrder) {
    auto e = http_event_from("rest_lambda_authorizer.json");
    EXPECT_EQ(all_values(e.request.headers, "x-custom"), (std::vector<std::string>{"first", "second"}));
    EXPECT_EQ(e.request.headers.get("mcp-session-id"), "5f0c7a52-2f7e-4d8e-9f61-0d3b1c2a9e44");
}

TEST(LambdaEvents, RestReencodesMultiValueQueryParameters) {
    auto e = http_event_from("rest_lambda_authorizer.json");
    EXPECT_EQ(e.request.target, "/mcp?tag=a&tag=b&q=a%20b%26c");
}

TEST(LambdaEvents, RestFallsBackToSingleValueFieldsWhenMultiValueOnesAreMissing) {
    auto payload = edited_event("rest_lambda_authorizer.json", [](json::object& ev) {
        ev.erase("multiValueHeaders");
        ev.erase("multiValueQueryStringParameters");
    });
    auto e = http_event_of(payload);
    EXPECT_EQ(all_values(e.request.headers, "x-custom"), (std::vector<std::string>{"second"}));
    EXPECT_EQ(e.request.target, "/mcp?tag=b&q=a%20b%26c");
}

TEST(LambdaEvents, RestRemoteAddressIsTheIdentitySourceIp) {
    EXPECT_EQ(http_event_from("rest_lambda_authorizer.json").request.remote_address, "198.51.100.23");
}

TEST(LambdaEvents, RestBodyIsPassedThrough) {
    EXPECT_EQ(http_event_from("rest_lambda_authorizer.json").request.body,
              R"({"jsonrpc":"2.0","id":1,"method":"tools/list"})");
}

TEST(LambdaEvents, RestNullBodyAndNullQueryAreEmpty) {
    auto e = http_event_from("rest_cognito_authorizer.json");
    EXPECT_EQ(e.request.method, "GET");
    EXPECT_EQ(e.request.target, "/mcp");
    EXPECT_EQ(e.request.body, "");
}

TEST(LambdaEvents, RestPathKeepsASegmentNamedLikeTheStage) {
    // REST's `path` never carries the stage: a first segment equal to it is part of the route.
    auto e = http_event_of(
        edited_event("rest_no_authorizer.json", [](json::object& ev) { ev["path"] = "/dev/mcp"; }));
    EXPECT_EQ(e.request.target, "/dev/mcp");
}

TEST(LambdaEvents, Base64BodyIsDecoded) {
    EXPECT_EQ(http_event_from("rest_no_authorizer.json").request.body,
              R"({"jsonrpc":"2.0","id":1,"method":"ping"})");
}

TEST(LambdaEvents, InvalidBase64BodyIsAClearError) {
    auto payload =
        edited_event("rest_no_authorizer.json", [](json::object& ev) { ev["body"] = "not base64!"; });
    EXPECT_EQ(error_of(payload), "body is marked base64 (isBase64Encoded) but is not valid base64");
}

// HTTP API payload 1.0

TEST(LambdaEvents, HttpApiPayloadV1IsItsOwnSourceWithMultiValueHeaders) {
    auto e = http_event_from("http_api_payload_v1.json");
    EXPECT_EQ(e.source, event_source::api_gateway_http_v1);
    EXPECT_TRUE(e.multi_value_headers);
    EXPECT_EQ(all_values(e.request.headers, "x-dup"), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(e.request.remote_address, "192.0.2.10");
}

TEST(LambdaEvents, HttpApiPayloadV1PathLosesTheStagePrefix) {
    auto e = http_event_from("http_api_payload_v1.json");
    EXPECT_EQ(e.stage, "dev");
    EXPECT_EQ(e.request.target, "/mcp?page=2");
}

// HTTP API payload 2.0

TEST(LambdaEvents, HttpApiEventMapsMethodHeadersAndRemoteAddress) {
    auto e = http_event_from("http_api_lambda_authorizer.json");
    EXPECT_EQ(e.source, event_source::api_gateway_http);
    EXPECT_FALSE(e.multi_value_headers);
    EXPECT_EQ(e.request.method, "POST");
    EXPECT_EQ(e.request.headers.get("mcp-protocol-version"), "2025-11-25");
    EXPECT_EQ(all_values(e.request.headers, "x-multi"), (std::vector<std::string>{"one,two"}));
    EXPECT_EQ(e.request.remote_address, "198.51.100.4");
}

TEST(LambdaEvents, HttpApiNamedStageIsStrippedFromThePathAndRawQueryKept) {
    auto e = http_event_from("http_api_lambda_authorizer.json");
    EXPECT_EQ(e.stage, "prod");
    EXPECT_EQ(e.request.target, "/mcp?trace=on&x=%20y");
}

TEST(LambdaEvents, HttpApiDefaultStageLeavesThePathAlone) {
    auto e = http_event_from("http_api_jwt_authorizer.json");
    EXPECT_EQ(e.stage, "$default");
    EXPECT_EQ(e.request.method, "DELETE");
    EXPECT_EQ(e.request.target, "/mcp");
    EXPECT_EQ(e.request.body, "");
}

TEST(LambdaEvents, StageIsStrippedOnlyAsAWholeSegment) {
    auto with_path = [](std::string path) {
        return http_event_of(edited_event("http_api_lambda_authorizer.json",
                                          [&](json::object& ev) {
                                              ev["rawPath"] = path;
                                              ev["rawQueryString"] = "";
                                          }))
            .request.target;
    };
    EXPECT_EQ(with_path("/production/mcp"), "/production/mcp");
    EXPECT_EQ(with_path("/prod"), "/");
    EXPECT_EQ(with_path("/prod/"), "/");
    EXPECT_EQ(with_path("/mcp/prod"), "/mcp/prod");
}

TEST(LambdaEvents, HttpApiCookiesBecomeOneCookieHeader) {
    auto e = http_event_from("http_api_lambda_authorizer.json");
    EXPECT_EQ(all_values(e.request.headers, "cookie"),
              (std::vector<std::string>{"session=abc123; theme=dark"}));
}

TEST(LambdaEvents, HttpApiWithoutRawPathUsesTheContextPath) {
    auto e = http_event_of(
        edited_event("http_api_jwt_authorizer.json", [](json::object& ev) { ev.erase("rawPath"); }));
    EXPECT_EQ(e.request.target, "/mcp");
}

// Function URL

TEST(LambdaEvents, FunctionUrlIsRecognisedByItsDomain) {
    auto e = http_event_from("function_url.json");
    EXPECT_EQ(e.source, event_source::function_url);
    EXPECT_EQ(e.stage, "");
    EXPECT_EQ(e.request.target, "/mcp?a=1&a=2");
    EXPECT_EQ(e.request.headers.get("cookie"), "AWSALB=xyz");
    EXPECT_EQ(e.request.remote_address, "198.51.100.150");
}

TEST(LambdaEvents, FunctionUrlBinaryBodyIsDecodedByteForByte) {
    EXPECT_EQ(http_event_from("function_url.json").request.body,
              std::string("\x89PNG\r\n\x1a\n\x00\xff", 10));
}

// ALB

TEST(LambdaEvents, AlbQueryIsKeptAsTheClientEncodedIt) {
    auto e = http_event_from("alb.json");
    EXPECT_EQ(e.source, event_source::alb);
    EXPECT_EQ(e.request.target, "/mcp?q=hello%20world&lang=en");
}

TEST(LambdaEvents, AlbRemoteAddressIsTheLastForwardedHop) {
    EXPECT_EQ(http_event_from("alb.json").request.remote_address, "203.0.113.50");
}

TEST(LambdaEvents, AlbWithoutMultiValueHeadersAnswersWithSingleValues) {
    EXPECT_FALSE(http_event_from("alb.json").multi_value_headers);
}

TEST(LambdaEvents, AlbWithMultiValueHeadersKeepsEveryValue) {
    auto e = http_event_from("alb_multi_value.json");
    EXPECT_TRUE(e.multi_value_headers);
    EXPECT_EQ(e.request.method, "GET");
    EXPECT_EQ(all_values(e.request.headers, "cookie"), (std::vector<std::string>{"a=1", "b=2"}));
    EXPECT_EQ(e.request.headers.get("last-event-id"), "17");
    EXPECT_EQ(e.request.target, "/mcp?tag=a%2Fb&tag=c");
    EXPECT_EQ(e.request.remote_address, "192.0.2.2");
}

// Completion notices and unknown payloads

TEST(LambdaEvents, CompletionNoticeIsRecognised) {
    auto r = parse_invocation(testing::event_text("completion_notice.json"));
    ASSERT_TRUE(r) << r.error().message();
    auto const* notice = std::get_if<completion_notice>(&*r);
    ASSERT_NE(notice, nullptr);
    EXPECT_EQ(notice->status, "Success");
}

TEST(LambdaEvents, CompletionNoticeWithANonStringStatusKeepsItsJson) {
    auto r = parse_invocation(R"({"invokeCompletionStatus":{"code":"Failure"}})");
    ASSERT_TRUE(r);
    EXPECT_EQ(std::get<completion_notice>(*r).status, R"({"code":"Failure"})");
}

TEST(LambdaEvents, HttpShapeWinsOverACompletionStatus) {
    auto payload =
        edited_event("function_url.json", [](json::object& ev) { ev["invokeCompletionStatus"] = "x"; });
    EXPECT_EQ(http_event_of(payload).source, event_source::function_url);
}

TEST(LambdaEvents, NestedCompletionStatusIsNotANotice) {
    EXPECT_NE(error_of(R"({"data":{"invokeCompletionStatus":"Success"}})").find("not an HTTP event"),
              std::string::npos);
}

TEST(LambdaEvents, UnknownEventNamesWhatIsMissingAndWhatWasThere) {
    auto message = error_of(R"({"Records":[{"eventSource":"aws:s3"}]})");
    EXPECT_EQ(message, "not an HTTP event: no httpMethod, requestContext.http or requestContext.elb, and no "
                       "invokeCompletionStatus (top-level keys: Records)");
}

TEST(LambdaEvents, EmptyObjectIsNotAnHttpEvent) {
    EXPECT_NE(error_of("{}").find("(top-level keys: none)"), std::string::npos);
}

TEST(LambdaEvents, NonObjectPayloadIsNotAnHttpEvent) {
    EXPECT_EQ(error_of("[1,2]"), "not an HTTP event: the payload is an array, not a JSON object");
    EXPECT_EQ(error_of(R"("hello")"), "not an HTTP event: the payload is a string, not a JSON object");
    EXPECT_EQ(error_of("null"), "not an HTTP event: the payload is null, not a JSON object");
}

TEST(LambdaEvents, MalformedJsonIsAClearError) {
    EXPECT_EQ(error_of(R"({"httpMethod": "GET",)").rfind("payload is not valid JSON: ", 0), 0u);
    EXPECT_EQ(error_of("").rfind("payload is not valid JSON: ", 0), 0u);
    EXPECT_EQ(error_of(std::string(100000, '[')).rfind("payload is not valid JSON: ", 0), 0u);
}

TEST(LambdaEvents, WrongFieldTypeNamesTheField) {
    EXPECT_EQ(error_of(R"({"httpMethod": 5, "path": "/"})"), "httpMethod must be a string, not a number");
    auto payload = edited_event("http_api_jwt_authorizer.json",
                                [](json::object& ev) { ev["headers"].as_object()["x-n"] = 1; });
    EXPECT_EQ(error_of(payload), "headers.x-n must be a string, not a number");
    payload =
        edited_event("rest_no_authorizer.json", [](json::object& ev) { ev["isBase64Encoded"] = "true"; });
    EXPECT_EQ(error_of(payload), "isBase64Encoded must be a boolean, not a string");
    payload = edited_event("rest_no_authorizer.json", [](json::object& ev) {
        ev["multiValueQueryStringParameters"] = json::parse(R"({"a":"1"})");
    });
    EXPECT_EQ(error_of(payload), "multiValueQueryStringParameters.a must be an array, not a string");
}

TEST(LambdaEvents, MissingMethodIsAClearError) {
    auto payload = edited_event("http_api_jwt_authorizer.json", [](json::object& ev) {
        ev["requestContext"].as_object()["http"].as_object().erase("method");
    });
    EXPECT_EQ(error_of(payload), "the HTTP method of the event is empty");
}

TEST(LambdaEvents, SourceNamesForLogs) {
    EXPECT_EQ(to_string(event_source::api_gateway_rest), "api_gateway_rest");
    EXPECT_EQ(to_string(event_source::function_url), "function_url");
    EXPECT_EQ(to_string(event_source::alb), "alb");
}

} // namespace
} // namespace mcp::lambda
