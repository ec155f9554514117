// The emulator's text codecs: percent-decoding, ids, the gateway time format. (Base64 and UTF-8 are the
// framework's, tested in src/mcp/json/bytes_test.cpp.)
#include <lambda_emulator/text.hpp>

#include <gtest/gtest.h>

namespace lambda_emulator {
namespace {

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
