// The pure checks of `mcp`'s command line (arguments.hpp): each argument read, each mistake named.
#include "arguments.hpp"

#include <mcp/client/client_types.hpp>
#include <mcp/client/transport.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcp::cli;

bool mentions(mcp::error const& e, std::string_view text) {
    return e.message().find(text) != std::string::npos;
}

TEST(McpCliHeader, SplitsAtTheFirstColonAndTrimsTheValue) {
    auto h = parse_header("Authorization:  Bearer a:b ");
    ASSERT_TRUE(h) << h.error().message();
    EXPECT_EQ(h->first, "Authorization");
    EXPECT_EQ(h->second, "Bearer a:b");
}

TEST(McpCliHeader, AcceptsAnEmptyValue) {
    auto h = parse_header("X-Empty:");
    ASSERT_TRUE(h);
    EXPECT_EQ(h->second, "");
}

TEST(McpCliHeader, WithoutAColonIsRefused) {
    auto h = parse_header("Authorization Bearer x");
    ASSERT_FALSE(h);
    EXPECT_TRUE(mentions(h.error(), "expected 'Name: value'")) << h.error().message();
}

TEST(McpCliHeader, ANameThatIsNotATokenIsRefused) {
    EXPECT_FALSE(parse_header("X Token: 1"));
    EXPECT_FALSE(parse_header(": 1"));
    EXPECT_FALSE(parse_header("X-Token : 1"));
}

TEST(McpCliHeader, ALineBreakInTheValueIsRefused) {
    auto h = parse_header("X-A: 1\r\nX-B: 2");
    ASSERT_FALSE(h);
    EXPECT_TRUE(mentions(h.error(), "control character"));
}

TEST(McpCliHeader, HeadersTheTransportSetsAreRefusedInAnyCase) {
    for (auto text : {"accept: */*", "Content-Type: text/plain", "MCP-SESSION-ID: x",
                      "mcp-protocol-version: 1", "Host: example.com"}) {
        auto h = parse_header(text);
        ASSERT_FALSE(h) << text;
        EXPECT_TRUE(mentions(h.error(), "sets this header itself")) << text;
    }
}

TEST(McpCliJsonObject, ReadsAnObject) {
    auto o = parse_json_object("tool arguments", R"({"a": 1, "b": [true]})");
    ASSERT_TRUE(o) << o.error().message();
    EXPECT_EQ(o->at("a"), 1);
    EXPECT_EQ(o->at("b").at(0), true);
}

TEST(McpCliJsonObject, InvalidJsonNamesTheArgumentAndThePosition) {
    auto o = parse_json_object("tool arguments", "{a:1}");
    ASSERT_FALSE(o);
    EXPECT_EQ(o.error().code(), mcp::protocol::code::invalid_params);
    EXPECT_TRUE(mentions(o.error(), "tool arguments '{a:1}': not valid JSON at character 2"))
        << o.error().message();
}

TEST(McpCliJsonObject, TextAfterTheValueIsRefused) {
    auto o = parse_json_object("tool arguments", R"({"a":1} x)");
    ASSERT_FALSE(o);
    EXPECT_TRUE(mentions(o.error(), "not valid JSON")) << o.error().message();
}

TEST(McpCliJsonObject, AnUnfinishedObjectIsRefused) {
    EXPECT_FALSE(parse_json_object("tool arguments", R"({"a":)"));
}

TEST(McpCliJsonObject, AnythingButAnObjectIsRefusedByItsKind) {
    auto a = parse_json_object("tool arguments", "[1]");
    ASSERT_FALSE(a);
    EXPECT_TRUE(mentions(a.error(), "expected a JSON object")) << a.error().message();
    EXPECT_TRUE(mentions(a.error(), "not an array"));
    auto n = parse_json_object("tool arguments", "3");
    ASSERT_FALSE(n);
    EXPECT_TRUE(mentions(n.error(), "not a number"));
}

TEST(McpCliJsonObject, EmptyTextIsRefused) {
    auto o = parse_json_object("tool arguments", "  ");
    ASSERT_FALSE(o);
    EXPECT_TRUE(mentions(o.error(), "tool arguments is empty"));
}

TEST(McpCliStringObject, ReadsStrings) {
    auto m = parse_string_object("prompt arguments", R"({"city": "Oslo", "days": "3"})");
    ASSERT_TRUE(m) << m.error().message();
    EXPECT_EQ(m->at("city"), "Oslo");
    EXPECT_EQ(m->at("days"), "3");
}

TEST(McpCliStringObject, AValueThatIsNotAStringIsNamedWithTheFix) {
    auto m = parse_string_object("prompt arguments", R"({"city": "Oslo", "days": 3})");
    ASSERT_FALSE(m);
    EXPECT_TRUE(mentions(m.error(), "\"days\" is a number")) << m.error().message();
    EXPECT_TRUE(mentions(m.error(), "write \"days\": \"3\"")) << m.error().message();
}

TEST(McpCliAssignment, SplitsAtTheFirstEquals) {
    auto a = parse_assignment("--context", "query=a=b");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->first, "query");
    EXPECT_EQ(a->second, "a=b");
    EXPECT_TRUE(parse_assignment("--context", "empty="));
    EXPECT_FALSE(parse_assignment("--context", "=x"));
    EXPECT_FALSE(parse_assignment("--context", "novalue"));
}

TEST(McpCliRoot, AFileUriIsARoot) {
    auto r = parse_root("file:///home/me/project");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->uri, "file:///home/me/project");
    EXPECT_FALSE(r->name);
}

TEST(McpCliRoot, OtherUrisAreRefused) {
    EXPECT_FALSE(parse_root("/home/me/project"));
    EXPECT_FALSE(parse_root("https://example.com"));
    EXPECT_FALSE(parse_root("file://"));
}

TEST(McpCliLogLevel, ReadsTheSpecsLevels) {
    EXPECT_EQ(parse_log_level("debug").value(), mcp::log_level::debug);
    EXPECT_EQ(parse_log_level("emergency").value(), mcp::log_level::emergency);
    auto bad = parse_log_level("warn");
    ASSERT_FALSE(bad);
    EXPECT_TRUE(mentions(bad.error(), "expected debug, info"));
}

invocation command(std::string name) {
    invocation inv;
    inv.command = std::move(name);
    return inv;
}

TEST(McpCliOperands, TheUrlComesFirst) {
    auto inv = command("tools");
    ASSERT_TRUE(read_operands(inv, {"http://127.0.0.1:8080/mcp"}));
    EXPECT_EQ(inv.url, "http://127.0.0.1:8080/mcp");
}

TEST(McpCliOperands, AMissingUrlSaysHowToGiveOne) {
    auto inv = command("tools");
    auto r = read_operands(inv, {});
    ASSERT_FALSE(r);
    EXPECT_TRUE(mentions(r.error(), "give the server's URL, or --stdio")) << r.error().message();
}

TEST(McpCliOperands, ABadUrlIsAUsageError) {
    auto inv = command("tools");
    auto r = read_operands(inv, {"ftp://example.com/mcp"});
    ASSERT_FALSE(r);
    EXPECT_TRUE(mentions(r.error(), "URL 'ftp://example.com/mcp'")) << r.error().message();
}

TEST(McpCliOperands, WithStdioThereIsNoUrl) {
    auto inv = command("call");
    inv.server_command = {"./server"};
    ASSERT_TRUE(read_operands(inv, {"add", R"({"a": 2})"}));
    EXPECT_EQ(inv.url, "");
    EXPECT_EQ(inv.name, "add");
    EXPECT_EQ(inv.arguments.at("a"), 2);
}

TEST(McpCliOperands, CallArgumentsDefaultToAnEmptyObject) {
    auto inv = command("call");
    ASSERT_TRUE(read_operands(inv, {"http://h/mcp", "test_simple_text"}));
    EXPECT_EQ(inv.name, "test_simple_text");
    EXPECT_TRUE(inv.arguments.empty());
}

TEST(McpCliOperands, BadCallArgumentsAreAUsageError) {
    auto inv = command("call");
    auto r = read_operands(inv, {"http://h/mcp", "add", "{oops"});
    ASSERT_FALSE(r);
    EXPECT_TRUE(mentions(r.error(), "tool arguments '{oops': not valid JSON")) << r.error().message();
}

TEST(McpCliOperands, TooManyOrTooFewAreCountedAgainstTheUsage) {
    auto tools = command("tools");
    auto r = read_operands(tools, {"http://h/mcp", "extra"});
    ASSERT_FALSE(r);
    EXPECT_TRUE(mentions(r.error(), "tools: expected URL, got 2 operand(s)")) << r.error().message();
    auto read = command("read");
    auto missing = read_operands(read, {"http://h/mcp"});
    ASSERT_FALSE(missing);
    EXPECT_TRUE(mentions(missing.error(), "read: expected URL URI")) << missing.error().message();
    auto stdio_ping = command("ping");
    stdio_ping.server_command = {"./server"};
    auto url_too = read_operands(stdio_ping, {"http://h/mcp"});
    ASSERT_FALSE(url_too);
    EXPECT_TRUE(mentions(url_too.error(), "with --stdio there is no URL")) << url_too.error().message();
}

TEST(McpCliOperands, PromptArgumentsAreStrings) {
    auto inv = command("prompt");
    ASSERT_TRUE(read_operands(inv, {"http://h/mcp", "greet", R"({"name": "Ada"})"}));
    EXPECT_EQ(inv.prompt_arguments.at("name"), "Ada");
    auto bad = command("prompt");
    EXPECT_FALSE(read_operands(bad, {"http://h/mcp", "greet", R"({"n": 1})"}));
}

TEST(McpCliOperands, CompleteNeedsAReference) {
    auto inv = command("complete");
    auto r = read_operands(inv, {"http://h/mcp", "arg1", "pa"});
    ASSERT_FALSE(r);
    EXPECT_TRUE(mentions(r.error(), "--prompt NAME or --resource TEMPLATE"));
    inv.completion.ref = "test_prompt_with_arguments";
    ASSERT_TRUE(read_operands(inv, {"http://h/mcp", "arg1", "pa"}));
    EXPECT_EQ(inv.completion.argument, "arg1");
    EXPECT_EQ(inv.completion.value, "pa");
}

TEST(McpCliOperands, EveryCommandHasAShapeAndOnlyThose) {
    EXPECT_EQ(command_shapes().size(), 10u);
    auto inv = command("tasks");
    EXPECT_FALSE(read_operands(inv, {"http://h/mcp"}));
}

TEST(McpCliExitCode, TheServersJsonRpcErrorsAreFailures) {
    EXPECT_EQ(exit_code_for(mcp::error::invalid_params("Unknown tool: x")), exit_code::failed);
    EXPECT_EQ(exit_code_for(mcp::error::method_not_found("tools/list")), exit_code::failed);
    EXPECT_EQ(exit_code_for(mcp::error(mcp::protocol::code::resource_not_found, "no")), exit_code::failed);
    EXPECT_EQ(exit_code_for(mcp::error(mcp::protocol::code::unauthenticated, "who?")), exit_code::failed);
    EXPECT_EQ(exit_code_for(mcp::error(mcp::client_code::tool_failed, "the tool failed")), exit_code::failed);
    EXPECT_EQ(exit_code_for(mcp::error(-1, "an application's own code")), exit_code::failed);
}

TEST(McpCliExitCode, NoUsableAnswerIsNoAnswer) {
    for (int code :
         {mcp::transport::code::unreachable, mcp::transport::code::http_status,
          mcp::transport::code::bad_answer, mcp::transport::code::session_expired,
          mcp::protocol::code::request_timeout, mcp::client_code::closed, mcp::client_code::bad_result,
          mcp::client_code::not_connected, mcp::client_code::version_refused, mcp::client_code::cancelled})
        EXPECT_EQ(exit_code_for(mcp::error(code, "x")), exit_code::no_answer) << code;
}

} // namespace
