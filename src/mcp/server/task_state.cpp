#include <mcp/server/task_state.hpp>

#include <ctime>
#include <cstdio>

namespace mcp::detail {

std::optional<task_status> next_status(task_status from, task_event event) {
    if (storage::is_terminal(from)) return std::nullopt;
    switch (event) {
    case task_event::input_needed: return task_status::input_required;
    case task_event::input_received: return task_status::working;
    case task_event::completed: return task_status::completed;
    case task_event::tool_error:
    case task_event::rpc_error:
    case task_event::lease_expired:
    case task_event::deadline_reached: return task_status::failed;
    case task_event::cancel_requested: return task_status::cancelled;
    }
    return std::nullopt;
}

std::string cancel_refused_message(task_status terminal) {
    return "Cannot cancel task: already in terminal status '" + std::string(storage::to_string(terminal)) + "'";
}

std::string lease_lost_message(std::string const& owner, std::int64_t lease_until_ms) {
    return "The server process running this task (" + owner + ") stopped renewing its lease at " +
           iso8601(lease_until_ms) + ": it crashed, was stopped, or its Lambda environment was recycled";
}

std::string deadline_message() {
    return "The Lambda invocation running this task reached its deadline before the task finished: raise the "
           "function's timeout (at most 900 s), or split the work into shorter tasks";
}

std::string iso8601(std::int64_t epoch_ms) {
    auto seconds = static_cast<std::time_t>(epoch_ms / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
    char out[40];
    std::snprintf(out, sizeof out, "%s.%03dZ", text, static_cast<int>(epoch_ms % 1000));
    return out;
}

} // namespace mcp::detail
