// The PostgreSQL task store (internal to storage/postgres; open_postgres returns it in stores::tasks): MCP
// tasks shared by every process that opens the same tables, so any of them answers tasks/get, tasks/list,
// tasks/result and tasks/cancel for a task another one runs. docs/storage-postgres.md ("Tasks") shows the
// table.
//
//  - One row per task in <prefix>tasks; the outcome sits in the same row, written by the terminal transition.
//  - transition() is one conditional UPDATE (not terminal, the expected owner and revision, not expired) that
//    returns the new row; when it matches nothing, a second statement reads the row that stands (the
//    winner's).
//  - Times are epoch milliseconds from the writers' clocks (task_store.hpp): a record carries its writer's
//    times, and whether a task has expired is judged by this process's clock, as the memory store does. The
//    column expires_at_ms is expires_at() of the row, kept by every write.
//  - create() deletes expired rows, a bounded batch at a time, at most once a minute per store (sooner while
//    batches come back full).
#pragma once

#include <mcp/storage/postgres/pg_backend.hpp>
#include <mcp/storage/task_store.hpp>

#include <memory>

namespace mcp::storage::detail {

// A task store over `b`'s pool. Safe from any thread; each operation suspends until a worker has run it.
std::shared_ptr<task_store> make_postgres_task_store(std::shared_ptr<pg_backend> b);

} // namespace mcp::storage::detail
