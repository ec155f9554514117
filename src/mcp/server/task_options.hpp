// task_options: how a server runs MCP tasks (2025-11-25 basic/utilities/tasks): where they are stored, the times
// clients are told, and the lease that lets any process detect a dead owner. Set in code (server_options.tasks)
// or from the environment (mcp::run and the Lambda front door read it); docs/tasks.md explains each choice.
#pragma once

#include <mcp/core/env.hpp>
#include <mcp/protocol/error.hpp>
#include <mcp/storage/task_store.hpp>

#include <chrono>
#include <cstddef>
#include <memory>

namespace mcp {

struct task_options {
    // Where tasks live; null turns tasks off (the capability is not advertised and tools/call ignores
    // params.task, as 2025-11-25 requires of a receiver without it).
    std::shared_ptr<storage::task_store> store;
    std::chrono::milliseconds poll_interval = std::chrono::seconds(1); // suggested to clients
    std::chrono::milliseconds default_ttl = std::chrono::hours(1);     // kept after the end, when a client asks none
    std::chrono::milliseconds max_ttl = std::chrono::hours(24);        // a client's ttl is clamped to this
    // The owner renews its lease every `heartbeat`; a task whose lease ran out is failed by the next reader.
    // A cancel made on another process stops the handler within `heartbeat` (plus one store write).
    std::chrono::milliseconds lease = std::chrono::seconds(30);
    std::chrono::milliseconds heartbeat = std::chrono::seconds(2);
    std::size_t max_running_per_session = 16; // more is refused with -32603 and a message saying so
};

// `base` with the environment applied (unset means unchanged):
//   MCP_TASK_TTL             seconds a task is kept after it ends, when the client asks none   [3600]
//   MCP_TASK_MAX_TTL         seconds: the most a client may ask for                            [86400]
//   MCP_TASK_POLL_INTERVAL   milliseconds suggested to clients between tasks/get               [1000]
//   MCP_TASK_LEASE           seconds a running task's owner may go silent before it is failed  [30]
//   MCP_TASK_HEARTBEAT       milliseconds between lease renewals (a remote cancel's delay)     [2000]
// The task store follows MCP_STORE (the same backend as sessions) unless `base.store` is set in code.
// invalid_params naming the variable when a value is not a positive whole number, or the times do not fit
// together (the lease must exceed twice the heartbeat; max ttl at least the default).
result<task_options> task_options_from_environment(task_options base, environment const& env = process_environment);

// How often an instance looks for list changes in a state store that does not push (server_options::
// list_check_interval): MCP_TOOL_CHECK_INTERVAL, whole seconds, over `base`. Kept with the task variables: both are
// read by the front doors at start-up.
result<std::chrono::milliseconds> list_check_interval_from_environment(std::chrono::milliseconds base,
                                                                      environment const& env = process_environment);
// The same checks on options set in code; nullopt when they are fine, else what is wrong.
std::optional<std::string> task_options_problem(task_options const& t);

} // namespace mcp
