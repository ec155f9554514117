// The statements of the PostgreSQL stores (pg_schema.hpp). Each is atomic on its own; create() with a session
// limit is the one transaction (advisory lock, count, insert). Sessions and events: durations arrive in
// milliseconds ($n::float8 times one millisecond); instants come from clock_timestamp(), the database's clock
// at that moment. Tasks: every time is epoch milliseconds from the writer's clock (task_store.hpp), a
// parameter.
//
// Lock order, so that concurrent statements on one session cannot deadlock: the session's event_counters row
// first, then its stream_counters rows, then its events. Each statement that touches more than one of these
// reads the CTE that locks the earlier one before it locks the next.
#include <mcp/storage/postgres/pg_schema.hpp>

namespace mcp::storage::detail {
namespace {

pg_statement statement(std::string name, std::string_view sql, std::string_view prefix) {
    return {"mcp_" + std::move(name), pg_with_prefix(sql, prefix)};
}

// A live session's row. $1 id ... $8 state, $9 revision, $10 ttl, $11 lists_seen (version 3), $12 principal
// (version 4): later columns come last.
constexpr std::string_view insert_session = R"(
INSERT INTO {p}sessions AS s (id, protocol_version, client_info, client_capabilities, operational, log_level,
                              subscriptions, state, revision, expires_at, lists_seen, principal)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, clock_timestamp() + $10::float8 * interval '1 millisecond', $11,
        $12)
ON CONFLICT (id) DO UPDATE
    SET protocol_version = excluded.protocol_version, client_info = excluded.client_info,
        client_capabilities = excluded.client_capabilities, operational = excluded.operational,
        log_level = excluded.log_level, subscriptions = excluded.subscriptions, state = excluded.state,
        revision = excluded.revision, expires_at = excluded.expires_at, lists_seen = excluded.lists_seen,
        principal = excluded.principal
    WHERE s.expires_at <= clock_timestamp()
RETURNING 1)";

// $1 id, $2 ttl: the record, its expiry pushed forward; nothing when unknown or expired.
constexpr std::string_view load_session = R"(
UPDATE {p}sessions SET expires_at = clock_timestamp() + $2::float8 * interval '1 millisecond'
WHERE id = $1 AND expires_at > clock_timestamp()
RETURNING protocol_version, client_info, client_capabilities, operational, log_level, subscriptions, state,
          revision, lists_seen, principal)";

// $1 id, $2 the revision the caller loaded, $3 ... $9 the fields, $10 ttl, $11 lists_seen. Not principal:
// create() bound it for the session's life.
constexpr std::string_view save_session = R"(
UPDATE {p}sessions
SET protocol_version = $3, client_info = $4, client_capabilities = $5, operational = $6, log_level = $7,
    subscriptions = $8, state = $9, lists_seen = $11, revision = revision + 1,
    expires_at = clock_timestamp() + $10::float8 * interval '1 millisecond'
WHERE id = $1 AND revision = $2 AND expires_at > clock_timestamp()
RETURNING revision)";

// $1 ttl: the counters and events of sessions that are not live and have had no append for a TTL.
constexpr std::string_view purge_events = R"(
WITH gone AS (
    DELETE FROM {p}event_counters c
    WHERE c.last_append < clock_timestamp() - $1::float8 * interval '1 millisecond'
      AND NOT EXISTS (SELECT 1 FROM {p}sessions s WHERE s.id = c.session AND s.expires_at > clock_timestamp())
    RETURNING c.session),
gone_streams AS (DELETE FROM {p}stream_counters WHERE session IN (SELECT session FROM gone) RETURNING 1),
gone_events AS (DELETE FROM {p}events WHERE session IN (SELECT session FROM gone) RETURNING 1)
SELECT (SELECT count(*) FROM gone), (SELECT count(*) FROM gone_streams), (SELECT count(*) FROM gone_events))";

// $1 session, $2 stream, $3 data, $4 events kept per session: the new event's sequence.
constexpr std::string_view append_event = R"(
WITH next_ordinal AS (
    INSERT INTO {p}event_counters AS c (session, last_ordinal, last_append) VALUES ($1, 1, clock_timestamp())
    ON CONFLICT (session) DO UPDATE SET last_ordinal = c.last_ordinal + 1, last_append = clock_timestamp()
    RETURNING last_ordinal),
next_sequence AS (
    INSERT INTO {p}stream_counters AS c (session, stream, last_sequence) SELECT $1, $2, 1 FROM next_ordinal
    ON CONFLICT (session, stream) DO UPDATE SET last_sequence = c.last_sequence + 1
    RETURNING last_sequence),
added AS (
    INSERT INTO {p}events (session, stream, sequence, ordinal, data)
    SELECT $1, $2, s.last_sequence, o.last_ordinal, $3 FROM next_ordinal o, next_sequence s
    RETURNING sequence, ordinal),
dropped AS (
    DELETE FROM {p}events WHERE session = $1 AND ordinal <= (SELECT ordinal FROM added) - $4::bigint)
SELECT sequence FROM added)";

// $1 session: every counter and event of it.
constexpr std::string_view forget_events = R"(
WITH counters AS (DELETE FROM {p}event_counters WHERE session = $1 RETURNING 1),
streams AS (DELETE FROM {p}stream_counters WHERE session = $1 AND (SELECT count(*) FROM counters) >= 0
            RETURNING 1),
events AS (DELETE FROM {p}events WHERE session = $1 AND (SELECT count(*) FROM streams) >= 0 RETURNING 1)
SELECT (SELECT count(*) FROM counters), (SELECT count(*) FROM streams), (SELECT count(*) FROM events))";

// A task's columns, in the order postgres_task_store.cpp decodes them; "{c}" in the task statements.
constexpr std::string_view task_columns =
    "id, session, principal, tool, status, status_message, created_at_ms, "
    "updated_at_ms, ttl_ms, poll_interval_ms, owner, lease_until_ms, revision";

pg_statement task_statement(std::string name, std::string_view sql, std::string_view prefix) {
    auto text = pg_with_prefix(sql, prefix);
    if (auto at = text.find("{c}"); at != std::string::npos)
        text.replace(at, 3, task_columns);
    return {"mcp_" + std::move(name), std::move(text)};
}

// $1 id ... $13 revision, $14 expires_at_ms, $15 now: a new task, or one over an expired task's id. Nothing
// when the id is live.
constexpr std::string_view insert_task = R"(
INSERT INTO {p}tasks AS t (id, session, principal, tool, status, status_message, created_at_ms, updated_at_ms,
                           ttl_ms, poll_interval_ms, owner, lease_until_ms, revision, expires_at_ms,
                           outcome_is_error, outcome)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, false, NULL)
ON CONFLICT (id) DO UPDATE
    SET session = excluded.session, principal = excluded.principal, tool = excluded.tool,
        status = excluded.status, status_message = excluded.status_message,
        created_at_ms = excluded.created_at_ms, updated_at_ms = excluded.updated_at_ms,
        ttl_ms = excluded.ttl_ms, poll_interval_ms = excluded.poll_interval_ms, owner = excluded.owner,
        lease_until_ms = excluded.lease_until_ms, revision = excluded.revision,
        expires_at_ms = excluded.expires_at_ms, outcome_is_error = false, outcome = NULL
    WHERE t.expires_at_ms <= $15::bigint
RETURNING 1)";

// $1 id, $2 session, $3 to, $4 message, $5 expected owner, $6 expected revision (NULL: any), $7 new lease
// (NULL: kept), $8 the change's now_ms, $9 outcome_is_error, $10 outcome (NULL: none), $11 now.
// task_store.cpp's change_applies() and apply() in one statement: under READ COMMITTED a writer that waited
// for a racing one's row lock evaluates this WHERE again on the row that one committed, so of two racing
// writers one wins. expires_at_ms is task_store.cpp's expires_at() of the new row.
constexpr std::string_view transition_task = R"(
UPDATE {p}tasks
SET status = $3, status_message = $4, lease_until_ms = coalesce($7::bigint, lease_until_ms),
    updated_at_ms = $8::bigint, revision = revision + 1,
    expires_at_ms = ttl_ms + CASE WHEN $3 IN ('completed', 'failed', 'cancelled') THEN $8::bigint
                                  ELSE coalesce($7::bigint, lease_until_ms) END,
    outcome_is_error = coalesce($9::boolean, outcome_is_error), outcome = coalesce($10, outcome)
WHERE id = $1 AND session = $2 AND status IN ('working', 'input_required')
  AND ($5::text IS NULL OR owner = $5) AND ($6::bigint IS NULL OR revision = $6)
  AND expires_at_ms > $11::bigint
RETURNING {c})";

// $1 now, $2 at most this many. The outer condition is checked again on a row updated meanwhile (a renewed
// lease), which the subquery's snapshot would not see.
constexpr std::string_view purge_tasks = R"(
WITH gone AS (
    DELETE FROM {p}tasks WHERE expires_at_ms <= $1::bigint
       AND id IN (SELECT id FROM {p}tasks WHERE expires_at_ms <= $1::bigint LIMIT $2::bigint)
    RETURNING 1)
SELECT count(*) FROM gone)";

// The live tasks of the session $1 ($2 now) in list order, at most $3; list_tasks_after: after ($4, $5), a
// range of tasks_by_session.
constexpr std::string_view list_tasks = R"(
SELECT {c} FROM {p}tasks WHERE session = $1 AND expires_at_ms > $2::bigint
ORDER BY created_at_ms, id LIMIT $3::bigint)";
constexpr std::string_view list_tasks_after = R"(
SELECT {c} FROM {p}tasks
WHERE session = $1 AND expires_at_ms > $2::bigint AND (created_at_ms, id) > ($4::bigint, $5::text)
ORDER BY created_at_ms, id LIMIT $3::bigint)";

// Server state (postgres_state_store.hpp). A save that lands notifies the prefix's channel in the same
// statement, so the notice goes out exactly when the save commits, and never for a save that matched nothing
// (pg_notify runs once per row the CTE returned). $1 key, $2 value; update_state: $3 the revision loaded.
constexpr std::string_view create_state = R"(
WITH created AS (
    INSERT INTO {p}state (key, value, revision) VALUES ($1, $2, 1) ON CONFLICT (key) DO NOTHING
    RETURNING revision)
SELECT revision, pg_notify('{p}state', $1) FROM created)";
constexpr std::string_view update_state = R"(
WITH updated AS (
    UPDATE {p}state SET value = $2, revision = revision + 1 WHERE key = $1 AND revision = $3::bigint
    RETURNING revision)
SELECT revision, pg_notify('{p}state', $1) FROM updated)";

void add_state_statements(pg_statements& st, std::string_view p) {
    st.load_state = statement("load_state", "SELECT value, revision FROM {p}state WHERE key = $1", p);
    st.create_state = statement("create_state", create_state, p);
    st.update_state = statement("update_state", update_state, p);
    st.state_channel = pg_with_prefix("{p}state", p);
}

void add_task_statements(pg_statements& st, std::string_view p) {
    st.insert_task = task_statement("insert_task", insert_task, p);
    st.get_task = task_statement(
        "get_task", "SELECT {c} FROM {p}tasks WHERE id = $1 AND session = $2 AND expires_at_ms > $3::bigint",
        p);
    st.list_tasks = task_statement("list_tasks", list_tasks, p);
    st.list_tasks_after = task_statement("list_tasks_after", list_tasks_after, p);
    st.transition_task = task_statement("transition_task", transition_task, p);
    st.task_outcome = task_statement("task_outcome", R"(
SELECT outcome_is_error, outcome FROM {p}tasks
WHERE id = $1 AND session = $2 AND expires_at_ms > $3::bigint AND outcome IS NOT NULL)",
                                     p);
    st.purge_tasks = task_statement("purge_tasks", purge_tasks, p);
}

} // namespace

pg_statements make_statements(std::string const& prefix) {
    pg_statements st;
    st.prefix = prefix;
    st.lock_key = pg_lock_key(prefix);
    auto p = std::string_view(prefix);
    st.lock_sessions = {"mcp_lock_sessions",
                        "SELECT pg_advisory_xact_lock(" + std::to_string(st.lock_key) + ")"};
    st.insert_session = statement("insert_session", insert_session, p);
    st.count_live =
        statement("count_live", "SELECT count(*) FROM {p}sessions WHERE expires_at > clock_timestamp()", p);
    st.load_session = statement("load_session", load_session, p);
    st.save_session = statement("save_session", save_session, p);
    st.session_live = statement(
        "session_live", "SELECT 1 FROM {p}sessions WHERE id = $1 AND expires_at > clock_timestamp()", p);
    st.delete_session =
        statement("delete_session",
                  "DELETE FROM {p}sessions WHERE id = $1 RETURNING expires_at > clock_timestamp()", p);
    st.purge_sessions =
        statement("purge_sessions", "DELETE FROM {p}sessions WHERE expires_at <= clock_timestamp()", p);
    st.purge_events = statement("purge_events", purge_events, p);
    st.append_event = statement("append_event", append_event, p);
    st.events_after = statement("events_after", R"(
SELECT sequence, data FROM {p}events WHERE session = $1 AND stream = $2 AND sequence > $3::bigint
ORDER BY sequence)",
                                p);
    st.forget_events = statement("forget_events", forget_events, p);
    add_task_statements(st, p);
    add_state_statements(st, p);
    return st;
}

} // namespace mcp::storage::detail
