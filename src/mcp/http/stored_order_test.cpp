// Reading a shared stream in order: holes wait for their event, and are skipped once they stay open too long.
#include <mcp/http/stored_order.hpp>

#include <gtest/gtest.h>

namespace {

using mcp::http::stored_order;
using namespace std::chrono_literals;

std::vector<mcp::storage::stored_event> events(std::initializer_list<std::uint64_t> sequences) {
    std::vector<mcp::storage::stored_event> out;
    for (auto s : sequences)
        out.push_back({s, std::to_string(s)});
    return out;
}

TEST(stored_order, TakesEveryEventWhenThereIsNoHole) {
    stored_order order;
    EXPECT_EQ(order.takeable(events({5, 6, 7}), 4), 3u);
}

TEST(stored_order, StopsBeforeAHoleWhileItIsFresh) {
    stored_order order(2s);
    auto t = stored_order::clock::now();
    EXPECT_EQ(order.takeable(events({5, 7, 8}), 4, t), 1u) << "6 may still be on its way";
    EXPECT_EQ(order.takeable(events({7, 8}), 5, t + 1s), 0u);
}

TEST(stored_order, TakesTheRestOnceTheHoleFills) {
    stored_order order(2s);
    auto t = stored_order::clock::now();
    EXPECT_EQ(order.takeable(events({6, 7}), 4, t), 0u);
    EXPECT_EQ(order.takeable(events({5, 6, 7}), 4, t + 100ms), 3u);
}

TEST(stored_order, SkipsAHoleThatStaysOpenPastTheGrace) {
    stored_order order(2s);
    auto t = stored_order::clock::now();
    EXPECT_EQ(order.takeable(events({6, 7}), 4, t), 0u);
    EXPECT_EQ(order.takeable(events({6, 7}), 4, t + 2s), 2u) << "an append that failed after taking 5";
}

TEST(stored_order, ANewHoleStartsItsOwnGrace) {
    stored_order order(2s);
    auto t = stored_order::clock::now();
    EXPECT_EQ(order.takeable(events({6}), 4, t), 0u);
    EXPECT_EQ(order.takeable(events({5, 6, 8}), 4, t + 1900ms), 2u);
    EXPECT_EQ(order.takeable(events({8}), 6, t + 2100ms), 0u) << "7's grace started at 1.9 s";
}

} // namespace
