// regex: ECMA-262 patterns translated to RE2, and the patterns RE2 cannot run refused with a reason.
#include <mcp/json/schema/regex.hpp>

#include <gtest/gtest.h>

#include <string>

namespace {

using mcp::json::schema::regex;

bool matches(char const* pattern, std::string const& text) {
    auto re = regex::compile(pattern);
    if (!re)
        throw std::runtime_error(re.error());
    return re->search(text);
}

TEST(SchemaRegex, SearchesAnywhereUnlessAnchored) {
    EXPECT_TRUE(matches("b+", "abbc"));
    EXPECT_FALSE(matches("^b+", "abbc"));
}

TEST(SchemaRegex, DollarDoesNotMatchBeforeATrailingNewline) {
    EXPECT_FALSE(matches("^abc$", "abc\n"));
}

TEST(SchemaRegex, UnicodeEscapesBecomeCodePoints) {
    EXPECT_TRUE(matches("^\\u00e9$", "\xc3\xa9"));
    EXPECT_TRUE(matches("^\\ud83d\\udc32$", "\xf0\x9f\x90\xb2")); // a surrogate pair is one code point
}

TEST(SchemaRegex, SpaceClassIncludesUnicodeSpaces) {
    EXPECT_TRUE(matches("^\\s$", "\xc2\xa0"));      // U+00A0
    EXPECT_FALSE(matches("^\\S$", "\xe2\x80\xa8")); // U+2028
}

TEST(SchemaRegex, DotStopsAtEveryLineTerminator) {
    EXPECT_FALSE(matches("^.$", "\r"));
    EXPECT_TRUE(matches("^.$", "\xc3\xa9"));
}

TEST(SchemaRegex, NamedGroupsAreAccepted) {
    EXPECT_TRUE(matches("^(?<year>\\d{4})$", "2025"));
}

TEST(SchemaRegex, LookaheadIsRefusedWithAReason) {
    auto re = regex::compile("^(?=a)a");
    ASSERT_FALSE(re);
    EXPECT_NE(re.error().find("lookahead"), std::string::npos) << re.error();
    EXPECT_NE(re.error().find("RE2"), std::string::npos) << re.error();
}

TEST(SchemaRegex, LookbehindIsRefusedWithAReason) {
    auto re = regex::compile("(?<!a)b");
    ASSERT_FALSE(re);
    EXPECT_NE(re.error().find("lookbehind"), std::string::npos) << re.error();
}

TEST(SchemaRegex, BackreferenceIsRefusedWithAReason) {
    auto re = regex::compile("(a)\\1");
    ASSERT_FALSE(re);
    EXPECT_NE(re.error().find("backreference"), std::string::npos) << re.error();
}

TEST(SchemaRegex, InvalidPatternNamesThePattern) {
    auto re = regex::compile("(");
    ASSERT_FALSE(re);
    EXPECT_NE(re.error().find("pattern \"(\""), std::string::npos) << re.error();
}

} // namespace
