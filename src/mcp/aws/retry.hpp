// When to try an AWS request again, and how long to wait first: pure functions, no clock, no randomness of their
// own (the caller passes the random draw), so every branch is unit-tested.
//
// Transient: throttling (ProvisionedThroughputExceededException, ThrottlingException, RequestLimitExceeded, ...),
// 5xx answers, and connections that fail or time out. Everything else (a 4xx such as
// ConditionalCheckFailedException or ValidationException) is the caller's answer and is never retried.
// The wait is "full jitter" (AWS Architecture Blog, "Exponential Backoff And Jitter"): uniform in
// [0, min(max_delay, base_delay * 2^(attempt-1))).
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace mcp::aws {

enum class failure {
    throttled,    // the service asked us to slow down
    server_error, // 5xx
    connection,   // refused, reset, timed out, malformed answer
    rejected,     // the service answered no (4xx): final
};

struct retry_policy {
    int max_attempts = 6; // the first attempt included; 1 means no retry
    std::chrono::milliseconds base_delay{25};
    std::chrono::milliseconds max_delay{1000};
};

// The failure an HTTP answer with this status and AWS error type (the short name, "ThrottlingException") means.
failure classify(unsigned http_status, std::string_view error_type);

bool is_throttling(std::string_view error_type);

// The wait before the next attempt after attempt number `attempt` (1 for the first) failed with `f`, or nullopt
// when the caller must give up: the failure is final or the attempts are spent. `uniform` is a draw from [0, 1).
std::optional<std::chrono::milliseconds> retry_delay(retry_policy const& p, int attempt, failure f, double uniform);

} // namespace mcp::aws
