// The task store on SQLite (contract: task_store.hpp): one row of mcp_tasks per task, its outcome in the same
// row. A task is live while expires_at_ms (expires_at() of the record, Unix ms, rewritten by every write) is
// in the future; get, list and outcome read only live rows. transition() is one write transaction (BEGIN
// IMMEDIATE): it reads the live row and writes change_applies()/apply() of it, so of two racing writers, in
// one process or two, the second reads the first's record and loses. create() purges expired tasks
// (sqlite_purge.hpp). Built by open_sqlite. Not the task state machine (server/task_state.hpp).
#pragma once

#include <mcp/storage/sqlite/sqlite_database.hpp>
#include <mcp/storage/task_store.hpp>

namespace mcp::storage::detail {

// list() after a position: a range of the (session, created_at_ms, id) index, in its order, so a page costs
// its own rows (and the expired ones among them, until purged), never the session's whole history.
inline constexpr char const* select_tasks_after_sql =
    "SELECT id, session, principal, tool, status, status_message, created_at_ms, updated_at_ms, ttl_ms, "
    "poll_interval_ms, owner, lease_until_ms, revision FROM mcp_tasks "
    "WHERE session = ?1 AND (created_at_ms, id) > (?2, ?3) AND expires_at_ms > ?4 "
    "ORDER BY created_at_ms, id LIMIT ?5";

class sqlite_task_store final : public task_store {
public:
    explicit sqlite_task_store(std::shared_ptr<sqlite_database> db) : db_(std::move(db)) {}

    task<result<>> create(task_record record) override;
    task<result<std::optional<task_record>>> get(std::string session, std::string id) override;
    task<result<task_page>> list(std::string session, std::optional<std::string> after,
                                 std::size_t limit) override;
    task<result<task_write>> transition(std::string session, std::string id, task_change change) override;
    task<result<std::optional<task_outcome>>> outcome(std::string session, std::string id) override;

private:
    std::shared_ptr<sqlite_database> db_;
};

} // namespace mcp::storage::detail
