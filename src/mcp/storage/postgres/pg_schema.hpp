// pg_schema: the tables of the PostgreSQL stores, their versions, and every statement the stores run
// (internal to storage/postgres). docs/storage-postgres.md explains the layout; postgres_schema_sql() prints
// it.
#pragma once

#include <mcp/storage/postgres/pg_connection.hpp>
#include <mcp/storage/postgres/postgres_store.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace mcp::storage::detail {

// The version this build writes and expects in <prefix>schema_version.
// 1: sessions and events; 2: tasks; 3: server state, and what each session was last told of the lists;
// 4: the principal that created each session.
inline constexpr int pg_schema_version = 4;

// Every statement, its text built once for a table prefix.
struct pg_statements {
    std::string prefix;
    std::int64_t lock_key; // advisory lock of this prefix's session limit and migrations
    pg_statement insert_session, lock_sessions, count_live, load_session, save_session, session_live,
        delete_session, purge_sessions, purge_events, append_event, events_after, forget_events;
    pg_statement insert_task, get_task, list_tasks, list_tasks_after, transition_task, task_outcome,
        purge_tasks;
    pg_statement load_state, create_state, update_state;
    // The NOTIFY channel of this prefix's state saves (the state table's name, a valid identifier).
    std::string state_channel;
};

pg_statements make_statements(std::string const& prefix);

// `sql` with every "{p}" replaced by the table prefix.
std::string pg_with_prefix(std::string_view sql, std::string_view prefix);
// The advisory lock key of a prefix: the same in every process, whatever its build.
std::int64_t pg_lock_key(std::string_view prefix);

// The DDL from an empty database to the current version, version rows included.
std::string pg_schema_sql(std::string_view prefix);

// Creates or migrates (create) or checks (verify) the schema, then prepares every statement on `c`, so a
// schema that does not match fails here naming the statement, not on some later request. Errors:
// errc::schema_mismatch with the table, version or statement at fault and how to fix it; errc::unavailable
// when the database cannot be reached or a migration step fails.
result<> pg_set_up(pg_connection& c, pg_statements const& st, postgres_schema mode);

} // namespace mcp::storage::detail
