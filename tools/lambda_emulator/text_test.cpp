// The emulator's text codecs: base64 both ways, UTF-8 validation, percent-decoding, ids, the gateway time
// format.
#include <lambda_emulator/text.hpp>

#include <gtest/gtest.h>

namespace lambda_emulator {
namespace {

TEST(Base64, EncodesEveryPaddingLength) {
    EXPECT_EQ(base64_encode(""), "");
    EXPECT_EQ(base64_encode("f"), "Zg==");
    EXPECT_EQ(base64_encode("fo"), "Zm8=");
    EXPECT_EQ(base64_encode("foo"), "Zm9v");
    EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
    EXPECT_EQ(base64_encode(std::string("\xff\x00\xfe", 3)), "/wD+");
}

TEST(Base64, DecodesWhatItEncodes) {
    std::string all;
    for (int i = 0; i < 256; ++i)
        all += static_cast<char>(i);
    EXPECT_EQ(base64_decode(base64_encode(all)), all);
    EXPECT_EQ(base64_decode("Zm8="), "fo");
}

TEST(Base64, RejectsMalformedText) {
    EXPECT_FALSE(base64_decode("Zm8"));
    EXPECT_FALSE(base64_decode("Zm=v"));
    EXPECT_FALSE(base64_decode("Z==="));
    EXPECT_FALSE(base64_decode("Zm9v Zg=="));
    EXPECT_FALSE(base64_decode("Zg==Zm9v"));
}

TEST(Utf8, AcceptsWellFormedText) {
    EXPECT_TRUE(is_utf8(""));
    EXPECT_TRUE(is_utf8("plain ascii"));
    EXPECT_TRUE(is_utf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));
}

TEST(Utf8, RejectsBrokenSequences) {
    EXPECT_FALSE(is_utf8("\xff"));
    EXPECT_FALSE(is_utf8("\xc3"));             // truncated
    EXPECT_FALSE(is_utf8("\xc0\xaf"));         // overlong
    EXPECT_FALSE(is_utf8("\xed\xa0\x80"));     // surrogate
    EXPECT_FALSE(is_utf8("\xf4\x90\x80\x80")); // above U+10FFFF
    EXPECT_FALSE(is_utf8(std::string("\x89PNG\r\n\x1a\n", 8)));
}

TEST(PercentDecode, DecodesEscapesAndKeepsTheRest) {
    EXPECT_EQ(percent_decode("a%20b%2Fc"), "a b/c");
    EXPECT_EQ(percent_decode("a+b"), "a+b");
    EXPECT_EQ(percent_decode("100%"), "100%");
    EXPECT_EQ(percent_decode("%zz%4"), "%zz%4");
}

TEST(Ids, UuidHasVersion4Form) {
    auto id = random_uuid();
    ASSERT_EQ(id.size(), 36u);
    EXPECT_EQ(id[8], '-');
    EXPECT_EQ(id[14], '4');
    EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos);
    EXPECT_NE(random_uuid(), id);
}

TEST(GatewayTime, UsesTheApiGatewayFormat) {
    auto t = std::chrono::system_clock::time_point(std::chrono::milliseconds(1583348638390));
    EXPECT_EQ(gateway_time(t), "04/Mar/2020:19:03:58 +0000");
    EXPECT_EQ(epoch_ms(t), 1583348638390);
}

} // namespace
} // namespace lambda_emulator
