#include <mcp/protocol/version.hpp>

#include <gtest/gtest.h>

#include <string>

namespace {

using namespace mcp::protocol;

TEST(Version, LatestIsFirstSupportedVersion) {
    EXPECT_EQ(latest_version, "2025-11-25");
    EXPECT_EQ(supported_versions.front(), latest_version);
}

TEST(Version, EverySupportedVersionIsEchoed) {
    for (auto v : supported_versions) {
        EXPECT_TRUE(is_supported_version(v)) << v;
        EXPECT_EQ(negotiate_version(v), v);
    }
}

TEST(Version, EachKnownVersionIsSupported) {
    EXPECT_TRUE(is_supported_version("2025-11-25"));
    EXPECT_TRUE(is_supported_version("2025-06-18"));
    EXPECT_TRUE(is_supported_version("2025-03-26"));
    EXPECT_TRUE(is_supported_version("2024-11-05"));
}

TEST(Version, UnknownNewerVersionGetsLatest) {
    EXPECT_FALSE(is_supported_version("2026-07-28"));
    EXPECT_EQ(negotiate_version("2026-07-28"), latest_version);
}

TEST(Version, UnknownOlderVersionGetsLatest) {
    EXPECT_FALSE(is_supported_version("2024-10-07"));
    EXPECT_EQ(negotiate_version("2024-10-07"), latest_version);
}

TEST(Version, GarbageAndEmptyGetLatest) {
    EXPECT_EQ(negotiate_version(""), latest_version);
    EXPECT_EQ(negotiate_version("latest"), latest_version);
    EXPECT_EQ(negotiate_version("2025-11-25 "), latest_version);
}

TEST(Version, NegotiatedVersionDoesNotPointIntoTheRequest) {
    std::string requested = "2025-06-18";
    auto v = negotiate_version(requested);
    requested.assign("xxxxxxxxxx");
    EXPECT_EQ(v, "2025-06-18");
}

TEST(Version, DefaultHttpVersionIsSupported) {
    EXPECT_TRUE(is_supported_version(default_http_version));
}

} // namespace
