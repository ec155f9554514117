// Base64 (RFC 4648 test vectors, round trips, rejections) and the UTF-8 check.
#include <mcp/json/bytes.hpp>

#include <gtest/gtest.h>

namespace mcp::json {
namespace {

// RFC 4648 section 10.
std::pair<std::string_view, std::string_view> const vectors[] = {
    {"", ""},
    {"f", "Zg=="},
    {"fo", "Zm8="},
    {"foo", "Zm9v"},
    {"foob", "Zm9vYg=="},
    {"fooba", "Zm9vYmE="},
    {"foobar", "Zm9vYmFy"},
};

TEST(LambdaBase64, EncodesTheRfcVectors) {
    for (auto [plain, encoded] : vectors)
        EXPECT_EQ(base64_encode(plain), encoded) << plain;
}

TEST(LambdaBase64, DecodesTheRfcVectors) {
    for (auto [plain, encoded] : vectors)
        EXPECT_EQ(base64_decode(encoded), std::string(plain)) << encoded;
}

TEST(LambdaBase64, RoundTripsEveryByteValue) {
    std::string all;
    for (int i = 0; i < 256; ++i)
        all.push_back(char(i));
    for (std::size_t len = 0; len <= all.size(); len += 37)
        EXPECT_EQ(base64_decode(base64_encode(all.substr(0, len))), all.substr(0, len));
    EXPECT_EQ(base64_decode(base64_encode(all)), all);
}

TEST(LambdaBase64, AcceptsMissingPadding) {
    EXPECT_EQ(base64_decode("Zg"), "f");
    EXPECT_EQ(base64_decode("Zm8"), "fo");
}

TEST(LambdaBase64, RejectsWhatIsNotStandardBase64) {
    for (std::string_view bad :
         {"Z", "Zg=", "Zg===", "Zm9v!", "Zm 9v", "Zm9v\n", "Zm-_", "Zg==Zg==", "=", "===="})
        EXPECT_FALSE(base64_decode(bad)) << bad;
}

TEST(LambdaUtf8, AcceptsWellFormedText) {
    EXPECT_TRUE(is_valid_utf8(""));
    EXPECT_TRUE(is_valid_utf8("plain ascii {\"a\":1}"));
    EXPECT_TRUE(is_valid_utf8("caf\xc3\xa9"));
    EXPECT_TRUE(is_valid_utf8("\xe2\x82\xac"));         // U+20AC
    EXPECT_TRUE(is_valid_utf8("\xf0\x9f\x9a\x80"));     // U+1F680
    EXPECT_TRUE(is_valid_utf8("\xf4\x8f\xbf\xbf"));     // U+10FFFF
    EXPECT_TRUE(is_valid_utf8(std::string("a\0b", 3))); // NUL is a character
}

TEST(LambdaUtf8, RejectsMalformedSequences) {
    EXPECT_FALSE(is_valid_utf8("\xff"));
    EXPECT_FALSE(is_valid_utf8("\x80"));             // lone continuation
    EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));         // overlong '/'
    EXPECT_FALSE(is_valid_utf8("\xe0\x80\xaf"));     // overlong, three bytes
    EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));     // surrogate U+D800
    EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80")); // above U+10FFFF
    EXPECT_FALSE(is_valid_utf8("\xe2\x82"));         // truncated
    EXPECT_FALSE(is_valid_utf8("\xc3\x28"));         // bad continuation
}

} // namespace
} // namespace mcp::json
