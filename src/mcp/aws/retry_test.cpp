// The retry policy as a pure function: which failures are retried, how many times, and how long to wait.
#include <mcp/aws/retry.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcp::aws;
using std::chrono::milliseconds;

constexpr retry_policy policy{.max_attempts = 5, .base_delay = milliseconds(100), .max_delay = milliseconds(1000)};

TEST(Retry, ThrottlingTypesAreRecognized) {
    for (auto t : {"ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"}) {
        EXPECT_TRUE(is_throttling(t)) << t;
        EXPECT_EQ(classify(400, t), failure::throttled) << t;
    }
    EXPECT_FALSE(is_throttling("ConditionalCheckFailedException"));
    EXPECT_EQ(classify(429, ""), failure::throttled);
}

TEST(Retry, ServerErrorsAreTransientAndClientErrorsFinal) {
    EXPECT_EQ(classify(500, "InternalServerError"), failure::server_error);
    EXPECT_EQ(classify(503, ""), failure::server_error);
    EXPECT_EQ(classify(400, "ConditionalCheckFailedException"), failure::rejected);
    EXPECT_EQ(classify(400, "ValidationException"), failure::rejected);
    EXPECT_EQ(classify(400, "ResourceNotFoundException"), failure::rejected);
    EXPECT_EQ(classify(403, "UnrecognizedClientException"), failure::rejected);
}

TEST(Retry, RejectedIsNeverRetried) {
    EXPECT_FALSE(retry_delay(policy, 1, failure::rejected, 0.5));
}

TEST(Retry, TransientFailuresAreRetriedUntilTheAttemptsAreSpent) {
    for (auto f : {failure::throttled, failure::server_error, failure::connection}) {
        for (int attempt = 1; attempt < policy.max_attempts; ++attempt) {
            EXPECT_TRUE(retry_delay(policy, attempt, f, 0.5)) << attempt;
        }
        EXPECT_FALSE(retry_delay(policy, policy.max_attempts, f, 0.5));
        EXPECT_FALSE(retry_delay(policy, policy.max_attempts + 1, f, 0.5));
    }
}

TEST(Retry, OneAttemptMeansNoRetry) {
    EXPECT_FALSE(retry_delay({.max_attempts = 1}, 1, failure::connection, 0.5));
}

TEST(Retry, CeilingDoublesFromTheBaseUpToTheCap) {
    // uniform just below 1 gives (almost) the ceiling: 100, 200, 400, 800, then capped at 1000.
    retry_policy const p{.max_attempts = 10, .base_delay = milliseconds(100), .max_delay = milliseconds(1000)};
    EXPECT_EQ(*retry_delay(p, 1, failure::throttled, 0.9999), milliseconds(99));
    EXPECT_EQ(*retry_delay(p, 2, failure::throttled, 0.9999), milliseconds(199));
    EXPECT_EQ(*retry_delay(p, 3, failure::throttled, 0.9999), milliseconds(399));
    EXPECT_EQ(*retry_delay(p, 4, failure::throttled, 0.9999), milliseconds(799));
    EXPECT_EQ(*retry_delay(p, 5, failure::throttled, 0.9999), milliseconds(999));
    EXPECT_EQ(*retry_delay(p, 9, failure::throttled, 0.9999), milliseconds(999));
}

TEST(Retry, FullJitterSpansZeroToTheCeiling) {
    EXPECT_EQ(*retry_delay(policy, 3, failure::connection, 0.0), milliseconds(0));
    EXPECT_EQ(*retry_delay(policy, 3, failure::connection, 0.5), milliseconds(200));
    for (int i = 0; i <= 100; ++i) {
        auto const d = *retry_delay(policy, 3, failure::connection, i / 100.0);
        EXPECT_GE(d, milliseconds(0));
        EXPECT_LE(d, milliseconds(400));
    }
}

TEST(Retry, OutOfRangeDrawsAreClamped) {
    EXPECT_EQ(*retry_delay(policy, 1, failure::connection, -3.0), milliseconds(0));
    EXPECT_EQ(*retry_delay(policy, 1, failure::connection, 7.0), milliseconds(100));
}

TEST(Retry, HugeAttemptCountsDoNotOverflow) {
    retry_policy const p{.max_attempts = 1000, .base_delay = milliseconds(1), .max_delay = milliseconds::max()};
    auto const d = retry_delay(p, 999, failure::connection, 0.5);
    ASSERT_TRUE(d);
    EXPECT_GT(*d, milliseconds(0));
}

} // namespace
