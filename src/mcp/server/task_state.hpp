// The MCP task state machine (2025-11-25 basic/utilities/tasks, task status lifecycle) as pure code: what an event
// does to a task's status, and the messages a person reads about it. No I/O and no store: the store's conditional
// transition (storage/task_store.hpp) decides who wins when two writers race; this decides what each one wants.
//
//   working --input_needed--> input_required --input_received--> working
//      |                            |
//      +--------+-------------------+--> completed (result)  | failed (tool error, JSON-RPC error, lease lost,
//                                                             |         deadline)     | cancelled (tasks/cancel)
// Invariants: a terminal status (completed, failed, cancelled) never changes; every (status, event) pair has an
// answer (the function is total, and task_state_test checks all of them).
#pragma once

#include <mcp/storage/task_store.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace mcp::detail {

using storage::task_status;

enum class task_event {
    input_needed,     // the handler sent the client a request (elicitation, sampling, roots)
    input_received,   // ... and got its answer
    completed,        // the handler returned a result without isError
    tool_error,       // ... a result with isError: true (2025-11-25: the task ends failed)
    rpc_error,        // ... a JSON-RPC error (an exception in the handler)
    cancel_requested, // tasks/cancel
    lease_expired,    // the owner stopped renewing its lease (crashed, killed, recycled)
    deadline_reached, // the Lambda invocation running it reached its deadline
};

inline constexpr int task_event_count = 8;

// The status `event` moves a task in `from` to; nullopt when it may not (a terminal task never changes).
std::optional<task_status> next_status(task_status from, task_event event);

// The -32602 message for tasks/cancel on a task that has ended (2025-11-25 tasks, error handling).
std::string cancel_refused_message(task_status terminal);
// The statusMessage a task gets when it fails without its handler's say.
std::string lease_lost_message(std::string const& owner, std::int64_t lease_until_ms);
std::string deadline_message();
// An ISO 8601 UTC time with milliseconds, as tasks carry them ("2026-12-06T10:00:00.123Z").
std::string iso8601(std::int64_t epoch_ms);

} // namespace mcp::detail
