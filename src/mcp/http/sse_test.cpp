#include <mcp/http/sse.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcp::http::sse;

TEST(sse, EncodesIdEventDataAndRetry) {
    EXPECT_EQ(encode({"s1_3", "message", "{\"a\":1}", 1000}),
              "id: s1_3\nevent: message\ndata: {\"a\":1}\nretry: 1000\n\n");
}

TEST(sse, EncodesAPrimingEventAsAnIdAndEmptyData) {
    EXPECT_EQ(encode({"s1_0", std::nullopt, "", std::nullopt}), "id: s1_0\ndata: \n\n");
}

TEST(sse, SplitsMultiLineDataIntoSeveralDataLines) {
    EXPECT_EQ(encode({std::nullopt, std::nullopt, "a\nb", std::nullopt}), "data: a\ndata: b\n\n");
}

TEST(sse, RefusesLineBreaksInIds) {
    EXPECT_THROW(encode({"a\nb", std::nullopt, "", std::nullopt}), std::invalid_argument);
}

TEST(sse, CommentsFoldLineBreaks) {
    EXPECT_EQ(comment("keep\nalive"), ": keep alive\n\n");
}

TEST(sse, ParserRoundTripsEncodedEvents) {
    parser p;
    p.feed(encode({"x_1", std::nullopt, "one", 500}) + comment("ka") +
           encode({"x_2", "note", "two\nlines", std::nullopt}));
    auto a = p.next();
    auto b = p.next();
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->id, "x_1");
    EXPECT_EQ(a->data, "one");
    EXPECT_EQ(a->retry_ms, 500u);
    EXPECT_EQ(b->type, "note");
    EXPECT_EQ(b->data, "two\nlines");
    EXPECT_FALSE(p.next());
    EXPECT_EQ(p.last_event_id(), "x_2");
}

TEST(sse, ParserHandlesChunksSplitAnywhereAndCrLf) {
    std::string text = "id: a_1\r\ndata: hello\r\n\r\n";
    parser p;
    for (char c : text)
        p.feed(std::string_view(&c, 1));
    auto e = p.next();
    ASSERT_TRUE(e);
    EXPECT_EQ(e->data, "hello");
    EXPECT_EQ(e->id, "a_1");
}

TEST(sse, EventIdsRoundTripAndRejectForeignText) {
    event_id id{"abc123", 42};
    EXPECT_EQ(id.to_string(), "abc123_42");
    auto back = event_id::parse("abc123_42");
    ASSERT_TRUE(back);
    EXPECT_EQ(back->stream, "abc123");
    EXPECT_EQ(back->sequence, 42u);
    for (auto bad : {"", "abc", "_1", "abc_", "abc_x", "a b_1", "abc_1x"})
        EXPECT_FALSE(event_id::parse(bad)) << bad;
}

} // namespace
