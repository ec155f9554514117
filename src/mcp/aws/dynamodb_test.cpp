// The pure parts of the DynamoDB client: attribute values (base64 itself is tested in json/bytes_test.cpp). The client's calls are tested against
// dynalite in tests/aws/dynamodb_client_test.cpp.
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

} // namespace
