#include <mcp/storage/sqlite/sqlite_schema.hpp>

#include <mcp/storage/session_store.hpp>

#include <array>

namespace mcp::storage::detail {
namespace {

// Version 0 -> 1. Times are Unix milliseconds (every process on the machine shares the clock); JSON columns
// hold serialized JSON text. Event data is a BLOB: it is kept byte for byte.
constexpr char const* create_v1 = R"sql(
CREATE TABLE mcp_sessions (
    id TEXT PRIMARY KEY NOT NULL,
    protocol_version TEXT NOT NULL,
    client_info TEXT NOT NULL,
    client_capabilities TEXT NOT NULL,
    operational INTEGER NOT NULL,
    log_level TEXT NOT NULL,
    subscriptions TEXT NOT NULL,
    state TEXT NOT NULL,
    revision INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX mcp_sessions_by_expiry ON mcp_sessions (expires_at);

CREATE TABLE mcp_event_sessions (
    session TEXT PRIMARY KEY NOT NULL,
    appended INTEGER NOT NULL,
    last_append_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX mcp_event_sessions_by_activity ON mcp_event_sessions (last_append_at);

CREATE TABLE mcp_streams (
    session TEXT NOT NULL,
    stream TEXT NOT NULL,
    last_sequence INTEGER NOT NULL,
    PRIMARY KEY (session, stream)
) WITHOUT ROWID;

CREATE TABLE mcp_events (
    session TEXT NOT NULL,
    position INTEGER NOT NULL,
    stream TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    data BLOB NOT NULL,
    UNIQUE (session, stream, sequence),
    UNIQUE (session, position)
);

PRAGMA user_version = 1;
)sql";

// Version 1 -> 2: MCP tasks (task_store.hpp). expires_at_ms is expires_at() of the row, rewritten by every
// write, so that reads and the purge compare one indexed column with now. The outcome is a BLOB, kept byte
// for byte; both outcome columns are NULL until the task ends with one.
constexpr char const* add_tasks_v2 = R"sql(
CREATE TABLE mcp_tasks (
    id TEXT PRIMARY KEY NOT NULL,
    session TEXT NOT NULL,
    principal TEXT NOT NULL,
    tool TEXT NOT NULL,
    status TEXT NOT NULL,
    status_message TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL,
    ttl_ms INTEGER NOT NULL,
    poll_interval_ms INTEGER NOT NULL,
    owner TEXT NOT NULL,
    lease_until_ms INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    expires_at_ms INTEGER NOT NULL,
    outcome_is_error INTEGER,
    outcome BLOB
);
CREATE INDEX mcp_tasks_by_session ON mcp_tasks (session, created_at_ms, id);
CREATE INDEX mcp_tasks_by_expiry ON mcp_tasks (expires_at_ms);

PRAGMA user_version = 2;
)sql";

// Version 2 -> 3: server-wide state (state_store.hpp), one JSON object per key, replaced whole by conditional
// saves on `revision`; and what each session was last told of the lists (session_record::lists_seen).
// Sessions of version 2 get '{}': told nothing yet, so they hear of the current lists at their next request.
constexpr char const* add_state_v3 = R"sql(
CREATE TABLE mcp_state (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL,
    revision INTEGER NOT NULL
);
ALTER TABLE mcp_sessions ADD COLUMN lists_seen TEXT NOT NULL DEFAULT '{}';

PRAGMA user_version = 3;
)sql";

// Version 3 -> 4: the principal that created each session (session_record::principal). Sessions of version 3
// get '': created before sessions were bound to anyone.
constexpr char const* add_principal_v4 = R"sql(
ALTER TABLE mcp_sessions ADD COLUMN principal TEXT NOT NULL DEFAULT '';

PRAGMA user_version = 4;
)sql";

// migrations[v] brings version v to v + 1.
constexpr std::array<char const*, sqlite_schema_version> migrations = {create_v1, add_tasks_v2, add_state_v3,
                                                                       add_principal_v4};

result<std::int64_t> schema_version(sqlite_connection& c) {
    auto q = c.query("PRAGMA user_version", "read the schema version");
    std::int64_t version = q.next_row() ? q.integer_at(0) : 0;
    if (auto done = q.run(); !done)
        return done.error();
    return version;
}

result<> upgrade(sqlite_connection& c, std::int64_t from) {
    for (auto v = from; v < sqlite_schema_version; ++v)
        if (auto done = c.exec(migrations[static_cast<std::size_t>(v)],
                               "upgrade the schema to version " + std::to_string(v + 1));
            !done)
            return done.error();
    return {};
}

} // namespace

result<> migrate(sqlite_connection& c) {
    if (auto began = c.exec("BEGIN IMMEDIATE", "lock the file to check its schema"); !began)
        return began.error();
    auto version = schema_version(c);
    result<> done;
    if (!version)
        done = version.error();
    else if (*version > sqlite_schema_version)
        done =
            error(errc::schema_mismatch,
                  "SQLite store " + c.path() + ": the file has schema version " + std::to_string(*version) +
                      ", newer than this program knows (" + std::to_string(sqlite_schema_version) +
                      "); it was written by a later version of the library, or belongs to another "
                      "application: run the newer program, or choose another path");
    else
        done = upgrade(c, *version);
    if (!done) {
        (void)c.exec("ROLLBACK", "roll back");
        return done;
    }
    return c.exec("COMMIT", "commit the schema");
}

} // namespace mcp::storage::detail
