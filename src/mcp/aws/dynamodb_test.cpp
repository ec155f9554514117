// The pure parts of the DynamoDB client: attribute values and base64. The client's calls are tested against
// dynalite in tests/aws/dynamodb_client_test.cpp.
#include <mcp/aws/dynamodb.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcp::aws;
namespace json = boost::json;

TEST(DynamoDbAttributes, Base64OfTheRfcVectors) {
    EXPECT_EQ(base64_encode(""), "");
    EXPECT_EQ(base64_encode("f"), "Zg==");
    EXPECT_EQ(base64_encode("fo"), "Zm8=");
    EXPECT_EQ(base64_encode("foo"), "Zm9v");
    EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
    EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
    EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
    EXPECT_EQ(base64_decode("Zm9vYmE="), "fooba");
    EXPECT_EQ(base64_decode("Zg=="), "f");
    EXPECT_EQ(base64_decode(""), "");
}

TEST(DynamoDbAttributes, Base64RoundTripsEveryByte) {
    std::string bytes;
    for (int i = 0; i < 256; ++i)
        bytes += static_cast<char>(i);
    for (std::size_t len = 0; len <= bytes.size(); len += 37)
        EXPECT_EQ(base64_decode(base64_encode(bytes.substr(0, len))), bytes.substr(0, len));
}

TEST(DynamoDbAttributes, MalformedBase64IsNothing) {
    EXPECT_FALSE(base64_decode("Zm9"));      // not a multiple of 4
    EXPECT_FALSE(base64_decode("Zm9v!A==")); // outside the alphabet
    EXPECT_FALSE(base64_decode("Z=9v"));     // padding in the middle
    EXPECT_FALSE(base64_decode("Zm=v"));     // data after padding
}

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
