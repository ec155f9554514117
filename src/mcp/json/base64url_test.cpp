// base64url without padding: the RFC 4648 vectors, round trips, and every spelling that must be refused.
#include <mcp/json/bytes.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcp::json;

TEST(Base64url, EncodesTheRfc4648VectorsWithoutPadding) {
    EXPECT_EQ(base64url_encode(""), "");
    EXPECT_EQ(base64url_encode("f"), "Zg");
    EXPECT_EQ(base64url_encode("fo"), "Zm8");
    EXPECT_EQ(base64url_encode("foo"), "Zm9v");
    EXPECT_EQ(base64url_encode("foob"), "Zm9vYg");
    EXPECT_EQ(base64url_encode("fooba"), "Zm9vYmE");
    EXPECT_EQ(base64url_encode("foobar"), "Zm9vYmFy");
}

TEST(Base64url, UsesTheUrlSafeAlphabet) {
    EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
    EXPECT_EQ(base64url_decode("-_8"), std::string("\xfb\xff"));
}

TEST(Base64url, DecodesTheRfc7515HeaderExample) {
    // RFC 7515 section 3.3: the JOSE header of the HS256 example.
    EXPECT_EQ(base64url_decode("eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"),
              std::string("{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}"));
}

TEST(Base64url, RoundTripsEveryLengthAndByte) {
    std::string bytes;
    for (int i = 0; i < 300; ++i) {
        EXPECT_EQ(base64url_decode(base64url_encode(bytes)), bytes) << "length " << bytes.size();
        bytes += static_cast<char>((i * 37) & 0xff);
    }
}

TEST(Base64url, RefusesPadding) {
    EXPECT_FALSE(base64url_decode("Zg=="));
    EXPECT_FALSE(base64url_decode("Zm8="));
}

TEST(Base64url, RefusesTheStandardAlphabetsOwnCharacters) {
    EXPECT_FALSE(base64url_decode("+/8"));
    EXPECT_FALSE(base64url_decode("ab/c"));
}

TEST(Base64url, RefusesWhitespaceAndOtherBytes) {
    EXPECT_FALSE(base64url_decode("Zm9v Yg"));
    EXPECT_FALSE(base64url_decode("Zm9v\nYg"));
    EXPECT_FALSE(base64url_decode("Zm9v!"));
    EXPECT_FALSE(base64url_decode(std::string_view("Zm\0v", 4)));
}

TEST(Base64url, RefusesALengthNoEncodingHas) {
    EXPECT_FALSE(base64url_decode("Z"));
    EXPECT_FALSE(base64url_decode("Zm9vY"));
}

TEST(Base64url, RefusesNonZeroBitsAfterTheLastByte) {
    EXPECT_EQ(base64url_decode("YQ"), std::string("a"));
    EXPECT_FALSE(base64url_decode("YR"));
    EXPECT_EQ(base64url_decode("YWE"), std::string("aa"));
    EXPECT_FALSE(base64url_decode("YWF"));
}

TEST(Base64url, TheEmptyTextIsTheEmptyString) {
    EXPECT_EQ(base64url_decode(""), std::string());
}

} // namespace
