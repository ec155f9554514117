// pg_schema: DDL, migrations, the schema check and the statements of the PostgreSQL stores (see
// pg_schema.hpp). Identifiers are the prefix (validated: letters, digits, _) glued to fixed names, unquoted,
// so PostgreSQL folds them to lower case as it does in the user's own SQL. Every duration is a parameter in
// milliseconds.
#include <mcp/storage/postgres/pg_schema.hpp>
#include <mcp/storage/session_store.hpp>

#include <charconv>
#include <vector>

namespace mcp::storage::detail {
namespace {

// Version n's migration takes the schema from version n - 1 to n. Append; never edit a published one.
constexpr std::string_view migrations[] = {
    // version 1
    R"(CREATE TABLE {p}sessions (
    id                  text PRIMARY KEY,
    protocol_version    text NOT NULL,
    client_info         json NOT NULL,
    client_capabilities json NOT NULL,
    operational         boolean NOT NULL,
    log_level           text NOT NULL,
    subscriptions       json NOT NULL,
    state               json NOT NULL,
    revision            bigint NOT NULL,
    expires_at          timestamptz NOT NULL
);
CREATE TABLE {p}event_counters (
    session      text PRIMARY KEY,
    last_ordinal bigint NOT NULL,
    last_append  timestamptz NOT NULL
);
CREATE TABLE {p}stream_counters (
    session       text NOT NULL,
    stream        text NOT NULL,
    last_sequence bigint NOT NULL,
    PRIMARY KEY (session, stream)
);
CREATE TABLE {p}events (
    session  text NOT NULL,
    stream   text NOT NULL,
    sequence bigint NOT NULL,
    ordinal  bigint NOT NULL,
    data     bytea NOT NULL,
    PRIMARY KEY (session, stream, sequence)
);
CREATE INDEX {p}events_by_ordinal ON {p}events (session, ordinal);
)",
    // version 2. Ids compare bytewise (COLLATE "C"), so tasks list in the same order whatever the database's
    // locale, and as in every other backend.
    R"(CREATE TABLE {p}tasks (
    id               text COLLATE "C" PRIMARY KEY,
    session          text NOT NULL,
    principal        text NOT NULL,
    tool             text NOT NULL,
    status           text NOT NULL
                     CHECK (status IN ('working', 'input_required', 'completed', 'failed', 'cancelled')),
    status_message   text NOT NULL,
    created_at_ms    bigint NOT NULL,
    updated_at_ms    bigint NOT NULL,
    ttl_ms           bigint NOT NULL,
    poll_interval_ms bigint NOT NULL,
    owner            text NOT NULL,
    lease_until_ms   bigint NOT NULL,
    revision         bigint NOT NULL,
    expires_at_ms    bigint NOT NULL,
    outcome_is_error boolean NOT NULL,
    outcome          text
);
CREATE INDEX {p}tasks_by_session ON {p}tasks (session, created_at_ms, id);
)",
    // version 3. The state document is text, not jsonb, so it reads back byte for byte as written; sessions
    // stored before this version have seen no list yet.
    R"(CREATE TABLE {p}state (
    key      text PRIMARY KEY,
    value    text NOT NULL,
    revision bigint NOT NULL
);
ALTER TABLE {p}sessions ADD COLUMN lists_seen json NOT NULL DEFAULT '{}';
)",
    // version 4. The principal that created a session; sessions stored before were bound to no one.
    R"(ALTER TABLE {p}sessions ADD COLUMN principal text NOT NULL DEFAULT '';
)",
};
static_assert(std::size(migrations) == pg_schema_version);

constexpr std::string_view version_table = R"(CREATE TABLE IF NOT EXISTS {p}schema_version (
    version    integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
)";

constexpr std::string_view tables[] = {"schema_version", "sessions", "event_counters", "stream_counters",
                                       "events",         "tasks",    "state"};

// A schema this build cannot use (schema_mismatch), or a step of setting it up that failed (unavailable).
error schema_error(pg_connection const& c, std::string what, errc kind = errc::schema_mismatch) {
    return error(kind, "PostgreSQL schema at " + c.where() + ": " + std::move(what));
}

result<int> stored_version(pg_connection& c, pg_statements const& st) {
    auto rows = c.exec(pg_with_prefix("SELECT coalesce(max(version), 0) FROM {p}schema_version", st.prefix));
    if (!rows)
        return rows.error();
    int version = 0;
    auto text = rows->at(0, 0);
    std::from_chars(text.data(), text.data() + text.size(), version);
    return version;
}

error newer_schema(pg_connection const& c, pg_statements const& st, int version) {
    return schema_error(c, st.prefix + "schema_version says version " + std::to_string(version) +
                               ", newer than this build's " + std::to_string(pg_schema_version) +
                               ": run a build of the same version or newer");
}

result<> migrate(pg_connection& c, pg_statements const& st) {
    auto begun = c.exec("BEGIN; SELECT pg_advisory_xact_lock(" + std::to_string(st.lock_key) + "); " +
                        pg_with_prefix(version_table, st.prefix));
    if (!begun)
        return begun.error();
    auto version = stored_version(c, st);
    if (!version)
        return version.error();
    if (*version > pg_schema_version)
        return newer_schema(c, st, *version);
    for (int v = *version + 1; v <= pg_schema_version; ++v) {
        auto step = c.exec(pg_with_prefix(migrations[v - 1], st.prefix) +
                           pg_with_prefix("INSERT INTO {p}schema_version (version) VALUES (", st.prefix) +
                           std::to_string(v) + ")");
        if (!step)
            return schema_error(
                c, "migration to version " + std::to_string(v) + " failed: " + step.error().message(),
                errc::unavailable);
    }
    auto committed = c.exec("COMMIT");
    if (!committed)
        return committed.error();
    return {};
}

result<> create_or_migrate(pg_connection& c, pg_statements const& st) {
    auto done = migrate(c, st);
    if (!done)
        (void)c.exec("ROLLBACK"); // fails at once if the connection is gone; then nothing is left open
    return done;
}

result<> verify(pg_connection& c, pg_statements const& st) {
    std::string how =
        " (schema mode verify: create the schema with the SQL of postgres_schema_sql(), shown in "
        "docs/storage-postgres.md, or use schema mode create)";
    auto found = c.exec(pg_with_prefix("SELECT to_regclass('{p}schema_version') IS NOT NULL", st.prefix));
    if (!found)
        return found.error();
    if (found->at(0, 0) != "t")
        return schema_error(c, "table " + st.prefix + "schema_version is missing" + how);
    auto version = stored_version(c, st);
    if (!version)
        return version.error();
    if (*version > pg_schema_version)
        return newer_schema(c, st, *version);
    if (*version < pg_schema_version)
        return schema_error(
            c, st.prefix + "schema_version says version " + std::to_string(*version) + ", this build needs " +
                   std::to_string(pg_schema_version) +
                   ": apply the migrations in docs/storage-postgres.md, or use schema mode create");
    for (auto table : tables) {
        auto name = st.prefix + std::string(table);
        auto exists = c.exec("SELECT to_regclass('" + name + "') IS NOT NULL");
        if (!exists)
            return exists.error();
        if (exists->at(0, 0) != "t")
            return schema_error(c, "table " + name + " is missing" + how);
    }
    return {};
}

} // namespace

std::string pg_with_prefix(std::string_view sql, std::string_view prefix) {
    std::string out;
    for (std::size_t at = 0;;) {
        auto hole = sql.find("{p}", at);
        out += sql.substr(at, hole - at);
        if (hole == std::string_view::npos)
            return out;
        out += prefix;
        at = hole + 3;
    }
}

// FNV-1a: the same key in every process that uses this prefix, whatever its build.
std::int64_t pg_lock_key(std::string_view prefix) {
    std::uint64_t h = 14695981039346656037ull;
    for (char ch : "mcp.storage.postgres:" + std::string(prefix)) {
        h ^= static_cast<unsigned char>(ch);
        h *= 1099511628211ull;
    }
    return static_cast<std::int64_t>(h);
}

std::string pg_schema_sql(std::string_view prefix) {
    std::string sql = pg_with_prefix(version_table, prefix);
    for (int v = 1; v <= pg_schema_version; ++v)
        sql += pg_with_prefix(migrations[v - 1], prefix) +
               pg_with_prefix("INSERT INTO {p}schema_version (version) VALUES (", prefix) +
               std::to_string(v) + ");\n";
    return sql;
}

result<> pg_set_up(pg_connection& c, pg_statements const& st, postgres_schema mode) {
    auto checked = mode == postgres_schema::create ? create_or_migrate(c, st) : verify(c, st);
    if (!checked)
        return checked;
    for (auto const* s :
         {&st.insert_session,   &st.lock_sessions,   &st.count_live,     &st.load_session, &st.save_session,
          &st.session_live,     &st.delete_session,  &st.purge_sessions, &st.purge_events, &st.append_event,
          &st.events_after,     &st.forget_events,   &st.insert_task,    &st.get_task,     &st.list_tasks,
          &st.list_tasks_after, &st.transition_task, &st.task_outcome,   &st.purge_tasks,  &st.load_state,
          &st.create_state,     &st.update_state}) {
        auto prepared = c.prepare(*s);
        if (!prepared && !c.alive())
            return prepared; // the connection broke: unavailable, not a mismatch
        if (!prepared) {
            auto reason = prepared.error().message();
            if (auto own = "PostgreSQL at " + c.where() + ": "; reason.starts_with(own))
                reason.erase(0, own.size());
            return schema_error(c, "the tables do not match statement " + s->name + ": " + reason);
        }
    }
    return {};
}

} // namespace mcp::storage::detail
