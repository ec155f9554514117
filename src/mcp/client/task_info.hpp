// A task as the client sees it (2025-11-25 basic/utilities/tasks: Task, CreateTaskResult, GetTaskResult,
// ListTasksResult), and its reader. The calls are mcp::client's call_tool_as_task, get_task, list_tasks,
// task_result and cancel_task (client_tasks.cpp).
#pragma once

#include <mcp/protocol/error.hpp>

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mcp {

struct task_info {
    std::string task_id;
    std::string status; // "working", "input_required", "completed", "failed", "cancelled"
    std::optional<std::string> status_message;
    std::string created_at;      // ISO 8601
    std::string last_updated_at; // ISO 8601
    std::optional<std::int64_t> ttl_ms;          // how long the server keeps it from creation; nullopt: unlimited
    std::optional<std::int64_t> poll_interval_ms; // how often the server suggests asking

    // completed, failed or cancelled: the status will not change again.
    bool terminal() const { return status == "completed" || status == "failed" || status == "cancelled"; }
};

struct list_tasks_result {
    std::vector<task_info> tasks;
    std::optional<std::string> next_cursor;
};

// Reads a Task object (a GetTaskResult, a CancelTaskResult, or CreateTaskResult's "task"). Errors name the field.
result<task_info> read_task_info(boost::json::value const& v);
result<list_tasks_result> read_list_tasks_result(boost::json::value const& v);

} // namespace mcp
