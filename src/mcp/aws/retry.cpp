#include <mcp/aws/retry.hpp>

#include <algorithm>
#include <array>

namespace mcp::aws {

bool is_throttling(std::string_view error_type) {
    // The DynamoDB ones and the generic AWS ones (AWS SDKs' "throttling errors" list).
    static constexpr std::array<std::string_view, 9> names{
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "RequestLimitExceeded",
        "Throttling",
        "ThrottledException",
        "TooManyRequestsException",
        "RequestThrottled",
        "RequestThrottledException",
        "SlowDown",
    };
    return std::find(names.begin(), names.end(), error_type) != names.end();
}

failure classify(unsigned http_status, std::string_view error_type) {
    if (is_throttling(error_type) || http_status == 429) {
        return failure::throttled;
    }
    if (http_status >= 500) {
        return failure::server_error;
    }
    return failure::rejected;
}

std::optional<std::chrono::milliseconds> retry_delay(retry_policy const& p, int attempt, failure f, double uniform) {
    if (f == failure::rejected || attempt >= p.max_attempts || attempt < 1) {
        return std::nullopt;
    }
    // base * 2^(attempt-1), capped; the shift is bounded so it cannot overflow.
    auto const base = std::max<std::chrono::milliseconds::rep>(p.base_delay.count(), 0);
    auto const cap = std::max<std::chrono::milliseconds::rep>(p.max_delay.count(), 0);
    auto ceiling = base;
    for (int i = 1; i < attempt && ceiling < cap; ++i) {
        ceiling = ceiling > cap / 2 ? cap : ceiling * 2;
    }
    ceiling = std::min(ceiling, cap);
    double const wait = std::clamp(uniform, 0.0, 1.0) * static_cast<double>(ceiling);
    if (wait >= static_cast<double>(ceiling)) {
        return std::chrono::milliseconds(ceiling); // also keeps the cast below in range
    }
    return std::chrono::milliseconds(static_cast<std::chrono::milliseconds::rep>(wait));
}

} // namespace mcp::aws
