// call_context::sample, the typed sampling call (src/mcp/server/sampling.hpp), through the in-process harness:
// what goes on the wire, what is read back, and the errors a tool sees.
#include <mcp/server/server.hpp>
#include <mcp/testing/in_process.hpp>

#include <gtest/gtest.h>

#include <string>

namespace {

// A tool that samples and describes what came back (or the error), so the test sees what the tool saw.
std::string describe(mcp::result<mcp::sampling_result> const& r) {
    if (!r) return "error " + std::to_string(r.error().code()) + ": " + r.error().message();
    return r->role + "/" + r->model + "/" + r->stop_reason.value_or("-") + ": " + r->text();
}

mcp::task<std::string> ask_simply(mcp::call_context& ctx) {
    auto r = co_await ctx.sample("What is 6 times 7?", 50);
    co_return describe(r);
}

mcp::task<std::string> ask_fully(mcp::call_context& ctx) {
    mcp::sampling_request req;
    req.messages.push_back({"user", mcp::protocol::text_content{"Which city?", std::nullopt}});
    req.messages.push_back({"assistant", mcp::protocol::text_content{"Which country?", std::nullopt}});
    req.messages.push_back({"user", mcp::protocol::text_content{"France.", std::nullopt}});
    req.max_tokens = 20;
    req.system_prompt = "Answer with one word.";
    req.temperature = 0.5;
    req.stop_sequences = {"\n"};
    req.model_hints = {"claude-3-sonnet", "claude"};
    req.intelligence_priority = 0.8;
    auto r = co_await ctx.sample(std::move(req));
    co_return describe(r);
}

class Sampling : public ::testing::Test {
protected:
    Sampling() {
        srv.add_tool({.name = "ask_simply", .description = "Samples one message"}, ask_simply);
        srv.add_tool({.name = "ask_fully", .description = "Samples with every option"}, ask_fully);
    }
    std::string call(mcp::testing::in_process& c, std::string const& tool) {
        auto r = c.call_tool<std::string>(tool, boost::json::object{});
        return r ? *r : "call failed: " + r.error().message();
    }
    mcp::server srv{{.name = "sampling", .version = "1"}};
};

TEST_F(Sampling, OneStringIsOneUserMessage) {
    mcp::testing::in_process c(srv);
    c.answer_sampling({{"role", "assistant"}, {"content", {{"type", "text"}, {"text", "42"}}}, {"model", "m1"},
                       {"stopReason", "endTurn"}});
    EXPECT_EQ(call(c, "ask_simply"), "assistant/m1/endTurn: 42");
    ASSERT_EQ(c.sampling_requests().size(), 1u);
    auto const& asked = c.sampling_requests()[0];
    EXPECT_EQ(asked.at("maxTokens"), 50);
    EXPECT_EQ(asked.at("messages"), boost::json::parse(
                                        R"([{"role":"user","content":{"type":"text","text":"What is 6 times 7?"}}])"));
    EXPECT_FALSE(asked.contains("systemPrompt"));
    EXPECT_FALSE(asked.contains("modelPreferences"));
}

TEST_F(Sampling, EveryOptionIsSentAsTheSpecNamesIt) {
    mcp::testing::in_process c(srv);
    c.answer_sampling_text("Paris");
    EXPECT_EQ(call(c, "ask_fully"), "assistant/mcp-testing/-: Paris");
    auto const& asked = c.sampling_requests().at(0);
    EXPECT_EQ(asked.at("messages").as_array().size(), 3u);
    EXPECT_EQ(asked.at("messages").as_array()[1].at("role"), "assistant");
    EXPECT_EQ(asked.at("maxTokens"), 20);
    EXPECT_EQ(asked.at("systemPrompt"), "Answer with one word.");
    EXPECT_EQ(asked.at("temperature"), 0.5);
    EXPECT_EQ(asked.at("stopSequences"), boost::json::parse(R"(["\n"])"));
    EXPECT_EQ(asked.at("modelPreferences"),
              boost::json::parse(R"({"hints":[{"name":"claude-3-sonnet"},{"name":"claude"}],"intelligencePriority":0.8})"));
}

TEST_F(Sampling, AnArrayOfContentIsReadWholeAndItsTextJoined) {
    mcp::testing::in_process c(srv);
    c.answer_sampling(boost::json::parse(R"({"role":"assistant","model":"m2","content":[
        {"type":"text","text":"Hello, "},{"type":"image","data":"AAAA","mimeType":"image/png"},
        {"type":"text","text":"world"}]})").as_object());
    EXPECT_EQ(call(c, "ask_simply"), "assistant/m2/-: Hello, world");
}

TEST_F(Sampling, AMalformedAnswerIsAnErrorNamingTheField) {
    mcp::testing::in_process c(srv);
    c.answer_sampling({{"role", "assistant"}, {"content", {{"type", "text"}, {"text", "no model"}}}});
    c.answer_sampling({{"role", "assistant"}, {"model", "m"}, {"content", {{"type", "video"}}}});
    c.answer_sampling({{"role", "assistant"}, {"model", "m"}, {"content", {{"type", "text"}, {"text", "x"}}},
                       {"stopReason", 3}});
    auto const no_model = call(c, "ask_simply");
    EXPECT_NE(no_model.find("error -32602"), std::string::npos) << no_model;
    EXPECT_NE(no_model.find("model: expected a string"), std::string::npos) << no_model;
    auto const bad_content = call(c, "ask_simply");
    EXPECT_NE(bad_content.find("content:"), std::string::npos) << bad_content;
    auto const bad_reason = call(c, "ask_simply");
    EXPECT_NE(bad_reason.find("stopReason: expected a string"), std::string::npos) << bad_reason;
}

TEST_F(Sampling, AClientWithoutTheCapabilityIsNotAsked) {
    mcp::testing::in_process c(srv, {.sampling = false});
    auto const said = call(c, "ask_simply");
    EXPECT_EQ(said.rfind("error ", 0), 0u) << said;
    EXPECT_NE(said.find("sampling"), std::string::npos) << said;
    EXPECT_TRUE(c.sampling_requests().empty());
}

} // namespace
