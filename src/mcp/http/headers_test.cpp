// http::headers: lowercase names in arrival order, looked up in any case, list values joined.
#include <mcp/http/exchange.hpp>

#include <gtest/gtest.h>

#include <string>

namespace mcp::http {
namespace {

TEST(Headers, LooksUpANameInAnyCaseAndStoresItLowercase) {
    headers h{{"Content-Type", "application/json"}};
    h.add("MCP-Session-Id", "abc");
    EXPECT_EQ(h.get("content-type"), "application/json");
    EXPECT_EQ(h.get("Mcp-Session-ID"), "abc");
    EXPECT_EQ(h.fields()[1].first, "mcp-session-id");
    EXPECT_FALSE(h.get("accept"));
}

TEST(Headers, SetReplacesEveryValueOfAName) {
    headers h{{"vary", "a"}, {"x", "1"}, {"Vary", "b"}};
    h.set("VARY", "c");
    EXPECT_EQ(core::to_vector(h.fields()), (std::vector<std::pair<std::string, std::string>>{{"x", "1"}, {"vary", "c"}}));
}

TEST(Headers, JoinsAListValuedFieldOnlyWhenItRepeats) {
    headers h{{"accept", "application/json"}, {"host", "h"}};
    std::string buffer;
    EXPECT_EQ(h.get_joined("Accept", buffer), "application/json");
    EXPECT_TRUE(buffer.empty()); // one value: a view of it, nothing copied
    h.add("Accept", "text/event-stream");
    EXPECT_EQ(h.get_joined("accept", buffer), "application/json, text/event-stream");
    EXPECT_EQ(h.get_joined("accept"), "application/json, text/event-stream");
    EXPECT_FALSE(h.get_joined("origin", buffer));
}

TEST(Headers, TakeFieldsLeavesNone) {
    headers h{{"a", "1"}, {"b", "2"}};
    auto taken = h.take_fields();
    EXPECT_EQ(taken.size(), 2u);
    EXPECT_TRUE(h.fields().empty());
    EXPECT_FALSE(h.get("a"));
}

} // namespace
} // namespace mcp::http
