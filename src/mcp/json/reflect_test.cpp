// The reflect walker: schema, conversion from JSON (values, error messages and paths) and back.
#include <mcp/json/reflect.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace shop {

enum class color { red, green, blue };
BOOST_DESCRIBE_ENUM(color, red, green, blue)

struct line_item {
    std::string sku;
    int qty = 0;
    std::optional<std::string> note;
};
BOOST_DESCRIBE_STRUCT(line_item, (), (sku, qty, note))
inline mcp::json::field_docs field_docs(line_item const&) {
    return {{"sku", "Stock keeping unit"}, {"qty", "How many"}};
}

struct order {
    std::vector<line_item> items;
    std::map<std::string, int> tags;
    color wrap = color::red;
    bool gift = false;
    double weight = 0;
};
BOOST_DESCRIBE_STRUCT(order, (), (items, tags, wrap, gift, weight))

struct widths {
    std::int8_t i8 = 0;
    std::int16_t i16 = 0;
    std::int32_t i32 = 0;
    std::int64_t i64 = 0;
    std::uint8_t u8 = 0;
    std::uint16_t u16 = 0;
    std::uint32_t u32 = 0;
    std::uint64_t u64 = 0;
    float f = 0;
};
BOOST_DESCRIBE_STRUCT(widths, (), (i8, i16, i32, i64, u8, u16, u32, u64, f))

struct loose {
    boost::json::value any;
    boost::json::object obj;
    std::optional<int> maybe;
};
BOOST_DESCRIBE_STRUCT(loose, (), (any, obj, maybe))

struct empty {};
BOOST_DESCRIBE_STRUCT(empty, (), ())

struct base_args {
    std::string id;
};
BOOST_DESCRIBE_STRUCT(base_args, (), (id))
struct derived_args : base_args {
    int n = 0;
};
BOOST_DESCRIBE_STRUCT(derived_args, (base_args), (n))

} // namespace shop

namespace {

using boost::json::parse;
using boost::json::value;
using mcp::json::from_json;
using mcp::json::schema_of;
using mcp::json::to_json;

value schema_json(boost::json::object o) {
    return value(std::move(o));
}

template <class T>
std::string error_of(char const* json, mcp::json::from_json_options options = {}) {
    auto r = from_json<T>(parse(json), options);
    if (r)
        return "<no error>";
    return r.error().to_string();
}

// --- schema ------------------------------------------------------------------------------------------------

TEST(SchemaOf, BoolIsBoolean) {
    EXPECT_EQ(schema_json(schema_of<bool>()), parse(R"({"type":"boolean"})"));
}

TEST(SchemaOf, SignedIntegerHasNoBounds) {
    EXPECT_EQ(schema_json(schema_of<int>()), parse(R"({"type":"integer"})"));
    EXPECT_EQ(schema_json(schema_of<std::int64_t>()), parse(R"({"type":"integer"})"));
}

TEST(SchemaOf, UnsignedIntegerHasMinimumZero) {
    EXPECT_EQ(schema_json(schema_of<unsigned>()), parse(R"({"type":"integer","minimum":0})"));
    EXPECT_EQ(schema_json(schema_of<std::uint64_t>()), parse(R"({"type":"integer","minimum":0})"));
}

TEST(SchemaOf, FloatingPointIsNumber) {
    EXPECT_EQ(schema_json(schema_of<double>()), parse(R"({"type":"number"})"));
    EXPECT_EQ(schema_json(schema_of<float>()), parse(R"({"type":"number"})"));
}

TEST(SchemaOf, StringIsString) {
    EXPECT_EQ(schema_json(schema_of<std::string>()), parse(R"({"type":"string"})"));
}

TEST(SchemaOf, OptionalIsItsValueSchema) {
    EXPECT_EQ(schema_json(schema_of<std::optional<int>>()), parse(R"({"type":"integer"})"));
}

TEST(SchemaOf, VectorIsArrayOfItems) {
    EXPECT_EQ(schema_json(schema_of<std::vector<std::string>>()),
              parse(R"({"type":"array","items":{"type":"string"}})"));
}

TEST(SchemaOf, StringMapIsObjectWithAdditionalProperties) {
    EXPECT_EQ(schema_json(schema_of<std::map<std::string, double>>()),
              parse(R"({"type":"object","additionalProperties":{"type":"number"}})"));
}

TEST(SchemaOf, EnumIsStringWithEnumeratorNames) {
    EXPECT_EQ(schema_json(schema_of<shop::color>()),
              parse(R"({"type":"string","enum":["red","green","blue"]})"));
}

TEST(SchemaOf, JsonValueAcceptsAnything) {
    EXPECT_EQ(schema_json(schema_of<value>()), parse("{}"));
}

TEST(SchemaOf, JsonObjectIsObject) {
    EXPECT_EQ(schema_json(schema_of<boost::json::object>()), parse(R"({"type":"object"})"));
}

TEST(SchemaOf, StructListsPropertiesAndRequiresNonOptionalOnes) {
    auto s = schema_of<shop::loose>();
    EXPECT_EQ(value(s), parse(R"({"type":"object","properties":{"any":{},"obj":{"type":"object"},
                                 "maybe":{"type":"integer"}},"required":["any","obj"]})"));
}

TEST(SchemaOf, StructWithoutRequiredMembersOmitsRequired) {
    EXPECT_EQ(value(schema_of<shop::empty>()), parse(R"({"type":"object","properties":{}})"));
}

TEST(SchemaOf, FieldDocsBecomeDescriptions) {
    auto s = schema_of<shop::line_item>();
    EXPECT_EQ(value(s), parse(R"({"type":"object","properties":{
        "sku":{"type":"string","description":"Stock keeping unit"},
        "qty":{"type":"integer","description":"How many"},
        "note":{"type":"string"}},"required":["sku","qty"]})"));
}

TEST(SchemaOf, NestedStructsAreInlined) {
    auto s = schema_of<shop::order>();
    auto const& items = s.at("properties").at("items");
    EXPECT_EQ(items.at("type"), "array");
    EXPECT_EQ(items.at("items").at("properties").at("sku").at("description"), "Stock keeping unit");
    EXPECT_EQ(s.at("properties").at("tags"),
              parse(R"({"type":"object","additionalProperties":{"type":"integer"}})"));
    EXPECT_EQ(s.at("required"), parse(R"(["items","tags","wrap","gift","weight"])"));
}

TEST(SchemaOf, InheritedMembersComeFromDescribedBases) {
    auto s = schema_of<shop::derived_args>();
    EXPECT_TRUE(s.at("properties").as_object().contains("id"));
    EXPECT_TRUE(s.at("properties").as_object().contains("n"));
}

// --- from JSON: values -------------------------------------------------------------------------------------

TEST(FromJson, ReadsScalars) {
    EXPECT_EQ(from_json<bool>(parse("true")).value(), true);
    EXPECT_EQ(from_json<int>(parse("-7")).value(), -7);
    EXPECT_EQ(from_json<double>(parse("1.5")).value(), 1.5);
    EXPECT_EQ(from_json<std::string>(parse(R"("hi")")).value(), "hi");
}

TEST(FromJson, ReadsNestedStruct) {
    auto r = from_json<shop::order>(parse(R"({"items":[{"sku":"a","qty":2},{"sku":"b","qty":1,"note":"x"}],
        "tags":{"k":1},"wrap":"blue","gift":true,"weight":2})"));
    ASSERT_TRUE(r) << r.error().to_string();
    ASSERT_EQ(r->items.size(), 2u);
    EXPECT_EQ(r->items[0].sku, "a");
    EXPECT_EQ(r->items[0].qty, 2);
    EXPECT_FALSE(r->items[0].note);
    EXPECT_EQ(r->items[1].note, "x");
    EXPECT_EQ(r->tags.at("k"), 1);
    EXPECT_EQ(r->wrap, shop::color::blue);
    EXPECT_TRUE(r->gift);
    EXPECT_EQ(r->weight, 2.0);
}

TEST(FromJson, IgnoresUnknownKeys) {
    auto r = from_json<shop::line_item>(parse(R"({"sku":"a","qty":1,"colour":"red"})"));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->sku, "a");
}

TEST(FromJson, AbsentOptionalIsEmpty) {
    auto r = from_json<shop::line_item>(parse(R"({"sku":"a","qty":1})"));
    ASSERT_TRUE(r);
    EXPECT_FALSE(r->note);
}

TEST(FromJson, NullOptionalIsEmpty) {
    auto r = from_json<shop::line_item>(parse(R"({"sku":"a","qty":1,"note":null})"));
    ASSERT_TRUE(r);
    EXPECT_FALSE(r->note);
}

TEST(FromJson, PresentOptionalHasValue) {
    auto r = from_json<shop::line_item>(parse(R"({"sku":"a","qty":1,"note":"fragile"})"));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->note, "fragile");
}

TEST(FromJson, WholeDoubleIsAnInteger) {
    EXPECT_EQ(from_json<int>(parse("3.0")).value(), 3);
}

TEST(FromJson, IntegerIsANumber) {
    EXPECT_EQ(from_json<double>(parse("3")).value(), 3.0);
    EXPECT_EQ(from_json<double>(parse("18446744073709551615")).value(), 18446744073709551615.0);
}

TEST(FromJson, ReadsInheritedMembers) {
    auto r = from_json<shop::derived_args>(parse(R"({"id":"x","n":2})"));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->id, "x");
    EXPECT_EQ(r->n, 2);
}

TEST(FromJson, KeepsJsonValuesAsTheyAre) {
    auto r = from_json<shop::loose>(parse(R"({"any":[1,"two"],"obj":{"a":null}})"));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->any, parse(R"([1,"two"])"));
    EXPECT_EQ(value(r->obj), parse(R"({"a":null})"));
}

// --- from JSON: errors -------------------------------------------------------------------------------------

TEST(FromJsonError, StringForIntegerIsExpectedInteger) {
    EXPECT_EQ(error_of<shop::line_item>(R"({"sku":"a","qty":"2"})"), "qty: expected integer");
}

TEST(FromJsonError, FractionForIntegerIsExpectedInteger) {
    EXPECT_EQ(error_of<shop::line_item>(R"({"sku":"a","qty":3.5})"), "qty: expected integer");
}

TEST(FromJsonError, BoolForIntegerIsExpectedInteger) {
    EXPECT_EQ(error_of<int>("true"), "expected integer");
}

TEST(FromJsonError, StringForNumberIsExpectedNumber) {
    EXPECT_EQ(error_of<double>(R"("1")"), "expected number");
}

TEST(FromJsonError, NumberForStringIsExpectedString) {
    EXPECT_EQ(error_of<shop::line_item>(R"({"sku":1,"qty":1})"), "sku: expected string");
}

TEST(FromJsonError, NumberForBoolIsExpectedBoolean) {
    EXPECT_EQ(error_of<bool>("1"), "expected boolean");
}

TEST(FromJsonError, ArrayForStructIsExpectedObject) {
    EXPECT_EQ(error_of<shop::line_item>("[]"), "expected object");
}

TEST(FromJsonError, ObjectForVectorIsExpectedArray) {
    EXPECT_EQ(error_of<shop::order>(R"({"items":{},"tags":{},"wrap":"red","gift":false,"weight":1})"),
              "items: expected array");
}

TEST(FromJsonError, ArrayForMapIsExpectedObject) {
    EXPECT_EQ(error_of<shop::order>(R"({"items":[],"tags":[],"wrap":"red","gift":false,"weight":1})"),
              "tags: expected object");
}

TEST(FromJsonError, StringForJsonObjectIsExpectedObject) {
    EXPECT_EQ(error_of<shop::loose>(R"({"any":1,"obj":"x"})"), "obj: expected object");
}

TEST(FromJsonError, MissingRequiredFieldIsNamed) {
    EXPECT_EQ(error_of<shop::line_item>(R"({"sku":"a"})"), "qty: required field is missing");
}

TEST(FromJsonError, NullForRequiredFieldIsExpectedType) {
    EXPECT_EQ(error_of<shop::line_item>(R"({"sku":null,"qty":1})"), "sku: expected string");
}

TEST(FromJsonError, BadOptionalValueIsStillAnError) {
    EXPECT_EQ(error_of<shop::line_item>(R"({"sku":"a","qty":1,"note":5})"), "note: expected string");
}

TEST(FromJsonError, NestedVectorElementHasIndexedPath) {
    EXPECT_EQ(
        error_of<shop::order>(R"({"items":[{"sku":"a","qty":1},{"sku":"b","qty":1},{"sku":"c","qty":"x"}],
        "tags":{},"wrap":"red","gift":false,"weight":1})"),
        "items[2].qty: expected integer");
}

TEST(FromJsonError, MissingFieldInVectorElementHasIndexedPath) {
    EXPECT_EQ(error_of<std::vector<shop::line_item>>(R"([{"sku":"a"}])"),
              "[0].qty: required field is missing");
}

TEST(FromJsonError, NestedVectorsHaveAdjacentIndices) {
    EXPECT_EQ(error_of<std::vector<std::vector<int>>>("[[1],[2,true]]"), "[1][1]: expected integer");
}

TEST(FromJsonError, MapValueHasKeyInPath) {
    EXPECT_EQ(
        error_of<shop::order>(R"({"items":[],"tags":{"key":"x"},"wrap":"red","gift":false,"weight":1})"),
        "tags.key: expected integer");
}

TEST(FromJsonError, UnknownEnumNameListsTheNames) {
    EXPECT_EQ(error_of<shop::color>(R"("purple")"), "expected one of: red, green, blue");
}

TEST(FromJsonError, NonStringEnumListsTheNames) {
    EXPECT_EQ(error_of<shop::color>("1"), "expected one of: red, green, blue");
}

TEST(FromJsonError, FirstFailingMemberIsReported) {
    EXPECT_EQ(error_of<shop::line_item>(R"({"qty":"x"})"), "sku: required field is missing");
}

TEST(FromJsonError, ValueThrowsWithTheMessage) {
    EXPECT_THROW((void)from_json<int>(parse(R"("x")")).value(), std::invalid_argument);
}

TEST(FromJsonError, NumberBeyondFloatIsOutOfRange) {
    EXPECT_EQ(error_of<float>("1e300"), "number out of range for float");
    EXPECT_EQ(from_json<double>(parse("1e300")).value(), 1e300);
}

// --- integer ranges ----------------------------------------------------------------------------------------

template <class I>
std::string range_error(char const* json) {
    return error_of<I>(json);
}

TEST(IntegerRange, Int8) {
    EXPECT_EQ(from_json<std::int8_t>(parse("-128")).value(), -128);
    EXPECT_EQ(from_json<std::int8_t>(parse("127")).value(), 127);
    EXPECT_EQ(range_error<std::int8_t>("128"), "integer out of range (-128..127)");
    EXPECT_EQ(range_error<std::int8_t>("-129"), "integer out of range (-128..127)");
}

TEST(IntegerRange, Int16) {
    EXPECT_EQ(from_json<std::int16_t>(parse("-32768")).value(), -32768);
    EXPECT_EQ(range_error<std::int16_t>("32768"), "integer out of range (-32768..32767)");
}

TEST(IntegerRange, Int32) {
    EXPECT_EQ(from_json<std::int32_t>(parse("2147483647")).value(), 2147483647);
    EXPECT_EQ(range_error<std::int32_t>("-2147483649"), "integer out of range (-2147483648..2147483647)");
}

TEST(IntegerRange, Int64) {
    EXPECT_EQ(from_json<std::int64_t>(parse("-9223372036854775808")).value(),
              std::numeric_limits<std::int64_t>::min());
    EXPECT_EQ(range_error<std::int64_t>("9223372036854775808"),
              "integer out of range (-9223372036854775808..9223372036854775807)");
}

TEST(IntegerRange, Uint8) {
    EXPECT_EQ(from_json<std::uint8_t>(parse("255")).value(), 255);
    EXPECT_EQ(range_error<std::uint8_t>("256"), "integer out of range (0..255)");
    EXPECT_EQ(range_error<std::uint8_t>("-1"), "integer out of range (0..255)");
}

TEST(IntegerRange, Uint16) {
    EXPECT_EQ(from_json<std::uint16_t>(parse("65535")).value(), 65535);
    EXPECT_EQ(range_error<std::uint16_t>("65536"), "integer out of range (0..65535)");
}

TEST(IntegerRange, Uint32) {
    EXPECT_EQ(from_json<std::uint32_t>(parse("4294967295")).value(), 4294967295u);
    EXPECT_EQ(range_error<std::uint32_t>("4294967296"), "integer out of range (0..4294967295)");
}

TEST(IntegerRange, Uint64) {
    EXPECT_EQ(from_json<std::uint64_t>(parse("18446744073709551615")).value(),
              std::numeric_limits<std::uint64_t>::max());
    EXPECT_EQ(range_error<std::uint64_t>("-1"), "integer out of range (0..18446744073709551615)");
}

TEST(IntegerRange, WholeDoubleOutsideRangeIsOutOfRange) {
    EXPECT_EQ(range_error<std::int8_t>("128.0"), "integer out of range (-128..127)");
    EXPECT_EQ(range_error<std::int64_t>("9.3e18"),
              "integer out of range (-9223372036854775808..9223372036854775807)");
    EXPECT_EQ(range_error<std::uint64_t>("1.8446744073709552e19"),
              "integer out of range (0..18446744073709551615)");
}

TEST(IntegerRange, WholeDoubleAtTheEdgesFits) {
    EXPECT_EQ(from_json<std::int64_t>(parse("-9.223372036854775808e18")).value(),
              std::numeric_limits<std::int64_t>::min());
    EXPECT_EQ(from_json<std::uint8_t>(parse("255.0")).value(), 255);
}

TEST(IntegerRange, OutOfRangeMemberHasPath) {
    EXPECT_EQ(
        error_of<shop::widths>(R"({"i8":1,"i16":1,"i32":1,"i64":1,"u8":300,"u16":1,"u32":1,"u64":1,"f":1})"),
        "u8: integer out of range (0..255)");
}

// --- coerce_strings ----------------------------------------------------------------------------------------

constexpr mcp::json::from_json_options coerce{.coerce_strings = true};

TEST(CoerceStrings, ParsesIntegers) {
    EXPECT_EQ(from_json<int>(parse(R"("42")"), coerce).value(), 42);
    EXPECT_EQ(from_json<std::uint64_t>(parse(R"("18446744073709551615")"), coerce).value(),
              std::numeric_limits<std::uint64_t>::max());
}

TEST(CoerceStrings, ParsesNumbers) {
    EXPECT_EQ(from_json<double>(parse(R"("-1.5")"), coerce).value(), -1.5);
}

TEST(CoerceStrings, ParsesBooleans) {
    EXPECT_EQ(from_json<bool>(parse(R"("true")"), coerce).value(), true);
    EXPECT_EQ(from_json<bool>(parse(R"("false")"), coerce).value(), false);
}

TEST(CoerceStrings, UnparsableStringIsTheUsualError) {
    EXPECT_EQ(error_of<int>(R"("4x")", coerce), "expected integer");
    EXPECT_EQ(error_of<double>(R"("nan")", coerce), "expected number");
    EXPECT_EQ(error_of<bool>(R"("yes")", coerce), "expected boolean");
}

TEST(CoerceStrings, FractionStringForIntegerIsExpectedInteger) {
    EXPECT_EQ(error_of<int>(R"("1.5")", coerce), "expected integer");
}

TEST(CoerceStrings, OutOfRangeStringIsOutOfRange) {
    EXPECT_EQ(error_of<std::int8_t>(R"("200")", coerce), "integer out of range (-128..127)");
}

TEST(CoerceStrings, AppliesToNestedMembers) {
    auto r = from_json<shop::line_item>(parse(R"({"sku":"a","qty":"3"})"), coerce);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->qty, 3);
}

TEST(CoerceStrings, OffByDefault) {
    EXPECT_EQ(error_of<int>(R"("42")"), "expected integer");
}

// --- to JSON -----------------------------------------------------------------------------------------------

TEST(ToJson, OmitsEmptyOptionals) {
    EXPECT_EQ(to_json(shop::line_item{"a", 2, std::nullopt}), parse(R"({"sku":"a","qty":2})"));
}

TEST(ToJson, WritesPresentOptionals) {
    EXPECT_EQ(to_json(shop::line_item{"a", 2, "x"}), parse(R"({"sku":"a","qty":2,"note":"x"})"));
}

TEST(ToJson, WritesEnumsAsNames) {
    EXPECT_EQ(to_json(shop::color::green), value("green"));
}

TEST(ToJson, Uint64StaysUnsigned) {
    auto v = to_json(std::numeric_limits<std::uint64_t>::max());
    ASSERT_TRUE(v.is_uint64());
    EXPECT_EQ(v.get_uint64(), std::numeric_limits<std::uint64_t>::max());
}

TEST(ToJson, SignedIntegersAreInt64) {
    auto v = to_json(std::int8_t{-5});
    ASSERT_TRUE(v.is_int64());
    EXPECT_EQ(v.get_int64(), -5);
}

TEST(ToJson, WritesContainersAndNesting) {
    shop::order o{{{"a", 1, std::nullopt}}, {{"k", 2}}, shop::color::blue, true, 1.5};
    EXPECT_EQ(to_json(o), parse(R"({"items":[{"sku":"a","qty":1}],"tags":{"k":2},"wrap":"blue","gift":true,
                                   "weight":1.5})"));
}

TEST(ToJson, EmptyTopLevelOptionalIsNull) {
    EXPECT_EQ(to_json(std::optional<int>{}), value(nullptr));
}

TEST(ToJson, WritesVectorOfBool) {
    EXPECT_EQ(to_json(std::vector<bool>{true, false}), parse("[true,false]"));
}

// --- round trip --------------------------------------------------------------------------------------------

TEST(RoundTrip, OrderSurvivesToAndFromJson) {
    shop::order o{{{"a", 1, "n"}, {"b", 2, std::nullopt}}, {{"x", -1}}, shop::color::green, false, 0.25};
    auto back = from_json<shop::order>(to_json(o));
    ASSERT_TRUE(back) << back.error().to_string();
    EXPECT_EQ(to_json(*back), to_json(o));
    EXPECT_EQ(back->items[0].note, "n");
    EXPECT_EQ(back->wrap, shop::color::green);
}

TEST(RoundTrip, ExtremeWidthsSurvive) {
    shop::widths w{-128, -32768, -2147483647 - 1, std::numeric_limits<std::int64_t>::min(),
                   255,  65535,  4294967295u,     std::numeric_limits<std::uint64_t>::max(),
                   0.5f};
    auto back = from_json<shop::widths>(to_json(w));
    ASSERT_TRUE(back) << back.error().to_string();
    EXPECT_EQ(back->i64, w.i64);
    EXPECT_EQ(back->u64, w.u64);
    EXPECT_EQ(back->f, 0.5f);
}

// --- error text --------------------------------------------------------------------------------------------

TEST(ConversionError, ToStringJoinsPathAndMessage) {
    EXPECT_EQ((mcp::json::conversion_error{"items[2].qty", "expected integer"}.to_string()),
              "items[2].qty: expected integer");
}

TEST(ConversionError, ToStringWithoutPathIsTheMessage) {
    EXPECT_EQ((mcp::json::conversion_error{"", "expected object"}.to_string()), "expected object");
}

TEST(ConversionError, RootPrefixesMemberPathWithDot) {
    EXPECT_EQ((mcp::json::conversion_error{"items[2].qty", "expected integer"}.to_string("arguments")),
              "arguments.items[2].qty: expected integer");
}

TEST(ConversionError, RootPrefixesIndexPathWithoutDot) {
    EXPECT_EQ((mcp::json::conversion_error{"[2]", "expected integer"}.to_string("arguments")),
              "arguments[2]: expected integer");
}

TEST(ConversionError, RootAloneForEmptyPath) {
    EXPECT_EQ((mcp::json::conversion_error{"", "expected object"}.to_string("arguments")),
              "arguments: expected object");
}

} // namespace
