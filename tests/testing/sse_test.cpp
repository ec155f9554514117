// The SSE helpers of mcp::testing over bodies as a server writes them.
#include <mcp/testing/sse.hpp>

#include <gtest/gtest.h>

namespace {

std::string const stream = "id: s1_0\nretry: 1000\ndata:\n\n"
                           ": keepalive\n\n"
                           "id: s1_1\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\n"
                           "data: \"params\":{\"progress\":1}}\n\n"
                           "id: s1_2\r\ndata: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"ok\":true}}\r\n\r\n"
                           "data: {\"unfinished\":";

TEST(TestingSse, ParsesEveryCompleteEvent) {
    auto events = mcp::testing::sse_events(stream);
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0].id, "s1_0");
    EXPECT_EQ(events[0].retry_ms, 1000u);
    EXPECT_TRUE(events[0].data.empty());
    EXPECT_EQ(events[2].id, "s1_2");
}

TEST(TestingSse, GivesTheMessagesOfEventsWithData) {
    auto messages = mcp::testing::sse_messages(stream);
    ASSERT_EQ(messages.size(), 2u);
    EXPECT_EQ(messages[0].at("method"), "notifications/progress"); // data lines joined
    EXPECT_EQ(messages[1].at("id"), 7);
}

TEST(TestingSse, FindsTheAnswerToARequest) {
    auto answer = mcp::testing::sse_answer(stream, 7);
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->at("result").at("ok"), true);
    EXPECT_FALSE(mcp::testing::sse_answer(stream, 8));
    EXPECT_FALSE(mcp::testing::sse_answer(stream, "7")); // ids compare by type too
}

TEST(TestingSse, DataThatIsNotAMessageIsAnError) {
    try {
        mcp::testing::sse_messages("id: a_1\ndata: [1,2]\n\n");
        FAIL() << "no exception";
    } catch (std::invalid_argument const& e) {
        EXPECT_NE(std::string(e.what()).find("SSE event 1 (id a_1)"), std::string::npos) << e.what();
    }
}

TEST(TestingSse, RecognisesTheContentType) {
    EXPECT_TRUE(mcp::testing::is_event_stream("text/event-stream"));
    EXPECT_TRUE(mcp::testing::is_event_stream("Text/Event-Stream; charset=utf-8"));
    EXPECT_FALSE(mcp::testing::is_event_stream("application/json"));
    EXPECT_FALSE(mcp::testing::is_event_stream("text/event-streams"));
}

} // namespace
