// The pure parts of the DynamoDB client: attribute values (base64 itself is tested in json/bytes_test.cpp)
// and the error a call ends with. The client's calls are tested against dynalite in
// tests/aws/dynamodb_client_test.cpp.
#include <mcp/aws/dynamodb.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcp::aws;
namespace json = boost::json;

TEST(DynamoDbAttributes, ValuesRoundTripThroughAnItem) {
    json::object item{{"s", string_attribute("héllo")},
                      {"n", number_attribute(-9007199254740993LL)},
                      {"b", binary_attribute(std::string("a\0b\xff", 4))}};
    EXPECT_EQ(item["s"], (json::object{{"S", "héllo"}}));
    EXPECT_EQ(item["n"], (json::object{{"N", "-9007199254740993"}}));
    EXPECT_EQ(read_string(item, "s"), "héllo");
    EXPECT_EQ(read_number(item, "n"), -9007199254740993LL);
    EXPECT_EQ(read_binary(item, "b"), std::string("a\0b\xff", 4));
}

TEST(DynamoDbAttributes, ReadsOfMissingOrMistypedAttributesAreNothing) {
    json::object item{
        {"s", string_attribute("x")}, {"n", json::object{{"N", "1.5"}}}, {"b", json::object{{"B", "%%"}}}};
    EXPECT_FALSE(read_string(item, "missing"));
    EXPECT_FALSE(read_number(item, "s"));
    EXPECT_FALSE(read_number(item, "n")) << "not an int64";
    EXPECT_FALSE(read_binary(item, "b")) << "not base64";
    EXPECT_FALSE(read_binary(item, "s"));
}

http_response answered(unsigned status, std::string body) {
    return http_response{.status = status, .headers = {}, .body = std::move(body)};
}

constexpr std::string_view url = "http://127.0.0.1:8000/";

TEST(DynamoDbCallError, ARefusalIsRejectedWithTheServiceTypeAndNoEndpoint) {
    auto const last = read_answer(answered(
        400,
        R"({"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"nope"})"));
    auto const e = call_error(last, url, "PutItem", 1);
    EXPECT_EQ(e.code(), errc::rejected);
    EXPECT_EQ(e.message(), "DynamoDB PutItem: ConditionalCheckFailedException: nope");
    EXPECT_EQ(service_error_type(e), "ConditionalCheckFailedException");
    EXPECT_TRUE(is_conditional_check_failed(e));
    EXPECT_FALSE(cannot_serve(e));
}

TEST(DynamoDbCallError, ThrottlingLeftAfterTheAttemptsIsUnavailableNamingEndpointAndOperation) {
    auto const last =
        read_answer(answered(400, R"({"__type":"x#ThrottlingException","message":"slow down"})"));
    auto const e = call_error(last, url, "Query", 6);
    EXPECT_EQ(e.code(), errc::unavailable);
    EXPECT_EQ(e.message(), "DynamoDB at http://127.0.0.1:8000/ unavailable for Query after 6 attempts: "
                           "ThrottlingException: slow down");
    EXPECT_EQ(service_error_type(e), "ThrottlingException");
    EXPECT_FALSE(is_conditional_check_failed(e));
    EXPECT_TRUE(cannot_serve(e));
}

TEST(DynamoDbCallError, ServerErrorsLeftAfterTheAttemptsAreUnavailable) {
    auto const e = call_error(read_answer(answered(503, "<html>busy</html>")), url, "GetItem", 3);
    EXPECT_EQ(e.code(), errc::unavailable);
    EXPECT_NE(e.message().find("HTTP 503: <html>busy</html>"), std::string::npos) << e.message();
}

TEST(DynamoDbCallError, NoAnswerIsUnavailableWithoutAServiceType) {
    answer const refused{.detail = "cannot connect: Connection refused"};
    auto const e = call_error(refused, url, "GetItem", 1);
    EXPECT_EQ(e.code(), errc::unavailable);
    EXPECT_EQ(e.message(), "DynamoDB at http://127.0.0.1:8000/ unavailable for GetItem after 1 attempt: "
                           "cannot connect: Connection refused");
    EXPECT_TRUE(service_error_type(e).empty());
}

TEST(DynamoDbCallError, AnAnswerThatBreaksTheProtocolIsMalformed) {
    auto const not_json = call_error(read_answer(answered(200, "[1, 2]")), url, "Scan", 6);
    EXPECT_EQ(not_json.code(), errc::malformed_answer);
    EXPECT_NE(not_json.message().find("not a JSON object"), std::string::npos) << not_json.message();
    auto bad_crc = answered(200, "{}");
    bad_crc.headers.push_back({"x-amz-crc32", "1"});
    auto const crc = call_error(read_answer(bad_crc), url, "Scan", 6);
    EXPECT_EQ(crc.code(), errc::malformed_answer);
    EXPECT_TRUE(cannot_serve(crc));
}

} // namespace
