// The wait between looks at a shared store: doubling while looks find nothing, back to the first after one
// that finds something.
#include <mcp/http/poll_backoff.hpp>

#include <gtest/gtest.h>

#include <vector>

namespace {

using mcp::http::poll_backoff;
using namespace std::chrono_literals;

std::vector<std::chrono::milliseconds> idle_waits(poll_backoff& b, int looks) {
    std::vector<std::chrono::milliseconds> out;
    for (int i = 0; i < looks; ++i)
        out.push_back(b.next(false));
    return out;
}

TEST(poll_backoff, DoublesWhileLooksFindNothingUpToTheMost) {
    poll_backoff b(100ms, 1s);
    EXPECT_EQ(idle_waits(b, 7),
              (std::vector<std::chrono::milliseconds>{100ms, 200ms, 400ms, 800ms, 1s, 1s, 1s}));
}

TEST(poll_backoff, StartsAgainFromTheFirstAfterALookThatFoundSomething) {
    poll_backoff b(500ms, 5s);
    idle_waits(b, 6);
    EXPECT_EQ(b.next(true), 500ms);
    EXPECT_EQ(b.next(false), 1s);
    EXPECT_EQ(b.next(true), 500ms);
}

TEST(poll_backoff, AMostBelowTheFirstMeansNoBackoff) {
    poll_backoff b(300ms, 0ms);
    EXPECT_EQ(idle_waits(b, 3), (std::vector<std::chrono::milliseconds>{300ms, 300ms, 300ms}));
}

} // namespace
