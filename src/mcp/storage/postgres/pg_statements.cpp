// The statements of the PostgreSQL stores (pg_schema.hpp). Each is atomic on its own; create() with a session
// limit is the one transaction (advisory lock, count, insert). Durations arrive in milliseconds ($n::float8
// times one millisecond); instants come from clock_timestamp(), the database's clock at that moment.
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

// A live session's row. $1 id ... $8 state, $9 revision, $10 ttl.
constexpr std::string_view insert_session = R"(
INSERT INTO {p}sessions AS s (id, protocol_version, client_info, client_capabilities, operational, log_level,
                              subscriptions, state, revision, expires_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, clock_timestamp() + $10::float8 * interval '1 millisecond')
ON CONFLICT (id) DO UPDATE
    SET protocol_version = excluded.protocol_version, client_info = excluded.client_info,
        client_capabilities = excluded.client_capabilities, operational = excluded.operational,
        log_level = excluded.log_level, subscriptions = excluded.subscriptions, state = excluded.state,
        revision = excluded.revision, expires_at = excluded.expires_at
    WHERE s.expires_at <= clock_timestamp()
RETURNING 1)";

// $1 id, $2 ttl: the record, its expiry pushed forward; nothing when unknown or expired.
constexpr std::string_view load_session = R"(
UPDATE {p}sessions SET expires_at = clock_timestamp() + $2::float8 * interval '1 millisecond'
WHERE id = $1 AND expires_at > clock_timestamp()
RETURNING protocol_version, client_info, client_capabilities, operational, log_level, subscriptions, state,
          revision)";

// $1 id, $2 the revision the caller loaded, $3 ... $9 the fields, $10 ttl.
constexpr std::string_view save_session = R"(
UPDATE {p}sessions
SET protocol_version = $3, client_info = $4, client_capabilities = $5, operational = $6, log_level = $7,
    subscriptions = $8, state = $9, revision = revision + 1,
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
    return st;
}

} // namespace mcp::storage::detail
