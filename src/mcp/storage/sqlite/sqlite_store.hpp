// The SQLite session, event, task and state stores: the embedded default for anything that must survive a
// restart (one file, several threads, and several processes on the same machine). For a fleet of machines use
// PostgreSQL or DynamoDB: SQLite's locks do not work over network file systems. docs/storage-sqlite.md has
// the schema, the durability choices and how expired sessions and tasks are purged.
//
//   open_sqlite(options) --> stores{sessions, events, limits, tasks, state}  (all share one sqlite_database)
//                               |
//              sqlite_database: N private threads, one connection each, WAL mode
//                               |
//              <path>, <path>-wal, <path>-shm
//              tables mcp_sessions, mcp_event_sessions, mcp_streams, mcp_events, mcp_tasks, mcp_state
//
// The stores keep the contract of session_store.hpp, event_store.hpp, task_store.hpp and state_store.hpp,
// like every backend (the state store cannot push: its watch() is nullptr). Their operations suspend the
// caller while a private thread does the disk work, then resume it on its own executor; they may be called
// from any number of threads at once. Every operation is one transaction. Failures of SQLite (a disk error, a
// damaged file, a lock held too long by another process) are errc::unavailable values naming the file and
// saying what to do; nothing throws.
#pragma once

#include <mcp/storage/stores.hpp>

#include <chrono>
#include <cstddef>
#include <string>

namespace mcp::storage {

struct sqlite_options {
    std::string path = "mcp-sessions.db"; // created if missing, with its -wal and -shm companions
    store_limits limits;
    // How long an operation waits for another process's write lock on the file before failing with
    // errc::unavailable.
    std::chrono::milliseconds busy_timeout{5000};
    // Private threads (one connection each) doing the disk work. Writes take turns whatever the number; more
    // threads let replays (reads) run beside a write.
    std::size_t threads = 2;
};

// Opens the file (WAL mode, synchronous=NORMAL), creates the schema in a new file or migrates an older one,
// and returns the four stores sharing the database. Blocks on disk: call it at start-up. Errors, each with
// the path (and SQLite's message when it gave one):
//  - errc::unavailable: the file cannot be opened or created (a missing or read-only directory), it is not
//    an SQLite database or is damaged;
//  - errc::schema_mismatch: it was written by a newer version of this library (a schema version this one
//    does not know);
//  - errc::invalid_configuration: the options make no sense (an empty path, ":memory:", no threads), or the
//    file system cannot hold a WAL file (a network file system).
result<stores> open_sqlite(sqlite_options options);

} // namespace mcp::storage
