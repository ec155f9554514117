// The auth error category: its name and a distinct phrase per code.
#include <mcp/auth/error.hpp>

#include <gtest/gtest.h>

#include <set>

namespace {

using namespace mcp::auth;

TEST(AuthErrorCategory, IsNamedForTheLayer) {
    EXPECT_STREQ(error_category().name(), "mcp.auth");
    EXPECT_EQ(&make_error_code(errc::expired).category(), &error_category());
}

TEST(AuthErrorCategory, EveryCodeHasAPhraseOfItsOwn) {
    std::set<std::string> seen;
    for (int v = static_cast<int>(errc::malformed); v <= static_cast<int>(errc::wrong_type); ++v) {
        auto const text = make_error_code(static_cast<errc>(v)).message();
        EXPECT_EQ(text.find("unknown"), std::string::npos) << text;
        seen.insert(text);
    }
    EXPECT_EQ(seen.size(), static_cast<std::size_t>(errc::wrong_type));
    EXPECT_EQ(error_category().message(99), "unknown auth error 99");
}

TEST(AuthError, ComparesWithItsEnum) {
    error const e(errc::unknown_kid, "no key has the token's kid");
    EXPECT_EQ(e.code(), errc::unknown_kid);
    EXPECT_NE(e.code(), errc::bad_signature);
    EXPECT_EQ(e.message(), "no key has the token's kid");
}

} // namespace
