#include <mcp/protocol/jsonrpc.hpp>

#include <gtest/gtest.h>

#include <limits>

namespace {

using namespace mcp::protocol;
namespace json = boost::json;

mcp::result<message> parse(std::string_view text) {
    return parse_message(text);
}

// The message text of an invalid_request failure, or a gtest failure when it parsed.
std::string invalid_request_text(std::string_view text) {
    auto m = parse(text);
    if (m) {
        ADD_FAILURE() << "parsed: " << text;
        return {};
    }
    EXPECT_EQ(m.error().code(), code::invalid_request) << text;
    return m.error().message();
}

// --- kinds of message ------------------------------------------------------------------------------------

TEST(JsonRpcParse, RequestWithIntegerId) {
    auto m = parse(R"({"jsonrpc":"2.0","id":7,"method":"tools/list","params":{"cursor":"c"}})");
    ASSERT_TRUE(m);
    auto const* r = std::get_if<request>(&*m);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->id, request_id(std::int64_t{7}));
    EXPECT_EQ(r->method, "tools/list");
    EXPECT_EQ(r->params, json::parse(R"({"cursor":"c"})").as_object());
}

TEST(JsonRpcParse, RequestWithStringId) {
    auto m = parse(R"({"jsonrpc":"2.0","id":"abc","method":"ping"})");
    ASSERT_TRUE(m);
    ASSERT_TRUE(std::holds_alternative<request>(*m));
    EXPECT_EQ(std::get<request>(*m).id, request_id(std::string("abc")));
}

TEST(JsonRpcParse, RequestWithoutParamsHasEmptyParams) {
    auto m = parse(R"({"jsonrpc":"2.0","id":1,"method":"ping"})");
    ASSERT_TRUE(m);
    EXPECT_TRUE(std::get<request>(*m).params.empty());
}

TEST(JsonRpcParse, NotificationHasNoId) {
    auto m = parse(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
    ASSERT_TRUE(m);
    auto const* n = std::get_if<notification>(&*m);
    ASSERT_TRUE(n);
    EXPECT_EQ(n->method, "notifications/initialized");
    EXPECT_TRUE(n->params.empty());
}

TEST(JsonRpcParse, NotificationKeepsParams) {
    auto m = parse(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":3}})");
    ASSERT_TRUE(m);
    EXPECT_EQ(std::get<notification>(*m).params, json::parse(R"({"requestId":3})").as_object());
}

TEST(JsonRpcParse, ResponseWithObjectResult) {
    auto m = parse(R"({"jsonrpc":"2.0","id":4,"result":{"roots":[]}})");
    ASSERT_TRUE(m);
    auto const* r = std::get_if<response>(&*m);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->id, request_id(std::int64_t{4}));
    EXPECT_EQ(r->result, json::parse(R"({"roots":[]})"));
}

TEST(JsonRpcParse, ResponseWithNullResultIsStillAResponse) {
    auto m = parse(R"({"jsonrpc":"2.0","id":"x","result":null})");
    ASSERT_TRUE(m);
    ASSERT_TRUE(std::holds_alternative<response>(*m));
    EXPECT_TRUE(std::get<response>(*m).result.is_null());
}

TEST(JsonRpcParse, ErrorResponseWithId) {
    auto m = parse(R"({"jsonrpc":"2.0","id":5,"error":{"code":-32601,"message":"Method not found: x"}})");
    ASSERT_TRUE(m);
    auto const* e = std::get_if<error_response>(&*m);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->id, request_id(std::int64_t{5}));
    EXPECT_EQ(e->err, error::method_not_found("x"));
}

TEST(JsonRpcParse, ErrorResponseWithNullIdHasNoId) {
    auto m = parse(R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}})");
    ASSERT_TRUE(m);
    auto const* e = std::get_if<error_response>(&*m);
    ASSERT_TRUE(e);
    EXPECT_FALSE(e->id);
    EXPECT_EQ(e->err.code(), code::parse_error);
}

TEST(JsonRpcParse, ErrorResponseWithoutIdHasNoId) {
    auto m = parse(R"({"jsonrpc":"2.0","error":{"code":-32600,"message":"bad"}})");
    ASSERT_TRUE(m);
    ASSERT_TRUE(std::holds_alternative<error_response>(*m));
    EXPECT_FALSE(std::get<error_response>(*m).id);
}

TEST(JsonRpcParse, ErrorResponseKeepsData) {
    auto m =
        parse(R"({"jsonrpc":"2.0","id":1,"error":{"code":-32029,"message":"m","data":{"retryAfter":3}}})");
    ASSERT_TRUE(m);
    EXPECT_EQ(std::get<error_response>(*m).err.data(), json::parse(R"({"retryAfter":3})"));
}

TEST(JsonRpcParse, ParsesDecodedValue) {
    auto m = parse_message(json::parse(R"({"jsonrpc":"2.0","id":1,"method":"ping"})"));
    ASSERT_TRUE(m);
    EXPECT_TRUE(std::holds_alternative<request>(*m));
}

TEST(JsonRpcParse, ParsingAConstValueLeavesItIntact) {
    json::value const v = json::parse(R"({"jsonrpc":"2.0","id":1,"method":"m","params":{"a":[1,2]}})");
    auto m = parse_message(v);
    ASSERT_TRUE(m);
    EXPECT_EQ(std::get<request>(*m).params, json::parse(R"({"a":[1,2]})"));
    EXPECT_EQ(v, json::parse(R"({"jsonrpc":"2.0","id":1,"method":"m","params":{"a":[1,2]}})"));
}

TEST(JsonRpcParse, ResponseResultIsTakenWhole) {
    auto m = parse(R"({"jsonrpc":"2.0","id":3,"result":{"content":[{"type":"text","text":"x"}]}})");
    ASSERT_TRUE(m);
    EXPECT_EQ(std::get<response>(*m).result, json::parse(R"({"content":[{"type":"text","text":"x"}]})"));
}

// --- ids -------------------------------------------------------------------------------------------------

TEST(JsonRpcId, AcceptsNegativeAndZeroIntegers) {
    auto m = parse(R"({"jsonrpc":"2.0","id":-9223372036854775808,"method":"ping"})");
    ASSERT_TRUE(m);
    EXPECT_EQ(std::get<request>(*m).id, request_id(std::numeric_limits<std::int64_t>::min()));
    EXPECT_TRUE(parse(R"({"jsonrpc":"2.0","id":0,"method":"ping"})"));
}

TEST(JsonRpcId, AcceptsEmptyString) {
    auto m = parse(R"({"jsonrpc":"2.0","id":"","method":"ping"})");
    ASSERT_TRUE(m);
    EXPECT_EQ(std::get<request>(*m).id, request_id(std::string()));
}

TEST(JsonRpcId, AcceptsLargestInt64) {
    auto m = parse(R"({"jsonrpc":"2.0","id":9223372036854775807,"method":"ping"})");
    ASSERT_TRUE(m);
    EXPECT_EQ(std::get<request>(*m).id, request_id(std::numeric_limits<std::int64_t>::max()));
}

TEST(JsonRpcId, AcceptsUint64ThatFitsInt64) {
    EXPECT_EQ(id_from_json(json::value(std::uint64_t{42})), request_id(std::int64_t{42}));
}

TEST(JsonRpcId, RejectsUint64BeyondInt64) {
    EXPECT_EQ(invalid_request_text(R"({"jsonrpc":"2.0","id":9223372036854775808,"method":"ping"})"),
              "Invalid request: id is out of range: an integer id must fit in a signed 64-bit integer");
    EXPECT_FALSE(id_from_json(json::value(std::uint64_t{9223372036854775808ull})));
}

TEST(JsonRpcId, RejectsNullIdOnRequest) {
    EXPECT_EQ(invalid_request_text(R"({"jsonrpc":"2.0","id":null,"method":"ping"})"),
              "Invalid request: id must be a string or an integer, not null");
}

TEST(JsonRpcId, RejectsWholeDouble) {
    EXPECT_EQ(invalid_request_text(R"({"jsonrpc":"2.0","id":1.0,"method":"ping"})"),
              "Invalid request: id must be a string or an integer, not a floating-point number");
}

TEST(JsonRpcId, RejectsFractionalNumber) {
    auto text = invalid_request_text(R"({"jsonrpc":"2.0","id":1.5,"method":"ping"})");
    EXPECT_NE(text.find("not a floating-point number"), std::string::npos) << text;
}

TEST(JsonRpcId, RejectsBool) {
    EXPECT_EQ(invalid_request_text(R"({"jsonrpc":"2.0","id":true,"method":"ping"})"),
              "Invalid request: id must be a string or an integer");
}

TEST(JsonRpcId, RejectsObject) {
    EXPECT_EQ(invalid_request_text(R"({"jsonrpc":"2.0","id":{"n":1},"method":"ping"})"),
              "Invalid request: id must be a string or an integer");
}

TEST(JsonRpcId, RejectsArray) {
    EXPECT_EQ(invalid_request_text(R"({"jsonrpc":"2.0","id":[1],"method":"ping"})"),
              "Invalid request: id must be a string or an integer");
}

TEST(JsonRpcId, RejectsNullIdOnResultResponse) {
    EXPECT_EQ(invalid_request_text(R"({"jsonrpc":"2.0","id":null,"result":{}})"),
              "Invalid request: id must be a string or an integer, not null");
}

TEST(JsonRpcId, RejectsBadIdOnErrorResponse) {
    invalid_request_text(R"({"jsonrpc":"2.0","id":false,"error":{"code":1,"message":"m"}})");
}

TEST(JsonRpcId, IdFromJsonRejectsEveryNonId) {
    for (auto text : {"null", "true", "1.0", "1.5", "{}", "[]"})
        EXPECT_FALSE(id_from_json(json::parse(text))) << text;
}

TEST(JsonRpcId, ToJsonWritesTheIdsKind) {
    EXPECT_EQ(to_json(request_id(std::int64_t{3})), json::value(3));
    EXPECT_EQ(to_json(request_id(std::string("3"))), json::value("3"));
}

TEST(JsonRpcId, ToStringQuotesStringsOnly) {
    EXPECT_EQ(to_string(request_id(std::int64_t{42})), "42");
    EXPECT_EQ(to_string(request_id(std::string("abc"))), "\"abc\"");
}

TEST(JsonRpcId, ToStringKeepsIntegerAndStringIdsApart) {
    EXPECT_NE(to_string(request_id(std::int64_t{1})), to_string(request_id(std::string("1"))));
}

// --- envelope rules ---------------------------------------------------------------------------------------

TEST(JsonRpcRules, RejectsMissingJsonrpc) {
    EXPECT_EQ(invalid_request_text(R"({"id":1,"method":"ping"})"),
              "Invalid request: \"jsonrpc\" is missing; it must be \"2.0\"");
}

TEST(JsonRpcRules, RejectsWrongVersion) {
    EXPECT_EQ(invalid_request_text(R"({"jsonrpc":"1.0","id":1,"method":"ping"})"),
              "Invalid request: \"jsonrpc\" must be \"2.0\"");
}

TEST(JsonRpcRules, RejectsNumericVersion) {
    EXPECT_EQ(invalid_request_text(R"({"jsonrpc":2.0,"id":1,"method":"ping"})"),
              "Invalid request: \"jsonrpc\" must be \"2.0\"");
}

TEST(JsonRpcRules, RejectsBatch) {
    EXPECT_EQ(invalid_request_text(R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])"),
              "Invalid request: batches are not supported; send one message at a time");
}

TEST(JsonRpcRules, RejectsEmptyBatch) {
    EXPECT_EQ(invalid_request_text("[]"),
              "Invalid request: batches are not supported; send one message at a time");
}

TEST(JsonRpcRules, RejectsNonObjectMessage) {
    for (auto text : {"1", "\"ping\"", "null", "true"})
        EXPECT_EQ(invalid_request_text(text), "Invalid request: a message must be a JSON object") << text;
}

TEST(JsonRpcRules, RejectsNonStringMethod) {
    EXPECT_EQ(invalid_request_text(R"({"jsonrpc":"2.0","id":1,"method":7})"),
              "Invalid request: \"method\" must be a string");
}

TEST(JsonRpcRules, RejectsArrayParams) {
    EXPECT_EQ(invalid_request_text(R"({"jsonrpc":"2.0","id":1,"method":"ping","params":[1,2]})"),
              "Invalid request: \"params\" must be an object; MCP does not use positional (array) params");
}

TEST(JsonRpcRules, RejectsArrayParamsOnNotification) {
    invalid_request_text(R"({"jsonrpc":"2.0","method":"notifications/initialized","params":[]})");
}

TEST(JsonRpcRules, RejectsScalarOrNullParams) {
    for (auto params : {"1", "\"x\"", "null", "true"}) {
        auto text = std::string(R"({"jsonrpc":"2.0","id":1,"method":"ping","params":)") + params + "}";
        EXPECT_EQ(invalid_request_text(text), "Invalid request: \"params\" must be an object") << text;
    }
}

TEST(JsonRpcRules, RejectsResultAndErrorTogether) {
    EXPECT_EQ(
        invalid_request_text(R"({"jsonrpc":"2.0","id":1,"result":{},"error":{"code":1,"message":"m"}})"),
        "Invalid request: a response cannot have both \"result\" and \"error\"");
}

TEST(JsonRpcRules, RejectsMessageWithNeitherMethodNorResultNorError) {
    EXPECT_EQ(
        invalid_request_text(R"({"jsonrpc":"2.0","id":1})"),
        "Invalid request: a message needs \"method\" (a request or notification) or \"result\" or \"error\" "
        "(a response)");
}

TEST(JsonRpcRules, RejectsMethodTogetherWithResult) {
    EXPECT_EQ(invalid_request_text(R"({"jsonrpc":"2.0","id":1,"method":"ping","result":{}})"),
              "Invalid request: a message cannot have both \"method\" and \"result\" or \"error\"");
}

TEST(JsonRpcRules, RejectsResultWithoutId) {
    EXPECT_EQ(invalid_request_text(R"({"jsonrpc":"2.0","result":{}})"),
              "Invalid request: a response needs the \"id\" of the request it answers");
}

TEST(JsonRpcRules, RejectsMalformedErrorObject) {
    for (auto err :
         {R"("oops")", R"({"code":"x","message":"m"})", R"({"code":1})", R"({"code":1.5,"message":"m"})"}) {
        auto text = std::string(R"({"jsonrpc":"2.0","id":1,"error":)") + err + "}";
        EXPECT_EQ(
            invalid_request_text(text),
            "Invalid request: \"error\" must be an object with an integer \"code\" and a string \"message\"")
            << text;
    }
}

// --- parse errors -----------------------------------------------------------------------------------------

TEST(JsonRpcParseError, MalformedJsonIsParseError) {
    auto m = parse(R"({"jsonrpc":"2.0","id":8,"method":)");
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().code(), code::parse_error);
    EXPECT_EQ(m.error().message(), "Parse error: incomplete JSON at byte 33");
}

TEST(JsonRpcParseError, SyntaxErrorNamesTheByteOffset) {
    auto m = parse(R"({"jsonrpc":"2.0","id":1,"method":ping})");
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().code(), code::parse_error);
    EXPECT_EQ(m.error().message(), "Parse error: syntax error at byte 33");
}

// The parser is reused from message to message: a broken message must leave nothing behind for the next one.
TEST(JsonRpcParseError, AMessageAfterAMalformedOneParsesCleanly) {
    ASSERT_FALSE(parse(R"({"jsonrpc":"2.0","id":8,"method":"a","params":{"x":[1,)"));
    auto m = parse(R"({"jsonrpc":"2.0","id":9,"method":"b"})");
    ASSERT_TRUE(m);
    EXPECT_EQ(std::get<request>(*m).method, "b");
    EXPECT_TRUE(std::get<request>(*m).params.empty());
}

// Found by fuzz/jsonrpc: Boost.JSON reads 1e400 as infinity and writes infinity as `Infinity`, which is not
// JSON, so such a message came back (echoed arguments, error data, a stored session) as text no peer can
// parse.
TEST(JsonRpcParseError, NumberBeyondDoubleRangeIsParseError) {
    for (auto text :
         {R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"arguments":{"x":[1,-1e400]}}})",
          R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"m","data":{"at":21e400}}})"}) {
        auto m = parse(text);
        ASSERT_FALSE(m) << text;
        EXPECT_EQ(m.error().code(), code::parse_error);
        EXPECT_NE(m.error().message().find("out of range"), std::string::npos) << m.error().message();
    }
    EXPECT_TRUE(
        parse(R"({"jsonrpc":"2.0","id":1,"method":"m","params":{"x":1.7976931348623157e308,"y":1e-400}})"));
}

TEST(JsonRpcParseError, EmptyTextIsParseError) {
    auto m = parse("");
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().code(), code::parse_error);
}

TEST(JsonRpcParseError, TrailingGarbageIsParseError) {
    auto m = parse(R"({"jsonrpc":"2.0","method":"x"} {})");
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().code(), code::parse_error);
}

TEST(JsonRpcParseError, InvalidUtf8InStringIsParseErrorAtTheBadByte) {
    auto m = parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\xff\"}");
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().code(), code::parse_error);
    EXPECT_EQ(m.error().message(), "Parse error: syntax error at byte 38");
}

TEST(JsonRpcParseError, InvalidUtf8InKeyIsParseError) {
    auto m = parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"\xc3\x28\":1}");
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().code(), code::parse_error);
}

TEST(JsonRpcParseError, OverlongUtf8EncodingIsParseError) {
    // "/" encoded in two bytes: well-formed-looking but invalid UTF-8.
    auto m = parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\xc0\xaf\"}");
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().code(), code::parse_error);
}

TEST(JsonRpcParseError, ValidMultibyteUtf8IsAccepted) {
    auto m =
        parse("{\"jsonrpc\":\"2.0\",\"id\":\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\",\"method\":\"ping\"}");
    ASSERT_TRUE(m);
    EXPECT_EQ(std::get<request>(*m).id, request_id(std::string("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80")));
}

// --- salvage_id -------------------------------------------------------------------------------------------

TEST(JsonRpcSalvageId, ReadsIdOfAnInvalidRequest) {
    auto v = json::parse(R"({"jsonrpc":"1.0","id":9,"method":"ping"})");
    ASSERT_FALSE(parse_message(v));
    EXPECT_EQ(salvage_id(v), request_id(std::int64_t{9}));
}

TEST(JsonRpcSalvageId, ReadsStringId) {
    EXPECT_EQ(salvage_id(json::parse(R"({"id":"a","params":[]})")), request_id(std::string("a")));
}

TEST(JsonRpcSalvageId, NothingForNullId) {
    EXPECT_FALSE(salvage_id(json::parse(R"({"jsonrpc":"2.0","id":null})")));
}

TEST(JsonRpcSalvageId, NothingForInvalidId) {
    EXPECT_FALSE(salvage_id(json::parse(R"({"id":1.5})")));
}

TEST(JsonRpcSalvageId, NothingWithoutId) {
    EXPECT_FALSE(salvage_id(json::parse(R"({"method":"x"})")));
}

TEST(JsonRpcSalvageId, NothingForBatchOrScalar) {
    EXPECT_FALSE(salvage_id(json::parse(R"([{"jsonrpc":"2.0","id":10,"method":"ping"}])")));
    EXPECT_FALSE(salvage_id(json::parse("10")));
}

// --- builders ---------------------------------------------------------------------------------------------

TEST(JsonRpcMake, Request) {
    EXPECT_EQ(json::value(make_request(request_id(std::int64_t{4}), "roots/list", {})),
              json::parse(R"({"jsonrpc":"2.0","id":4,"method":"roots/list","params":{}})"));
}

TEST(JsonRpcMake, RequestWithStringIdAndParams) {
    EXPECT_EQ(
        json::value(
            make_request(request_id(std::string("s-1")), "sampling/createMessage", {{"maxTokens", 5}})),
        json::parse(
            R"({"jsonrpc":"2.0","id":"s-1","method":"sampling/createMessage","params":{"maxTokens":5}})"));
}

TEST(JsonRpcMake, Notification) {
    EXPECT_EQ(json::value(make_notification("notifications/progress", {{"progress", 1}})),
              json::parse(R"({"jsonrpc":"2.0","method":"notifications/progress","params":{"progress":1}})"));
}

TEST(JsonRpcMake, Response) {
    EXPECT_EQ(json::value(make_response(request_id(std::string("x")), json::object{})),
              json::parse(R"({"jsonrpc":"2.0","id":"x","result":{}})"));
}

TEST(JsonRpcMake, ErrorResponseWithId) {
    EXPECT_EQ(
        json::value(make_error_response(request_id(std::int64_t{7}), error::method_not_found("a/b"))),
        json::parse(R"({"jsonrpc":"2.0","id":7,"error":{"code":-32601,"message":"Method not found: a/b"}})"));
}

TEST(JsonRpcMake, ErrorResponseWithoutIdWritesNull) {
    EXPECT_EQ(
        json::value(make_error_response(std::nullopt, error::parse_error("Parse error: x"))),
        json::parse(R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: x"}})"));
}

TEST(JsonRpcMake, BuiltMessagesParseBackToTheirKind) {
    auto id = request_id(std::int64_t{1});
    EXPECT_TRUE(std::holds_alternative<request>(*parse_message(make_request(id, "m", {}))));
    EXPECT_TRUE(std::holds_alternative<notification>(*parse_message(make_notification("m", {}))));
    EXPECT_TRUE(std::holds_alternative<response>(*parse_message(make_response(id, json::object{}))));
    EXPECT_TRUE(std::holds_alternative<error_response>(*parse_message(make_error_response(id, error()))));
    EXPECT_TRUE(
        std::holds_alternative<error_response>(*parse_message(make_error_response(std::nullopt, error()))));
}

} // namespace
