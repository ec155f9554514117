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

// Ambiguous splits: each variable takes the shortest value that lets the rest of the template match.
TEST(uri_template, EarlierVariableTakesTheShortestValue) {
    auto t = *uri_template::parse("db://{a}-{b}");
    auto vars = t.match("db://x-y-z");
    ASSERT_TRUE(vars);
    EXPECT_EQ(vars->at("a"), "x");
    EXPECT_EQ(vars->at("b"), "y-z");
}

TEST(uri_template, ReservedVariableGrowsUntilTheRestFits) {
    auto t = *uri_template::parse("file:///{+path}/{name}");
    auto vars = t.match("file:///a/b/c");
    ASSERT_TRUE(vars);
    EXPECT_EQ(vars->at("path"), "a/b");
    EXPECT_EQ(vars->at("name"), "c");
}

TEST(uri_template, LaterBadPercentEncodingMakesEarlierVariableGrow) {
    auto t = *uri_template::parse("x:{+a}-{b}");
    auto vars = t.match("x:p-%zz-q");
    ASSERT_TRUE(vars);
    EXPECT_EQ(vars->at("a"), "p-%zz");
    EXPECT_EQ(vars->at("b"), "q");
}

// The shortest split is the one decoded: when its value is not valid percent-encoding, no longer split is
// tried.
TEST(uri_template, BadPercentEncodingInTheShortestSplitRejects) {
    auto t = *uri_template::parse("x:{a}D{b}");
    EXPECT_FALSE(t.match("x:p%2D1D2"));
    EXPECT_EQ(t.match("x:p%2d1D2")->at("a"), "p-1");
}

TEST(uri_template, RepeatedVariableKeepsItsFirstValue) {
    auto t = *uri_template::parse("x:{a}-{a}");
    EXPECT_EQ(t.match("x:p-q")->at("a"), "p");
}

// Security finding 7: matching backtracked over every split, so a long URI that almost fits a template with
// several variables took time polynomial in its length with the number of variables as the exponent.
TEST(uri_template, LongUriThatAlmostFitsIsRejected) {
    auto t = *uri_template::parse("x{a}-{b}-{c}-{d}y");
    EXPECT_FALSE(t.match("x" + std::string(1 << 20, '-')));
}

TEST(uri_template, LongUriThatFitsGivesTheShortestSplits) {
    auto t = *uri_template::parse("x{a}-{b}-{c}-{d}y");
    auto vars = t.match("x" + std::string(1 << 16, '-') + "y");
    ASSERT_TRUE(vars);
    EXPECT_EQ(vars->at("a"), "-");
    EXPECT_EQ(vars->at("c"), "-");
    EXPECT_EQ(vars->at("d").size(), (1u << 16) - 6);
}

TEST(uri_template, LongUriWithReservedVariablesIsRejected) {
    auto t = *uri_template::parse("{+a}/{+b}/{+c}#{d}");
    std::string uri(1 << 20, '/');
    EXPECT_FALSE(t.match(uri));
}

} // namespace
