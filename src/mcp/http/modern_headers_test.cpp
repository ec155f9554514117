// SEP-2243 header checks (modern_headers.hpp): Mcp-Method and Mcp-Name against the body, the base64 sentinel,
// x-mcp-header annotations of an inputSchema, and Mcp-Param-* against a tools/call's arguments. The cases of
// MCP 2026-07-28 basic/transports/streamable-http and of SEP-2243 "Conformance Test Cases", one behaviour
// each.
#include <mcp/http/modern_headers.hpp>

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace {

using namespace mcp::http;
using kind = param_header::kind;

boost::json::object object(std::string_view text) {
    return boost::json::parse(text).as_object();
}

std::optional<std::string> standard(headers const& h, std::string_view method,
                                    std::string_view params = "{}") {
    return standard_header_problem(h, method, object(params));
}

headers call_headers(std::string_view name) {
    headers h{{"Mcp-Method", "tools/call"}};
    h.add("Mcp-Name", name);
    return h;
}

// The problem of an inputSchema's annotations; "" when it has none.
std::string schema_problem(std::string_view schema) {
    auto r = tool_param_headers(object(schema));
    return r ? std::string() : r.error().message();
}

std::vector<param_header> annotations(std::string_view schema) {
    return tool_param_headers(object(schema)).value();
}

std::vector<param_header> const region = {{.name = "Region", .path = {"region"}, .type = kind::string}};
std::vector<param_header> const count = {{.name = "Count", .path = {"count"}, .type = kind::integer}};
std::vector<param_header> const flag = {{.name = "Flag", .path = {"flag"}, .type = kind::boolean}};

std::optional<std::string> param(std::vector<param_header> const& p, headers const& h,
                                 std::string_view args) {
    return param_header_problem(h, p, object(args));
}

// --- Mcp-Method and Mcp-Name ---

TEST(standard_headers, MatchingMethodAndNameAreAccepted) {
    EXPECT_EQ(standard(call_headers("get_weather"), "tools/call", R"({"name":"get_weather"})"), std::nullopt);
}

TEST(standard_headers, HeaderNamesMatchInAnyCase) {
    for (auto [m, n] :
         {std::pair{"mcp-method", "mcp-name"}, {"MCP-METHOD", "MCP-NAME"}, {"mCp-MeThOd", "mcP-nAmE"}}) {
        headers h{{m, "tools/call"}, {n, "foo"}};
        EXPECT_EQ(standard(h, "tools/call", R"({"name":"foo"})"), std::nullopt) << m;
    }
}

TEST(standard_headers, MethodValueInAnotherCaseIsRefused) {
    headers h{{"Mcp-Method", "TOOLS/LIST"}};
    auto problem = standard(h, "tools/list");
    ASSERT_TRUE(problem);
    EXPECT_NE(problem->find("'TOOLS/LIST' does not match the body's method 'tools/list'"), std::string::npos);
}

TEST(standard_headers, MissingMcpMethodIsRefused) {
    auto problem = standard(headers{{"Mcp-Name", "foo"}}, "tools/list");
    ASSERT_TRUE(problem);
    EXPECT_NE(problem->find("Mcp-Method header is missing"), std::string::npos);
}

TEST(standard_headers, MethodMismatchIsRefused) {
    EXPECT_TRUE(standard(call_headers("foo"), "prompts/get", R"({"name":"foo"})"));
}

TEST(standard_headers, NotificationsNeedMcpMethodToo) {
    EXPECT_TRUE(standard(headers{}, "notifications/initialized"));
    EXPECT_EQ(standard(headers{{"Mcp-Method", "notifications/initialized"}}, "notifications/initialized"),
              std::nullopt);
}

TEST(standard_headers, OptionalWhitespaceAroundValuesIsTrimmed) {
    headers h{{"Mcp-Method", " \ttools/call\t "}, {"Mcp-Name", "  foo "}};
    EXPECT_EQ(standard(h, "tools/call", R"({"name":"foo"})"), std::nullopt);
}

TEST(standard_headers, InnerWhitespaceIsPartOfTheValue) {
    EXPECT_EQ(standard(call_headers("us west 1"), "tools/call", R"({"name":"us west 1"})"), std::nullopt);
    EXPECT_TRUE(standard(call_headers("us  west 1"), "tools/call", R"({"name":"us west 1"})"));
}

TEST(standard_headers, MissingMcpNameOnToolsCallIsRefused) {
    auto problem = standard(headers{{"Mcp-Method", "tools/call"}}, "tools/call", R"({"name":"foo"})");
    ASSERT_TRUE(problem);
    EXPECT_NE(problem->find("Mcp-Name header is missing"), std::string::npos);
    EXPECT_NE(problem->find("params.name 'foo'"), std::string::npos);
}

TEST(standard_headers, NameMismatchSaysBothValues) {
    auto problem = standard(call_headers("foo"), "tools/call", R"({"name":"bar"})");
    ASSERT_TRUE(problem);
    EXPECT_EQ(*problem, "the Mcp-Name header 'foo' does not match params.name 'bar'");
}

TEST(standard_headers, NameValuesAreCaseSensitive) {
    EXPECT_TRUE(standard(call_headers("Foo"), "tools/call", R"({"name":"foo"})"));
}

TEST(standard_headers, PromptsGetMirrorsParamsName) {
    headers h{{"Mcp-Method", "prompts/get"}, {"Mcp-Name", "code_review"}};
    EXPECT_EQ(standard(h, "prompts/get", R"({"name":"code_review"})"), std::nullopt);
    EXPECT_TRUE(standard(h, "prompts/get", R"({"name":"summary"})"));
}

TEST(standard_headers, ResourcesReadMirrorsParamsUri) {
    for (auto uri : {"file:///projects/myapp/config.json", "file:///path/to/file%20name.txt",
                     "https://example.com/resource?id=123"}) {
        headers h{{"Mcp-Method", "resources/read"}, {"Mcp-Name", uri}};
        auto params = boost::json::object{{"uri", uri}};
        EXPECT_EQ(standard_header_problem(h, "resources/read", params), std::nullopt) << uri;
    }
}

TEST(standard_headers, ResourcesReadComparesTheUriNotAName) {
    headers h{{"Mcp-Method", "resources/read"}, {"Mcp-Name", "config"}};
    EXPECT_TRUE(standard(h, "resources/read", R"({"name":"config","uri":"file:///config"})"));
}

// The io.modelcontextprotocol/tasks extension (SEP-2663): Mcp-Name carries params.taskId.
TEST(standard_headers, TasksMethodsMirrorParamsTaskId) {
    for (auto method : {"tasks/get", "tasks/update", "tasks/cancel"}) {
        headers h{{"Mcp-Method", method}, {"Mcp-Name", "task-1"}};
        EXPECT_EQ(standard(h, method, R"({"taskId":"task-1"})"), std::nullopt) << method;
        EXPECT_TRUE(standard(h, method, R"({"taskId":"task-2"})")) << method;
        EXPECT_TRUE(standard(headers{{"Mcp-Method", method}}, method, R"({"taskId":"task-1"})")) << method;
    }
}

TEST(standard_headers, McpNameOnMethodsThatMirrorNoneIsIgnored) {
    headers h{{"Mcp-Method", "tools/list"}, {"Mcp-Name", "anything"}};
    EXPECT_EQ(standard(h, "tools/list", R"({"name":"else"})"), std::nullopt);
}

TEST(standard_headers, McpNameWithoutItsBodyFieldIsRefused) {
    EXPECT_TRUE(standard(call_headers("foo"), "tools/call", "{}"));
    EXPECT_TRUE(standard(call_headers("5"), "tools/call", R"({"name":5})"));
}

TEST(standard_headers, NoMcpNameIsNeededWhenTheBodyFieldIsAbsent) {
    EXPECT_EQ(standard(headers{{"Mcp-Method", "tools/call"}}, "tools/call", "{}"), std::nullopt);
}

TEST(standard_headers, Base64NameIsDecodedBeforeComparing) {
    EXPECT_EQ(
        standard(call_headers("=?base64?SGVsbG8sIOS4lueVjA==?="), "tools/call", R"({"name":"Hello, 世界"})"),
        std::nullopt);
}

TEST(standard_headers, InvalidBase64NameIsRefused) {
    auto problem = standard(call_headers("=?base64?SGVsbG8?="), "tools/call", R"({"name":"Hello"})");
    ASSERT_TRUE(problem);
    EXPECT_NE(problem->find("not valid =?base64?"), std::string::npos);
}

TEST(standard_headers, McpMethodIsNeverBase64Decoded) {
    headers h{{"Mcp-Method", "=?base64?dG9vbHMvbGlzdA==?="}};
    EXPECT_TRUE(standard(h, "tools/list"));
}

TEST(standard_headers, RepeatedHeaderIsRefused) {
    headers h{{"Mcp-Method", "tools/list"}, {"mcp-method", "tools/list"}};
    auto problem = standard(h, "tools/list");
    ASSERT_TRUE(problem);
    EXPECT_NE(problem->find("appears 2 times"), std::string::npos);
    auto twice = call_headers("foo");
    twice.add("Mcp-Name", "bar");
    EXPECT_TRUE(standard(twice, "tools/call", R"({"name":"foo"})"));
}

TEST(standard_headers, ValuesWithBytesOutsideFieldValuesAreRefused) {
    for (std::string_view bad : {"foo\x01", "fo\x7fo", "fo\ro", "fo\no", "R\xc3\xa9gion"}) {
        auto problem = standard(call_headers(bad), "tools/call",
                                boost::json::serialize(boost::json::object{{"name", bad}}));
        ASSERT_TRUE(problem) << bad;
        EXPECT_NE(problem->find("has a character"), std::string::npos);
    }
}

TEST(standard_headers, MessagesQuoteClientBytesEscaped) {
    auto problem = standard(headers{{"Mcp-Method", "tools/list\x80"}}, "tools/list");
    ASSERT_TRUE(problem);
    EXPECT_NE(problem->find("tools/list\\x80"), std::string::npos);
    EXPECT_EQ(problem->find('\x80'), std::string::npos);
}

// --- the base64 sentinel (Value Encoding; SEP-2243 "Base64 Decoding") ---

TEST(header_value, SpecExamplesDecodeToTheirValues) {
    std::pair<std::string_view, std::string_view> const cases[] = {
        {"=?base64?SGVsbG8=?=", "Hello"},
        {"=?base64?SGVsbG8sIOS4lueVjA==?=", "Hello, 世界"},
        {"=?base64?IHBhZGRlZCA=?=", " padded "},
        {"=?base64?bGluZTEKbGluZTI=?=", "line1\nline2"},
        {"=?base64?bGluZTENCmxpbmUy?=", "line1\r\nline2"},
        {"=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?=", "=?base64?literal?="},
        {"=?base64?5pel5pys6Kqe?=", "日本語"},
        {"=?base64?IHVzLXdlc3QxIA==?=", " us-west1 "},
        {"=?base64?CWluZGVudGVk?=", "\tindented"},
    };
    for (auto [encoded, value] : cases)
        EXPECT_EQ(decode_header_value(encoded), std::string(value)) << encoded;
}

TEST(header_value, MissingPaddingIsRefused) {
    EXPECT_EQ(decode_header_value("=?base64?SGVsbG8?="), std::nullopt);
    EXPECT_EQ(decode_header_value("=?base64?SGVsbA=?="), std::nullopt);
}

TEST(header_value, CharactersOutsideTheStandardAlphabetAreRefused) {
    for (auto bad :
         {"=?base64?SGVs!!!bG8=?=", "=?base64?SGVs bG8=?=", "=?base64?-_-_?=", "=?base64?SG=sbG8=?="})
        EXPECT_EQ(decode_header_value(bad), std::nullopt) << bad;
}

TEST(header_value, NonZeroPadBitsAreRefused) {
    EXPECT_EQ(decode_header_value("=?base64?SGVsbG9=?="), std::nullopt); // "Hello" ends in 8, not 9
}

TEST(header_value, EmptyPayloadIsTheEmptyString) {
    EXPECT_EQ(decode_header_value("=?base64?\?="), std::string()); // "\?": "??=" would be a trigraph
}

TEST(header_value, ValueMissingAMarkerIsLiteral) {
    for (auto literal : {"SGVsbG8=", "=?base64?SGVsbG8=", "SGVsbG8=?=", "=?BASE64?SGVsbG8=?=",
                         "=?Base64?SGVsbG8=?=", "=?base64?=", "us-west1", ""})
        EXPECT_EQ(decode_header_value(literal), std::string(literal)) << literal;
}

// --- x-mcp-header annotations (server/tools "x-mcp-header"; streamable-http "Schema Extension") ---

TEST(tool_param_headers, SpecExampleYieldsOneStringHeader) {
    auto found = annotations(R"({"type":"object","properties":{
        "region":{"type":"string","description":"The region","x-mcp-header":"Region"},
        "query":{"type":"string"}},"required":["region","query"]})");
    EXPECT_EQ(found, region);
}

TEST(tool_param_headers, NestedPropertiesCarryTheirPath) {
    auto found = annotations(R"({"type":"object","properties":{"a":{"type":"object","properties":{
        "b":{"type":"integer","x-mcp-header":"Depth"}}}}})");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].path, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(found[0].type, kind::integer);
}

TEST(tool_param_headers, StringIntegerAndBooleanAreAllowedInSchemaOrder) {
    auto found = annotations(R"({"type":"object","properties":{
        "s":{"type":"string","x-mcp-header":"S"},"i":{"type":"integer","x-mcp-header":"I"},
        "b":{"type":"boolean","x-mcp-header":"B"}}})");
    ASSERT_EQ(found.size(), 3u);
    EXPECT_EQ(found[0].type, kind::string);
    EXPECT_EQ(found[1].type, kind::integer);
    EXPECT_EQ(found[2].type, kind::boolean);
}

TEST(tool_param_headers, SchemaWithoutAnnotationsHasNone) {
    EXPECT_TRUE(annotations(R"({"type":"object","properties":{"a":{"type":"string"}}})").empty());
    EXPECT_TRUE(annotations(R"({"type":"object"})").empty());
}

TEST(tool_param_headers, ProblemIsInvalidParams) {
    auto r = tool_param_headers(object(R"({"properties":{"a":{"type":"string","x-mcp-header":""}}})"));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), mcp::protocol::code::invalid_params);
}

TEST(tool_param_headers, EmptyNameIsRefused) {
    EXPECT_NE(schema_problem(R"({"properties":{"a":{"type":"string","x-mcp-header":""}}})"), "");
}

TEST(tool_param_headers, NamesThatAreNotTokensAreRefused) {
    for (std::string_view bad :
         {"My Region", "Region:Primary", "R\xc3\xa9gion", "Region\t1", "Region\r\n", "a/b", "(x)", "a\"b",
          "a,b", "a;b", "a=b", "a@b", "[x]", "{x}", "a\\b", "x\x7f"}) {
        auto schema = boost::json::object{
            {"properties",
             boost::json::object{{"a", boost::json::object{{"type", "string"}, {"x-mcp-header", bad}}}}}};
        auto r = tool_param_headers(schema);
        ASSERT_FALSE(r) << bad;
        EXPECT_NE(r.error().message().find("not an HTTP field-name token"), std::string::npos) << bad;
    }
}

TEST(tool_param_headers, EveryTcharIsAllowed) {
    auto found =
        annotations(R"({"properties":{"a":{"type":"string","x-mcp-header":"!#$%&'*+-.^_`|~09azAZ"}}})");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].name, "!#$%&'*+-.^_`|~09azAZ");
}

TEST(tool_param_headers, NameOfAStandardHeaderIsAllowed) {
    EXPECT_EQ(schema_problem(R"({"properties":{"a":{"type":"string","x-mcp-header":"Method"}}})"), "");
}

TEST(tool_param_headers, DuplicateNamesAreRefused) {
    EXPECT_NE(schema_problem(R"({"properties":{"a":{"type":"string","x-mcp-header":"Region"},
                                              "b":{"type":"string","x-mcp-header":"Region"}}})"),
              "");
}

TEST(tool_param_headers, NamesDifferingOnlyInCaseAreDuplicates) {
    auto problem = schema_problem(R"({"properties":{"a":{"type":"string","x-mcp-header":"Region"},
        "n":{"type":"object","properties":{"b":{"type":"string","x-mcp-header":"REGION"}}}}})");
    EXPECT_EQ(problem,
              "x-mcp-header 'REGION' at /properties/n/properties/b repeats 'Region' at /properties/a "
              "(names are unique regardless of case)");
}

TEST(tool_param_headers, TypesOtherThanStringIntegerBooleanAreRefused) {
    for (auto type : {R"("number")", R"("object")", R"("array")", R"("null")", R"(["string","null"])"}) {
        auto problem =
            schema_problem(std::string(R"({"properties":{"a":{"x-mcp-header":"A","type":)") + type + "}}}");
        EXPECT_NE(problem.find("is not \"string\", \"integer\" or \"boolean\""), std::string::npos) << type;
    }
}

TEST(tool_param_headers, PropertyWithoutATypeIsRefused) {
    EXPECT_NE(schema_problem(R"({"properties":{"a":{"enum":["x","y"],"x-mcp-header":"A"}}})"), "");
}

TEST(tool_param_headers, NonStringAnnotationIsRefused) {
    EXPECT_NE(
        schema_problem(R"({"properties":{"a":{"type":"string","x-mcp-header":5}}})").find("is not a string"),
        std::string::npos);
}

TEST(tool_param_headers, AnnotationOnTheRootIsRefused) {
    EXPECT_NE(schema_problem(R"({"type":"string","x-mcp-header":"A"})").find("at the root"),
              std::string::npos);
}

// Not reachable through properties alone: items, composition, conditionals, $ref targets, other maps.
TEST(tool_param_headers, AnnotationOffThePropertiesChainIsRefused) {
    char const* const schemas[] = {
        R"({"properties":{"l":{"type":"array","items":{"type":"string","x-mcp-header":"A"}}}})",
        R"({"properties":{"l":{"type":"array","prefixItems":[{"type":"string","x-mcp-header":"A"}]}}})",
        R"({"properties":{"l":{"type":"array","items":{"properties":{"x":{"type":"string","x-mcp-header":"A"}}}}}})",
        R"({"anyOf":[{"properties":{"a":{"type":"string","x-mcp-header":"A"}}}]})",
        R"({"properties":{"a":{"oneOf":[{"type":"string","x-mcp-header":"A"}]}}})",
        R"({"allOf":[{"properties":{"a":{"type":"string","x-mcp-header":"A"}}}]})",
        R"({"not":{"properties":{"a":{"type":"string","x-mcp-header":"A"}}}})",
        R"({"if":{},"then":{"properties":{"a":{"type":"string","x-mcp-header":"A"}}}})",
        R"({"else":{"properties":{"a":{"type":"string","x-mcp-header":"A"}}}})",
        R"({"properties":{"a":{"$ref":"#/$defs/r"}},"$defs":{"r":{"type":"string","x-mcp-header":"A"}}})",
        R"({"definitions":{"r":{"properties":{"a":{"type":"string","x-mcp-header":"A"}}}}})",
        R"({"patternProperties":{"^a":{"type":"string","x-mcp-header":"A"}}})",
        R"({"additionalProperties":{"type":"string","x-mcp-header":"A"}})",
        R"({"dependentSchemas":{"a":{"properties":{"b":{"type":"string","x-mcp-header":"A"}}}}})",
    };
    for (auto schema : schemas)
        EXPECT_NE(schema_problem(schema).find("not on a property reached from the root"), std::string::npos)
            << schema;
}

TEST(tool_param_headers, InstanceValuesShapedLikeAnnotationsAreData) {
    EXPECT_TRUE(annotations(R"({"properties":{"a":{"type":"object","default":{"x-mcp-header":"A"},
        "const":{"x-mcp-header":"B"},"enum":[{"x-mcp-header":"C"}],"examples":[{"x-mcp-header":"D"}]}}})")
                    .empty());
}

TEST(tool_param_headers, PropertyNamedXMcpHeaderIsNotAnAnnotation) {
    EXPECT_TRUE(annotations(R"({"properties":{"x-mcp-header":{"type":"string"}}})").empty());
}

TEST(tool_param_headers, ProblemPointerEscapesSlashAndTilde) {
    auto problem = schema_problem(R"({"properties":{"a/b~c":{"type":"number","x-mcp-header":"A"}}})");
    EXPECT_NE(problem.find("at /properties/a~1b~0c "), std::string::npos) << problem;
}

// --- Mcp-Param-* against the arguments (streamable-http "Server Behavior for Custom Headers") ---

TEST(param_headers, MatchingStringIsAccepted) {
    EXPECT_EQ(param(region, headers{{"Mcp-Param-Region", "us-west1"}}, R"({"region":"us-west1"})"),
              std::nullopt);
}

TEST(param_headers, HeaderNameMatchesInAnyCase) {
    for (auto name : {"mcp-param-region", "MCP-PARAM-REGION", "Mcp-Param-REGION"})
        EXPECT_EQ(param(region, headers{{name, "us-west1"}}, R"({"region":"us-west1"})"), std::nullopt)
            << name;
}

TEST(param_headers, StringMismatchIsRefused) {
    auto problem = param(region, headers{{"Mcp-Param-Region", "us-east1"}}, R"({"region":"us-west1"})");
    EXPECT_EQ(problem, "the Mcp-Param-Region header 'us-east1' does not match arguments.region 'us-west1'");
}

TEST(param_headers, StringValuesAreCaseSensitive) {
    EXPECT_TRUE(param(region, headers{{"Mcp-Param-Region", "US-WEST1"}}, R"({"region":"us-west1"})"));
}

TEST(param_headers, OptionalWhitespaceIsTrimmed) {
    EXPECT_EQ(param(region, headers{{"Mcp-Param-Region", "  us-west1\t"}}, R"({"region":"us-west1"})"),
              std::nullopt);
}

TEST(param_headers, Base64ValueIsDecodedBeforeComparing) {
    headers h{{"Mcp-Param-Region", "=?base64?IHVzLXdlc3QxIA==?="}};
    EXPECT_EQ(param(region, h, R"({"region":" us-west1 "})"), std::nullopt);
    EXPECT_TRUE(param(region, h, R"({"region":"us-west1"})"));
}

TEST(param_headers, InvalidBase64ValueIsRefused) {
    EXPECT_TRUE(param(region, headers{{"Mcp-Param-Region", "=?base64?SGVsbG8?="}}, R"({"region":"Hello"})"));
}

TEST(param_headers, LiteralShapedLikeTheSentinelStaysLiteral) {
    EXPECT_EQ(param(region, headers{{"Mcp-Param-Region", "=?BASE64?SGVsbG8=?="}},
                    R"({"region":"=?BASE64?SGVsbG8=?="})"),
              std::nullopt);
}

TEST(param_headers, RawNonAsciiValueIsRefused) {
    EXPECT_TRUE(param(region, headers{{"Mcp-Param-Region", "R\xc3\xa9gion"}}, R"({"region":"Région"})"));
}

TEST(param_headers, EmptyStringIsAnEmptyHeader) {
    EXPECT_EQ(param(region, headers{{"Mcp-Param-Region", ""}}, R"({"region":""})"), std::nullopt);
    EXPECT_TRUE(param(region, headers{}, R"({"region":""})"));
}

TEST(param_headers, MissingHeaderWithABodyValueIsRefused) {
    auto problem = param(region, headers{}, R"({"region":"us-west1"})");
    EXPECT_EQ(problem,
              "the Mcp-Param-Region header is missing; it must repeat arguments.region \"us-west1\"");
}

TEST(param_headers, NullOrAbsentValueExpectsNoHeader) {
    EXPECT_EQ(param(region, headers{}, R"({"region":null})"), std::nullopt);
    EXPECT_EQ(param(region, headers{}, R"({})"), std::nullopt);
}

TEST(param_headers, HeaderForANullOrAbsentValueIsRefused) {
    EXPECT_TRUE(param(region, headers{{"Mcp-Param-Region", "us-west1"}}, R"({"region":null})"));
    EXPECT_TRUE(param(region, headers{{"Mcp-Param-Region", "us-west1"}}, R"({})"));
}

TEST(param_headers, UnannotatedParamHeadersAreIgnored) {
    headers h{{"Mcp-Param-Region", "us-west1"}, {"Mcp-Param-Tenant", "x"}, {"Mcp-Param-Tenant", "y"}};
    EXPECT_EQ(param(region, h, R"({"region":"us-west1","tenant":"z"})"), std::nullopt);
}

TEST(param_headers, RepeatedHeaderIsRefused) {
    headers h{{"Mcp-Param-Region", "us-west1"}, {"mcp-param-region", "us-west1"}};
    EXPECT_TRUE(param(region, h, R"({"region":"us-west1"})"));
}

TEST(param_headers, InvalidCharactersAreRefusedEvenWithoutABodyValue) {
    EXPECT_TRUE(param(region, headers{{"Mcp-Param-Region", "us\x01west"}}, R"({})"));
}

TEST(param_headers, StringAnnotationWithANonStringBodyValueIsRefused) {
    EXPECT_TRUE(param(region, headers{{"Mcp-Param-Region", "5"}}, R"({"region":5})"));
}

TEST(param_headers, IntegersCompareNumerically) {
    for (auto [header, body] : {std::pair{"42", "42"},
                                {"042", "42"},
                                {"42.0", "42"},
                                {"42.00", "42"},
                                {"=?base64?NDI=?=", "42"},
                                {"-7", "-7"},
                                {"-0", "0"},
                                {"0", "0"},
                                {"42", "42.0"}})
        EXPECT_EQ(
            param(count, headers{{"Mcp-Param-Count", header}}, std::string(R"({"count":)") + body + "}"),
            std::nullopt)
            << header << " vs " << body;
}

TEST(param_headers, IntegerHeadersThatAreNotDecimalIntegersAreRefused) {
    for (auto header : {"4.2", "42.5", "+42", "4.2e1", "42e0", "0x2A", "42abc", "", "-", "42.", ".42", "- 42",
                        "4 2", "forty-two", "=?base64?NC4y?="}) {
        auto problem = param(count, headers{{"Mcp-Param-Count", header}}, R"({"count":42})");
        ASSERT_TRUE(problem) << header;
        EXPECT_NE(problem->find("does not match arguments.count 42"), std::string::npos) << *problem;
    }
}

TEST(param_headers, IntegerMismatchIsRefused) {
    EXPECT_TRUE(param(count, headers{{"Mcp-Param-Count", "43"}}, R"({"count":42})"));
    EXPECT_TRUE(param(count, headers{{"Mcp-Param-Count", "-42"}}, R"({"count":42})"));
}

TEST(param_headers, IntegersAtTheSafeLimitsAreAccepted) {
    EXPECT_EQ(param(count, headers{{"Mcp-Param-Count", "9007199254740991"}}, R"({"count":9007199254740991})"),
              std::nullopt);
    EXPECT_EQ(
        param(count, headers{{"Mcp-Param-Count", "-9007199254740991"}}, R"({"count":-9007199254740991})"),
        std::nullopt);
}

TEST(param_headers, IntegersPastTheSafeRangeAreRefused) {
    for (auto body : {"9007199254740992", "-9007199254740992", "18446744073709551615", "1e300"})
        EXPECT_TRUE(
            param(count, headers{{"Mcp-Param-Count", body}}, std::string(R"({"count":)") + body + "}"))
            << body;
    EXPECT_TRUE(param(count, headers{{"Mcp-Param-Count", "99999999999999999999"}}, R"({"count":42})"));
}

TEST(param_headers, IntegerAnnotationWithANonIntegerBodyValueIsRefused) {
    for (auto body : {R"("42")", "4.5", "true"}) {
        auto problem =
            param(count, headers{{"Mcp-Param-Count", "42"}}, std::string(R"({"count":)") + body + "}");
        ASSERT_TRUE(problem) << body;
        EXPECT_NE(problem->find("not an integer"), std::string::npos) << *problem;
    }
}

TEST(param_headers, BooleansAreLowercaseTrueOrFalse) {
    EXPECT_EQ(param(flag, headers{{"Mcp-Param-Flag", "true"}}, R"({"flag":true})"), std::nullopt);
    EXPECT_EQ(param(flag, headers{{"Mcp-Param-Flag", "false"}}, R"({"flag":false})"), std::nullopt);
    for (auto header : {"True", "TRUE", "1", "yes", "false", ""})
        EXPECT_TRUE(param(flag, headers{{"Mcp-Param-Flag", header}}, R"({"flag":true})")) << header;
}

TEST(param_headers, BooleanAnnotationWithANonBooleanBodyValueIsRefused) {
    EXPECT_TRUE(param(flag, headers{{"Mcp-Param-Flag", "true"}}, R"({"flag":"true"})"));
}

TEST(param_headers, NestedPathReadsTheNestedArgument) {
    std::vector<param_header> const nested = {{.name = "Depth", .path = {"a", "b"}, .type = kind::integer}};
    EXPECT_EQ(param(nested, headers{{"Mcp-Param-Depth", "3"}}, R"({"a":{"b":3}})"), std::nullopt);
    EXPECT_EQ(
        param(nested, headers{{"Mcp-Param-Depth", "4"}}, R"({"a":{"b":3}})"),
        "the Mcp-Param-Depth header '4' does not match arguments.a.b 3 (a decimal integer is expected)");
    EXPECT_TRUE(param(nested, headers{}, R"({"a":{"b":3}})"));
}

TEST(param_headers, AbsentOrNonObjectParentExpectsNoHeader) {
    std::vector<param_header> const nested = {{.name = "Depth", .path = {"a", "b"}, .type = kind::integer}};
    for (auto args : {R"({})", R"({"a":null})", R"({"a":5})", R"({"a":{}})"})
        EXPECT_EQ(param(nested, headers{}, args), std::nullopt) << args;
}

TEST(param_headers, EveryAnnotationIsChecked) {
    auto all = annotations(R"({"properties":{"region":{"type":"string","x-mcp-header":"Region"},
        "count":{"type":"integer","x-mcp-header":"Count"}}})");
    headers h{{"Mcp-Param-Region", "us-west1"}, {"Mcp-Param-Count", "2"}};
    EXPECT_EQ(param(all, h, R"({"region":"us-west1","count":2})"), std::nullopt);
    EXPECT_TRUE(param(all, h, R"({"region":"us-west1","count":3})"));
    EXPECT_TRUE(param(all, h, R"({"region":"eu-west1","count":2})"));
}

} // namespace
