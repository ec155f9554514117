// The tables of the SQLite store and the steps that bring a file from any older schema version to the current
// one (docs/storage-sqlite.md explains each table). The version lives in the file's header (PRAGMA
// user_version): 0 is a new or foreign file without our tables, 1 the first layout (sessions and events), 2
// adds the tasks, 3 the server state and the sessions' lists_seen, 4 the sessions' principal. Not the queries
// (the stores hold those).
#pragma once

#include <mcp/storage/sqlite/sqlite_connection.hpp>

namespace mcp::storage::detail {

inline constexpr std::int64_t sqlite_schema_version = 4;

// Creates the tables in a new file, upgrades an older layout step by step, accepts the current one, and
// refuses a newer one (written by a later version of this library) with a message saying so. Runs in one
// write transaction, so two processes opening a new file at once create the schema once.
result<> migrate(sqlite_connection& c);

} // namespace mcp::storage::detail
