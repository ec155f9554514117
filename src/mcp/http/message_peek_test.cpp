// The envelope glance (message_peek.hpp): what it finds in well-formed messages whatever the key order, what
// it must not take for the envelope (nested members, text in strings), and malformed text that must not crash
// it.
#include <mcp/http/message_peek.hpp>

#include <gtest/gtest.h>

#include <string>

namespace {

using mcp::http::peek_error_code;
using mcp::http::peek_request;

TEST(message_peek, FindsTheMethodAndToolName) {
    auto p = peek_request(
        R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"add","arguments":{"a":1}}})");
    EXPECT_EQ(p.method, "tools/call");
    EXPECT_EQ(p.name, "add");
    EXPECT_TRUE(p.uri.empty());
    EXPECT_TRUE(p.has_id);
}

TEST(message_peek, FindsThemWhateverTheKeyOrderAndBlanks) {
    auto p = peek_request(
        " {\n \"params\" : { \"arguments\" : {\"name\":\"inner\",\"x\":[1,{\"name\":\"deep\"}]} ,"
        " \"name\" : \"outer\" } , \"method\" : \"tools/call\" } ");
    EXPECT_EQ(p.method, "tools/call");
    EXPECT_EQ(p.name, "outer") << "a name inside the arguments is not the tool's";
    EXPECT_FALSE(p.has_id);
}

TEST(message_peek, FindsAResourceUri) {
    auto p = peek_request(
        R"({"jsonrpc":"2.0","id":"r","method":"resources/read","params":{"uri":"file:///a b.txt"}})");
    EXPECT_EQ(p.uri, "file:///a b.txt");
}

TEST(message_peek, SkipsStringsWithEscapedQuotesAndBrackets) {
    auto p = peek_request(
        R"({"id":1,"params":{"arguments":{"t":"a \"}\" {[ \\"},"name":"x\"y"},"method":"tools/call"})");
    EXPECT_EQ(p.method, "tools/call");
    EXPECT_EQ(p.name, R"(x\"y)") << "escapes are kept as written";
}

TEST(message_peek, ANotificationHasNoId) {
    auto p = peek_request(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
    EXPECT_EQ(p.method, "notifications/initialized");
    EXPECT_FALSE(p.has_id);
}

TEST(message_peek, MalformedTextFindsLessAndNeverReadsPast) {
    for (std::string text :
         {"", "{", "[", "{\"method\"", "{\"method\":", "{\"method\":\"tools/c",
          "{\"params\":{\"name\":", "{\"a\":[1,2", "nonsense", "{\"method\":42,\"params\":[]}",
          "{\"id\":1,\"method\":\"ping\"", "\"method\"", "{\"a\":\"\\\"}"}) {
        auto p = peek_request(text);
        EXPECT_TRUE(p.name.empty()) << text;
        EXPECT_FALSE(peek_error_code(text).has_value()) << text;
    }
    EXPECT_EQ(peek_request(R"({"method":42,"params":{"name":"n"}})").method, "");
    EXPECT_EQ(peek_request(R"({"method":42,"params":{"name":"n"}})").name, "n");
}

TEST(message_peek, ReadsTheCodeOfAnErrorResponse) {
    EXPECT_EQ(peek_error_code(R"({"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Unknown tool"}})"),
              -32602);
    EXPECT_EQ(peek_error_code(R"({"error":{"message":"m","data":{"code":1},"code":-32010},"id":null})"),
              -32010);
    EXPECT_EQ(peek_error_code(R"({"id":"a","error":{"code":7}})"), 7);
}

TEST(message_peek, AnErrorInsideAResultIsNotTheCallsError) {
    EXPECT_FALSE(peek_error_code(R"({"jsonrpc":"2.0","id":1,"result":{"error":{"code":-1}}})"));
    EXPECT_FALSE(peek_error_code(
        R"({"jsonrpc":"2.0","id":1,"result":{"structuredContent":{"error":{"code":5}}},"error":{"code":3}})"))
        << "a result comes first: the response is a result";
    EXPECT_FALSE(peek_error_code(R"({"jsonrpc":"2.0","id":1,"method":"x","params":{"error":{"code":1}}})"));
    EXPECT_FALSE(peek_error_code(R"({"jsonrpc":"2.0","id":1,"result":"\"error\":{\"code\":-32000}"})"));
}

} // namespace
