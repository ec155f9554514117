// PostgreSQL session, event, task and state stores: for several server processes behind a load balancer that
// must share sessions, SSE events, MCP tasks and server state (ARCHITECTURE.md section 8; the task and state
// stores' own notes are in postgres_task_store.hpp and postgres_state_store.hpp). Through libpq; the schema
// and its management are in docs/storage-postgres.md. Not for one process alone (memory or SQLite are
// simpler) and not an SQL toolkit.
//
// Design note
//
//   session_store / event_store coroutine ---> queue ---> pool_size worker threads, each owning one
//   connection
//            ^ (resumed on its own executor)                 | blocking libpq calls with poll() deadlines
//            +------------------------------------------------+ one statement, or one transaction, per
//            operation
//
//  - Threads, not libpq's async API on the I/O threads: an operation is one statement or one short
//  transaction
//    whose code reads top to bottom on one connection, and nothing in libpq (DNS lookups in PQconnectPoll
//    included) can stall an I/O thread. The price is pool_size threads, and that an operation cannot be
//    cancelled once a worker has started it (it ends within query_timeout). The awaiting coroutine resumes on
//    its own executor, never on a worker.
//  - Every operation is atomic: save is `UPDATE ... WHERE revision = $n`; append is one statement that bumps
//    the session's and the stream's counters (INSERT ... ON CONFLICT DO UPDATE ... RETURNING, row locks that
//    serialize concurrent appends, so sequences are distinct and gap-free), inserts the event and drops the
//    session's oldest events beyond the bound.
//  - The session limit: create() takes a transaction-level advisory lock (one per table prefix), then counts
//  the
//    live sessions and inserts. Creates are rare next to loads and saves, so serializing them costs nothing
//    that matters, never aborts, and needs no retry loop (SERIALIZABLE would: and its predicate locks on a
//    count(*) over the table make every concurrent create a serialization failure anyway).
//  - Time is the database's: expiry instants are `clock_timestamp() + ttl` (microseconds; clock_timestamp,
//  not
//    now(), which is frozen at the start of a transaction), so several processes with drifting clocks agree.
//    load() and save() push the expiry forward. Expired sessions are deleted, and the events of sessions that
//    are gone and have had no append for a TTL purged, by create(), at most once per min(ttl, 1 min) per
//    store.
//  - A broken connection (server restart, network) is noticed before use (the idle socket is readable) or by
//    the failed call, dropped, and made again by the next operation. While the server is down each operation
//    fails with errc::unavailable after at most connect_timeout (at once during a short hold-off after a
//    failed attempt). Nothing is retried after it was sent, so an operation is never applied twice.
//  - The one connection outside the pool: the state store's listener (pg_listener.hpp), made by the first
//    watch(), with a thread of its own that waits for notifications with Asio and runs the watchers.
#pragma once

#include <mcp/storage/stores.hpp>

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace mcp::storage {

enum class postgres_schema {
    create, // create the tables, or migrate them to this version, on the first connection
    verify  // only check them: the user manages the schema (postgres_schema_sql gives the SQL)
};

struct postgres_options {
    std::string connection;            // libpq conninfo or URI; empty: libpq's PG* environment variables
    std::string table_prefix = "mcp_"; // tables <prefix>sessions, <prefix>events, ...; letters, digits and _
    postgres_schema schema = postgres_schema::create;
    std::size_t pool_size = 4; // worker threads, one connection each
    std::chrono::milliseconds connect_timeout{5000};
    // One operation, once connected: then the connection is dropped and the operation fails with
    // errc::unavailable. Also the connections' statement_timeout, so the server abandons the statement too.
    std::chrono::milliseconds query_timeout{10000};
    // true: open_postgres connects and sets up the schema before it returns, and fails if it cannot.
    // false: it returns at once; the first operations connect and set up the schema, failing with
    // errc::unavailable until they can (a server may then start before its database).
    bool connect_at_open = true;
    store_limits limits;
};

// Builds the session, event, task and state stores over one pool of connections; with connect_at_open it
// first connects once to create, migrate or verify the schema. Blocks the calling thread for that (start-up).
// Errors, as values:
//  - errc::invalid_configuration: an option is invalid (a table prefix with other characters, a prefix
//    too long);
//  - errc::unavailable: the database cannot be reached (the message names host, port, database and user, and
//    gives libpq's reason, never the password);
//  - errc::schema_mismatch: its schema is missing, incomplete, or of another version (the message names the
//    table or the version, and says how to fix it).
// The stores are safe to use from any thread; each operation suspends until a worker has run it. Keep them
// alive until their operations end.
result<stores> open_postgres(postgres_options options);

// The SQL that creates the current schema for a table prefix, including its version row: what the create mode
// runs on an empty database, for users who manage the schema themselves (verify mode).
std::string postgres_schema_sql(std::string_view table_prefix = "mcp_");

} // namespace mcp::storage
