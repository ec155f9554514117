#include <mcp/server/uri_template.hpp>

#include <gtest/gtest.h>

namespace {

using mcp::uri_template;

TEST(uri_template, MatchesSimpleVariable) {
    auto t = *uri_template::parse("test://template/{id}/data");
    auto vars = t.match("test://template/123/data");
    ASSERT_TRUE(vars);
    EXPECT_EQ(vars->at("id"), "123");
}

TEST(uri_template, RejectsUriWithDifferentLiteral) {
    auto t = *uri_template::parse("test://template/{id}/data");
    EXPECT_FALSE(t.match("test://template/123/other"));
    EXPECT_FALSE(t.match("test://template/123/data/more"));
}

TEST(uri_template, SimpleVariableDoesNotCrossSlash) {
    auto t = *uri_template::parse("file:///{name}");
    EXPECT_FALSE(t.match("file:///a/b"));
}

TEST(uri_template, ReservedVariableCrossesSlash) {
    auto t = *uri_template::parse("file:///{+path}");
    auto vars = t.match("file:///a/b/c.txt");
    ASSERT_TRUE(vars);
    EXPECT_EQ(vars->at("path"), "a/b/c.txt");
}

TEST(uri_template, PercentDecodesSimpleValues) {
    auto t = *uri_template::parse("users://{name}");
    EXPECT_EQ(t.match("users://Ada%20Lovelace")->at("name"), "Ada Lovelace");
}

TEST(uri_template, RejectsBadPercentEncoding) {
    auto t = *uri_template::parse("users://{name}");
    EXPECT_FALSE(t.match("users://bad%zz"));
    EXPECT_FALSE(t.match("users://cut%2"));
}

TEST(uri_template, MatchesSeveralVariables) {
    auto t = *uri_template::parse("db://{table}/{row}");
    auto vars = t.match("db://users/42");
    ASSERT_TRUE(vars);
    EXPECT_EQ(vars->at("table"), "users");
    EXPECT_EQ(vars->at("row"), "42");
    EXPECT_EQ(t.variable_names(), (std::vector<std::string>{"table", "row"}));
}

TEST(uri_template, FragmentVariableNeedsHash) {
    auto t = *uri_template::parse("doc://page{#section}");
    EXPECT_EQ(t.match("doc://page#intro")->at("section"), "intro");
    EXPECT_FALSE(t.match("doc://pageintro"));
}

TEST(uri_template, EmptyValueDoesNotMatch) {
    auto t = *uri_template::parse("test://{id}/data");
    EXPECT_FALSE(t.match("test:///data"));
}

TEST(uri_template, ParseErrorsNameTheProblem) {
    EXPECT_NE(uri_template::parse("a{b").error().find("unclosed"), std::string::npos);
    EXPECT_NE(uri_template::parse("a}b").error().find("unmatched"), std::string::npos);
    EXPECT_NE(uri_template::parse("a{}").error().find("empty"), std::string::npos);
    EXPECT_NE(uri_template::parse("a{?q}").error().find("unsupported"), std::string::npos);
    EXPECT_NE(uri_template::parse("a{x}{y}").error().find("literal"), std::string::npos);
}

TEST(uri_template, LiteralOnlyTemplateMatchesItself) {
    auto t = *uri_template::parse("test://static");
    EXPECT_TRUE(t.match("test://static"));
    EXPECT_FALSE(t.match("test://static2"));
}

} // namespace
