#include <mcp/server/input_round.hpp>

#include <gtest/gtest.h>

namespace {

using mcp::detail::input_round;
namespace json = boost::json;

json::object accepted(json::object content) { return {{"action", "accept"}, {"content", std::move(content)}}; }

TEST(InputRound, KeysWithoutANameCountPerKind) {
    input_round r;
    EXPECT_EQ(r.next_key("elicit"), "elicit-1");
    EXPECT_EQ(r.next_key("sample"), "sample-1");
    EXPECT_EQ(r.next_key("elicit"), "elicit-2");
}

TEST(InputRound, AnUnansweredKeyHasNoAnswer) {
    input_round r;
    auto a = r.answer("user_name", "elicitation/create");
    ASSERT_TRUE(a);
    EXPECT_FALSE(*a);
}

TEST(InputRound, AnAnswerReadIsCarriedOnAndOthersAreNot) {
    input_round r({{"user_name", accepted({{"name", "Alice"}})}, {"unknown_extra_key", accepted({})}});
    auto a = r.answer("user_name", "elicitation/create");
    ASSERT_TRUE(a && *a);
    EXPECT_EQ((**a).at("content").at("name"), "Alice");
    EXPECT_TRUE(r.used().contains("user_name"));
    EXPECT_FALSE(r.used().contains("unknown_extra_key")) << "keys never asked are ignored, not carried";
}

TEST(InputRound, AMalformedAnswerIsInvalidParamsNamingTheKey) {
    input_round r({{"user_name", 12345}, {"q", {{"action", "maybe"}}}, {"s", {{"role", "assistant"}}},
                   {"roots", {{"roots", "none"}}}});
    for (auto [key, method] : {std::pair{"user_name", "elicitation/create"}, std::pair{"q", "elicitation/create"},
                               std::pair{"s", "sampling/createMessage"}, std::pair{"roots", "roots/list"}}) {
        auto a = r.answer(key, method);
        ASSERT_FALSE(a) << key;
        auto e = a.error();
        EXPECT_EQ(e.code(), mcp::protocol::code::invalid_params);
        EXPECT_NE(e.message().find(std::string("inputResponses.") + key), std::string::npos) << e.message();
    }
}

TEST(InputRound, OpenQuestionsBecomeInputRequests) {
    input_round r;
    r.ask("user_name", "elicitation/create", {{"message", "Name?"}});
    r.ask("client_roots", "roots/list", {});
    auto requests = r.input_requests();
    EXPECT_EQ(r.open_count(), 2u);
    EXPECT_EQ(requests.at("user_name").at("method"), "elicitation/create");
    EXPECT_EQ(requests.at("client_roots").at("method"), "roots/list");
    EXPECT_TRUE(requests.at("client_roots").at("params").is_object());
}

TEST(InputRound, OnlyCallsReadsAndPromptsTakeInput) {
    EXPECT_TRUE(mcp::detail::takes_input("tools/call"));
    EXPECT_TRUE(mcp::detail::takes_input("prompts/get"));
    EXPECT_TRUE(mcp::detail::takes_input("resources/read"));
    EXPECT_FALSE(mcp::detail::takes_input("tools/list"));
    EXPECT_FALSE(mcp::detail::takes_input("server/discover"));
}

TEST(InputRound, InputResponsesMustBeAnObject) {
    EXPECT_TRUE(mcp::detail::input_responses_of({{"inputResponses", nullptr}}));
    EXPECT_TRUE(mcp::detail::input_responses_of({}));
    EXPECT_FALSE(mcp::detail::input_responses_of({{"inputResponses", json::array{1}}}));
}

} // namespace
