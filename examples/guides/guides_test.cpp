// The guides' code does what docs/tools.md, resources.md, prompts.md, call-context.md and middleware.md say
// it does, driven in process by mcp::testing (docs/testing.md).
#include "guides.hpp"

#include <mcp/testing/in_process.hpp>

#include <gtest/gtest.h>

#include <chrono>

namespace {

using namespace std::chrono_literals;

std::unique_ptr<mcp::server> make_server() {
    auto srv = std::make_unique<mcp::server>(mcp::server_options{.name = "guides", .version = "1"});
    guides::add_tools(*srv);
    guides::add_resources(*srv);
    guides::add_prompts(*srv);
    guides::add_context_tools(*srv);
    return srv;
}

class Guides : public ::testing::Test {
protected:
    std::unique_ptr<mcp::server> srv = make_server();
    mcp::testing::in_process client{
        *srv, {.roots = std::vector<mcp::protocol::root>{{"file:///home/ada/code", "code"}}}};

    mcp::protocol::tool tool(std::string const& name) {
        for (auto& t : client.list_all_tools().value())
            if (t.name == name)
                return t;
        ADD_FAILURE() << "no tool " << name;
        return {};
    }
};

// --- docs/tools.md -----------------------------------------------------------------------------------------

TEST_F(Guides, TypedToolSchemaListsEnumNamesAndOptionalMembers) {
    auto schema = tool("convert").input_schema;
    EXPECT_EQ(schema.at("required"), (boost::json::array{"value", "to"}));
    EXPECT_EQ(schema.at("properties").at("to").at("enum"), (boost::json::array{"celsius", "fahrenheit"}));
    EXPECT_EQ(schema.at("properties").at("digits").at("description"),
              "Decimal places to keep (default: all)");
}

TEST_F(Guides, TypedToolConvertsArguments) {
    auto r = client.call_tool("convert", {{"value", 212}, {"to", "celsius"}, {"digits", 1}});
    ASSERT_TRUE(r);
    EXPECT_FALSE(r->is_error);
    EXPECT_EQ(mcp::text_of(*r), "100");
}

TEST_F(Guides, BadArgumentsAreAToolErrorNamingTheField) {
    auto r = client.call_tool("convert", {{"value", "hot"}, {"to", "celsius"}});
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->is_error);
    EXPECT_NE(mcp::text_of(*r).find("arguments.value"), std::string::npos) << mcp::text_of(*r);
}

TEST_F(Guides, StructResultIsStructuredContentWithOutputSchema) {
    EXPECT_TRUE(tool("summarize").output_schema);
    auto r = client.call_tool("summarize", {{"values", {1, 2, 3}}});
    ASSERT_TRUE(r);
    ASSERT_TRUE(r->structured_content);
    EXPECT_EQ(*r->structured_content, (boost::json::object{{"count", 3}, {"mean", 2.0}, {"max", 3.0}}));
    auto empty = client.call_tool("summarize", {{"values", boost::json::array{}}});
    ASSERT_TRUE(empty && empty->structured_content);
    EXPECT_FALSE(empty->structured_content->contains("max"));
}

TEST_F(Guides, ResultErrorIsAToolError) {
    auto r = client.call_tool("divide", {{"a", 1}, {"b", 0}});
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->is_error);
    EXPECT_EQ(mcp::text_of(*r), "cannot divide by zero");
}

TEST_F(Guides, ContentAndExplicitResults) {
    auto pixel = client.call_tool("pixel");
    ASSERT_TRUE(pixel);
    ASSERT_EQ(pixel->content.size(), 3u);
    EXPECT_TRUE(std::holds_alternative<mcp::protocol::image_content>(pixel->content[1]));
    auto disk = client.call_tool("check_disk");
    ASSERT_TRUE(disk);
    EXPECT_TRUE(disk->is_error);
}

TEST_F(Guides, RawToolValidatesAgainstItsSchema) {
    EXPECT_EQ(client.call_tool<std::string>("echo", boost::json::object{{"text", "hi"}}).value(), "hi");
    auto extra = client.call_tool("echo", {{"text", "hi"}, {"loud", true}});
    ASSERT_TRUE(extra);
    EXPECT_TRUE(extra->is_error);
}

TEST_F(Guides, AnnotationsAreListed) {
    auto t = tool("delete_note");
    ASSERT_TRUE(t.annotations);
    EXPECT_EQ(t.annotations->destructive_hint, true);
    EXPECT_EQ(t.title, "Delete a note");
}

// --- docs/resources.md -------------------------------------------------------------------------------------

TEST_F(Guides, FixedResourcesTakeTheirUriAndMimeTypeFromTheRegistration) {
    auto logo = client.read_resource("info://logo");
    ASSERT_TRUE(logo);
    EXPECT_EQ(logo->contents.at(0).uri, "info://logo");
    EXPECT_EQ(logo->contents.at(0).mime_type, "image/png");
    EXPECT_TRUE(logo->contents.at(0).blob);
}

TEST_F(Guides, TemplateBindsVariablesAndReportsMissingNotes) {
    EXPECT_EQ(client.read_resource("notes://inbox/1").value().contents.at(0).text, "Buy milk");
    auto missing = client.read_resource("notes://inbox/2");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code(), mcp::protocol::code::resource_not_found);
    auto not_a_number = client.read_resource("notes://inbox/x");
    ASSERT_FALSE(not_a_number);
    EXPECT_EQ(not_a_number.error().code(), mcp::protocol::code::invalid_params);
}

TEST_F(Guides, SubscribersHearOfWrites) {
    ASSERT_TRUE(client.subscribe("notes://inbox/1"));
    ASSERT_TRUE(client.call_tool("write_note", {{"folder", "inbox"}, {"id", 1}, {"text", "Buy bread"}}));
    auto updated = client.wait_for_notification("notifications/resources/updated");
    ASSERT_TRUE(updated);
    EXPECT_EQ(updated->params.at("uri"), "notes://inbox/1");
}

TEST_F(Guides, TemplateVariablesComplete) {
    auto r = client.complete(
        {.ref_type = "ref/resource", .ref = "notes://{folder}/{id}", .argument = "folder", .value = "i"});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->values, (std::vector<std::string>{"inbox", "ideas"}));
}

// --- docs/prompts.md ---------------------------------------------------------------------------------------

TEST_F(Guides, PromptArgumentsComeFromTheStruct) {
    for (auto const& p : client.list_all_prompts().value()) {
        if (p.name != "code_review")
            continue;
        ASSERT_EQ(p.arguments.size(), 2u);
        EXPECT_TRUE(p.arguments[0].required);
        EXPECT_FALSE(p.arguments[1].required);
    }
    auto r = client.get_prompt("code_review", {{"language", "go"}});
    ASSERT_TRUE(r);
    EXPECT_EQ(std::get<mcp::protocol::text_content>(r->messages.at(0).content).text,
              "Review the following go code.");
    EXPECT_FALSE(client.get_prompt("code_review"));
}

TEST_F(Guides, PromptWithSeveralMessagesAndConvertedArguments) {
    EXPECT_EQ(
        client.get_prompt("translate", {{"text", "Hallo"}, {"target", "English"}}).value().messages.size(),
        3u);
    EXPECT_TRUE(client.get_prompt("retry_plan", {{"attempts", "3"}}));
    auto refused = client.get_prompt("retry_plan", {{"attempts", "30"}});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code(), mcp::protocol::code::invalid_params);
}

TEST_F(Guides, CompletionSeesTheChosenArguments) {
    auto r = client.complete({.ref = "code_review", .argument = "focus", .context = {{"language", "c++"}}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->values.at(0), "lifetimes");
    EXPECT_EQ(client.complete({.ref = "code_review", .argument = "language", .value = "c"}).value().values,
              (std::vector<std::string>{"c", "c++"}));
}

// --- docs/call-context.md ----------------------------------------------------------------------------------

TEST_F(Guides, ProgressAndLogsReachTheClient) {
    ASSERT_TRUE(client.set_log_level(mcp::log_level::debug));
    std::vector<mcp::progress_update> seen;
    auto r = client.call_tool("import_files", {{"files", 3}},
                              {.on_progress = [&](mcp::progress_update const& p) { seen.push_back(p); }});
    ASSERT_TRUE(r);
    ASSERT_EQ(seen.size(), 3u);
    EXPECT_EQ(seen[2].progress, 3);
    EXPECT_EQ(seen[2].message, "file 3");
    EXPECT_EQ(client.notifications("notifications/message").size(), 2u);
}

TEST_F(Guides, ElicitationAnswersDecide) {
    client.answer_elicitation(mcp::elicitation_answer::decline());
    client.answer_elicitation(mcp::elicitation_answer::accept({{"confirm", true}, {"reason", "spring"}}));
    EXPECT_EQ(client.call_tool<std::string>("purge", boost::json::object{}).value(), "nothing deleted");
    EXPECT_EQ(client.call_tool<std::string>("purge", boost::json::object{}).value(), "deleted (spring)");
}

TEST_F(Guides, SamplingAsksTheClientsModel) {
    client.answer_sampling_text("A short summary.");
    EXPECT_EQ(client.call_tool<std::string>("summarize_text", boost::json::object{{"text", "..."}}).value(),
              "A short summary.");
    client.answer_sampling_text("Paris");
    EXPECT_EQ(client.call_tool<std::string>("which_city", boost::json::object{{"text", "..."}}).value(),
              "Paris (model mcp-testing)");
    auto const& asked = client.sampling_requests().at(1);
    EXPECT_EQ(asked.at("systemPrompt"), "Answer with the name of one city.");
    EXPECT_EQ(asked.at("maxTokens"), 20);
}

TEST_F(Guides, RootsAreListed) {
    EXPECT_EQ(client.call_tool<std::string>("show_roots", boost::json::object{}).value(),
              "file:///home/ada/code\n");
}

TEST_F(Guides, CancellationStopsAWaitingTool) {
    auto start = std::chrono::steady_clock::now();
    auto r = client.call_tool("wait_a_while", {{"seconds", 20}}, {.timeout = 200ms}); // the client gives up
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), mcp::protocol::code::request_timeout);
    client.close(); // would wait for the tool if it still ran
    EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
}

TEST_F(Guides, BlockingToolRunsOnThePool) {
    EXPECT_FALSE(
        client.call_tool<std::string>("checksum", boost::json::object{{"text", "abc"}}).value().empty());
}

// --- docs/middleware.md ------------------------------------------------------------------------------------

std::unique_ptr<mcp::server> guarded_server() {
    auto srv = make_server();
    guides::add_middleware(*srv, "s3cret");
    return srv;
}

mcp::testing::in_process_options with_token(std::string token) {
    mcp::testing::in_process_options o;
    o.connection.headers = {{"authorization", "Bearer " + token}};
    return o;
}

TEST(GuidesMiddleware, WrongTokenCannotConnect) {
    auto srv = guarded_server();
    EXPECT_THROW(mcp::testing::in_process(*srv, with_token("guess")), std::runtime_error);
}

TEST(GuidesMiddleware, MoreThanFiveCallsAMinuteAreRateLimited) {
    auto srv = guarded_server();
    mcp::testing::in_process client(*srv, with_token("s3cret"));
    int limited = 0;
    for (int i = 0; i < 11; ++i) {
        auto r = client.call_tool("divide", {{"a", 1}, {"b", 1}});
        if (!r && r.error().code() == mcp::protocol::code::rate_limited)
            ++limited;
    }
    // Five a minute: of eleven calls spread over one or two minutes, at least one is refused.
    EXPECT_GE(limited, 1);
}

// pace_calls spaces a session's calls 100 ms apart: three calls in a row take at least two spacings, and all
// are answered.
TEST(GuidesMiddleware, CallsTooCloseTogetherWaitForTheirTurn) {
    auto srv = guarded_server();
    mcp::testing::in_process client(*srv, with_token("s3cret"));
    auto began = std::chrono::steady_clock::now();
    for (int i = 0; i < 3; ++i)
        EXPECT_TRUE(client.call_tool("divide", {{"a", 1}, {"b", 1}})) << "call " << i;
    EXPECT_GE(std::chrono::steady_clock::now() - began, std::chrono::milliseconds(200));
}

} // namespace
