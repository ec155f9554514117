#include <mcp/server/pagination.hpp>
#include <mcp/server/registry.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcp;

TEST(pagination, CursorRoundTrips) {
    for (std::string key : {"", "a", "ab", "abc", "tool-with.long_name", "test://items/{id}"})
        EXPECT_EQ(pagination::decode_cursor(pagination::encode_cursor(key)), key);
}

TEST(pagination, CursorIsUrlSafe) {
    auto c = pagination::encode_cursor("\xff\xfe/+?&=");
    EXPECT_EQ(c.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), std::string::npos);
}

TEST(pagination, ForeignCursorIsRejected) {
    EXPECT_FALSE(pagination::decode_cursor("not a cursor!"));
    EXPECT_FALSE(pagination::decode_cursor("Zm9v")); // base64 of "foo": no version tag
}

struct item {
    int n;
};

void fill(detail::registry<item>& r, int count) {
    for (int i = 0; i < count; ++i) r.put("k" + std::to_string(10 + i), std::make_shared<item const>(item{i}));
}

TEST(pagination, PagesCoverEveryItemOnce) {
    detail::registry<item> r;
    fill(r, 7);
    std::vector<int> seen;
    std::optional<std::string> after;
    for (int pages = 0; pages < 10; ++pages) {
        auto page = r.list(after, 3);
        for (auto const& i : page.items) seen.push_back(i->n);
        if (!page.next_cursor) break;
        after = pagination::decode_cursor(*page.next_cursor);
    }
    EXPECT_EQ(seen, (std::vector<int>{0, 1, 2, 3, 4, 5, 6}));
}

TEST(pagination, LastFullPageHasNoCursor) {
    detail::registry<item> r;
    fill(r, 3);
    EXPECT_FALSE(r.list(std::nullopt, 3).next_cursor);
}

TEST(pagination, RemovalBetweenPagesDoesNotShiftTheRest) {
    detail::registry<item> r;
    fill(r, 6);
    auto first = r.list(std::nullopt, 3);
    r.erase("k11"); // an item already seen
    auto second = r.list(pagination::decode_cursor(*first.next_cursor), 3);
    ASSERT_EQ(second.items.size(), 3u);
    EXPECT_EQ(second.items[0]->n, 3);
}

} // namespace
