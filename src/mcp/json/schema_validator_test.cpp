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

TEST(SchemaValidator, BadPatternIsReportedWhenApplied) {
    auto v = compiled(R"({"type":"string","pattern":"("})");
    auto problem = v.validate(parse(R"("abc")"));
    ASSERT_TRUE(problem);
    EXPECT_EQ(problem->rfind("the schema cannot be applied: ", 0), 0u) << *problem;
}

TEST(SchemaValidator, CopiesShareTheCompiledSchema) {
    auto v = compiled(R"({"type":"integer"})");
    schema_validator copy = v;
    EXPECT_EQ(copy.validate(parse("1")), std::nullopt);
    EXPECT_TRUE(copy.validate(parse(R"("1")")));
}

} // namespace
