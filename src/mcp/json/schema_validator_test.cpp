// schema_validator: compiling hand-written schemas and reporting the first failure with its path.
#include <mcp/json/schema_validator.hpp>

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace {

using boost::json::parse;
using mcp::json::schema_validator;

schema_validator compiled(char const* schema) {
    auto r = schema_validator::compile(parse(schema));
    if (!r)
        throw std::runtime_error("schema did not compile: " + r.error());
    return *r;
}

constexpr char const* order_schema = R"({
    "type": "object",
    "properties": {
        "items": {"type": "array", "items": {
            "type": "object",
            "properties": {"sku": {"type": "string"}, "qty": {"type": "integer", "minimum": 1}},
            "required": ["sku", "qty"]}},
        "wrap": {"type": "string", "enum": ["red", "green"]},
        "tags": {"type": "object", "additionalProperties": {"type": "integer"}}
    },
    "required": ["items"]
})";

TEST(SchemaValidator, AcceptsValidInstance) {
    auto v = compiled(order_schema);
    EXPECT_EQ(v.validate(parse(R"({"items":[{"sku":"a","qty":1}],"wrap":"red","tags":{"x":1}})")),
              std::nullopt);
}

TEST(SchemaValidator, ReportsWrongTypeAtRootWithoutPath) {
    auto v = compiled(order_schema);
    auto problem = v.validate(parse("[]"));
    ASSERT_TRUE(problem);
    EXPECT_EQ(problem->find(':'), std::string::npos) << *problem;
}

TEST(SchemaValidator, ReportsNestedFailureWithPath) {
    auto v = compiled(order_schema);
    auto problem =
        v.validate(parse(R"({"items":[{"sku":"a","qty":1},{"sku":"b","qty":1},{"sku":"c","qty":"x"}]})"));
    ASSERT_TRUE(problem);
    EXPECT_EQ(problem->rfind("items[2].qty: ", 0), 0u) << *problem;
}

TEST(SchemaValidator, ReportsMissingRequiredProperty) {
    auto v = compiled(order_schema);
    auto problem = v.validate(parse(R"({"items":[{"sku":"a"}]})"));
    ASSERT_TRUE(problem);
    EXPECT_EQ(problem->rfind("items[0]: ", 0), 0u) << *problem;
    EXPECT_NE(problem->find("qty"), std::string::npos) << *problem;
}

TEST(SchemaValidator, ReportsMissingRequiredPropertyAtRoot) {
    auto v = compiled(order_schema);
    auto problem = v.validate(parse("{}"));
    ASSERT_TRUE(problem);
    EXPECT_NE(problem->find("items"), std::string::npos) << *problem;
}

TEST(SchemaValidator, ReportsValueOutsideEnum) {
    auto v = compiled(order_schema);
    auto problem = v.validate(parse(R"({"items":[],"wrap":"blue"})"));
    ASSERT_TRUE(problem);
    EXPECT_EQ(problem->rfind("wrap: ", 0), 0u) << *problem;
}

TEST(SchemaValidator, ReportsMinimumViolation) {
    auto v = compiled(order_schema);
    auto problem = v.validate(parse(R"({"items":[{"sku":"a","qty":0}]})"));
    ASSERT_TRUE(problem);
    EXPECT_EQ(problem->rfind("items[0].qty: ", 0), 0u) << *problem;
}

TEST(SchemaValidator, NumericPropertyNameIsAMemberNotAnIndex) {
    auto v = compiled(order_schema);
    auto problem = v.validate(parse(R"({"items":[],"tags":{"2":"x"}})"));
    ASSERT_TRUE(problem);
    EXPECT_EQ(problem->rfind("tags.2: ", 0), 0u) << *problem;
}

TEST(SchemaValidator, RejectsBadSchemaWithReason) {
    auto r = schema_validator::compile(parse(R"({"type": 5})"));
    ASSERT_FALSE(r);
    EXPECT_FALSE(r.error().empty());
}

TEST(SchemaValidator, RejectsUnresolvableReference) {
    auto r = schema_validator::compile(parse(R"({"$ref": "#/definitions/missing"})"));
    ASSERT_FALSE(r);
    EXPECT_FALSE(r.error().empty());
}

TEST(SchemaValidator, RemoteReferenceIsACompileErrorNotAFetch) {
    auto r = schema_validator::compile(parse(R"({"$ref": "https://example.com/other.json"})"));
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().find("https://example.com/other.json"), std::string::npos) << r.error();
}

TEST(SchemaValidator, RegisteredDocumentResolvesAReference) {
    mcp::json::schema_documents docs;
    docs.emplace("https://example.com/qty.json", parse(R"({"type":"integer","minimum":1})"));
    auto r = schema_validator::compile(
        parse(R"({"properties":{"qty":{"$ref":"https://example.com/qty.json"}}})"), docs);
    ASSERT_TRUE(r) << r.error();
    EXPECT_EQ(r->validate(parse(R"({"qty":2})")), std::nullopt);
    auto problem = r->validate(parse(R"({"qty":0})"));
    ASSERT_TRUE(problem);
    EXPECT_EQ(problem->rfind("qty: ", 0), 0u) << *problem;
}

TEST(SchemaValidator, UnknownDialectIsACompileError) {
    auto r = schema_validator::compile(parse(R"({"$schema": "http://json-schema.org/draft-04/schema#"})"));
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().find("draft-04"), std::string::npos) << r.error();
}

TEST(SchemaValidator, Draft7IsFollowedWhenTheSchemaSaysSo) {
    // draft-07: "items" as an array is a tuple, and the siblings of "$ref" are ignored.
    auto v = compiled(R"({"$schema":"http://json-schema.org/draft-07/schema#",
        "definitions":{"n":{"type":"integer"}},
        "properties":{"pair":{"items":[{"type":"string"},{"$ref":"#/definitions/n","maximum":0}]}}})");
    EXPECT_EQ(v.validate(parse(R"({"pair":["a",5]})")), std::nullopt);
    auto problem = v.validate(parse(R"({"pair":["a","b"]})"));
    ASSERT_TRUE(problem);
    EXPECT_EQ(problem->rfind("pair[1]: ", 0), 0u) << *problem;
}

TEST(SchemaValidator, NumbersCompareByValue) {
    auto v = compiled(R"({"enum":[1, 2.5]})");
    EXPECT_EQ(v.validate(parse("1.0")), std::nullopt);
    EXPECT_TRUE(v.validate(parse("2")));
}

TEST(SchemaValidator, LengthCountsCodePointsNotBytes) {
    auto v = compiled(R"({"maxLength":2})");
    EXPECT_EQ(v.validate(boost::json::value("\xc3\xa9\xc3\xa9")), std::nullopt); // two characters, four bytes
}

TEST(SchemaValidator, UnevaluatedPropertiesSeesThroughAllOf) {
    auto v = compiled(R"({"allOf":[{"properties":{"a":true}}],"unevaluatedProperties":false})");
    EXPECT_EQ(v.validate(parse(R"({"a":1})")), std::nullopt);
    auto problem = v.validate(parse(R"({"a":1,"b":2})"));
    ASSERT_TRUE(problem);
    EXPECT_NE(problem->find("\"b\""), std::string::npos) << *problem;
}

// valijson compiled a "pattern" only when a string met it, so a bad regex surfaced at the first call; the
// schema is now compiled whole at registration, so the tool is refused there.
TEST(SchemaValidator, BadPatternIsACompileError) {
    auto r = schema_validator::compile(parse(R"({"type":"string","pattern":"("})"));
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().find("pattern \"(\""), std::string::npos) << r.error();
}

TEST(SchemaValidator, LookaroundPatternIsACompileErrorThatSaysWhy) {
    auto r = schema_validator::compile(parse(R"j({"properties":{"p":{"pattern":"^(?!admin)"}}})j"));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().rfind("#/properties/p/pattern: ", 0), 0u) << r.error();
    EXPECT_NE(r.error().find("lookahead"), std::string::npos) << r.error();
}

TEST(SchemaValidator, CopiesShareTheCompiledSchema) {
    auto v = compiled(R"({"type":"integer"})");
    schema_validator copy = v;
    EXPECT_EQ(copy.validate(parse("1")), std::nullopt);
    EXPECT_TRUE(copy.validate(parse(R"("1")")));
}

} // namespace

namespace {

// Security finding 3: valijson ran std::regex, whose recursion overflowed the stack on a long string (the
// process died) and whose backtracking made a pathological pattern run for hours. RE2 is linear in both.
TEST(SchemaValidator, PatternOnAMebibyteStringDoesNotOverflowTheStack) {
    auto v = compiled(R"({"type":"object","properties":{"s":{"type":"string","pattern":"^(a|b)*$"}}})");
    boost::json::object args{{"s", std::string(1 << 20, 'a')}};
    EXPECT_EQ(v.validate(args), std::nullopt);
    args["s"] = std::string(1 << 20, 'a') + "c";
    auto problem = v.validate(args);
    ASSERT_TRUE(problem);
    EXPECT_EQ(problem->rfind("s: ", 0), 0u) << *problem;
}

TEST(SchemaValidator, PathologicalPatternFinishesOnALongString) {
    auto v = compiled(R"({"type":"string","pattern":"(a*)*b"})");
    EXPECT_TRUE(v.validate(boost::json::value(std::string(100'000, 'a'))));
}

TEST(SchemaValidator, PatternPropertiesRunOnRe2Too) {
    auto v = compiled(R"({"patternProperties":{"^(a|b)*$":{"type":"integer"}}})");
    boost::json::object args{{std::string(1 << 20, 'a'), "x"}};
    auto problem = v.validate(args);
    ASSERT_TRUE(problem);
    EXPECT_NE(problem->find("expected integer"), std::string::npos);
}

// A schema that refers to itself without moving into the instance never terminates by itself.
TEST(SchemaValidator, ReferenceCycleWithoutInputIsAFailureNotAStackOverflow) {
    auto v = compiled(R"({"$defs":{"a":{"$ref":"#/$defs/b"},"b":{"$ref":"#/$defs/a"}},"$ref":"#/$defs/a"})");
    auto problem = v.validate(parse("1"));
    ASSERT_TRUE(problem);
    EXPECT_NE(problem->find("cycle"), std::string::npos) << *problem;
}

TEST(SchemaValidator, CycleUnderNotStillFails) {
    auto v = compiled(R"({"not":{"$ref":"#"}})");
    auto problem = v.validate(parse("1"));
    ASSERT_TRUE(problem);
    EXPECT_NE(problem->find("cycle"), std::string::npos) << *problem;
}

TEST(SchemaValidator, DeepInstanceIsAFailureNotAStackOverflow) {
    auto v = compiled(R"({"items":{"$ref":"#"}})");
    boost::json::value deep = boost::json::array{};
    for (int i = 0; i < 5000; ++i)
        deep = boost::json::array{std::move(deep)};
    auto problem = v.validate(deep);
    ASSERT_TRUE(problem);
    EXPECT_NE(problem->find("nested deeper than"), std::string::npos) << problem->substr(0, 200);
}

TEST(SchemaValidator, DuplicateFarApartInALongArrayIsFound) {
    auto v = compiled(R"({"uniqueItems":true})");
    boost::json::array items;
    for (int i = 0; i < 100'000; ++i)
        items.push_back(i);
    EXPECT_EQ(v.validate(items), std::nullopt);
    items.push_back(1.0); // equal to 1 by value
    auto problem = v.validate(items);
    ASSERT_TRUE(problem);
    EXPECT_NE(problem->find("items 1 and 100000"), std::string::npos) << *problem;
}

} // namespace
