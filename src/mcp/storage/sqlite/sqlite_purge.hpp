// Purging in the SQLite store: what keeps the file from growing with sessions that ended without a DELETE and
// with tasks past their expiry. The session store and the task store call these inside their create()'s
// transaction, so the work grows with the rows created (each create removes more dead rows than it adds) and
// no timer thread is needed. docs/storage-sqlite.md describes the rules.
#pragma once

#include <mcp/storage/sqlite/sqlite_connection.hpp>

#include <atomic>
#include <chrono>
#include <string>

namespace mcp::storage::detail {

// The most sessions (or tasks) one purge removes, so one create() never turns into a long transaction after a
// mass expiry.
inline constexpr std::int64_t sqlite_purge_batch = 64;

// Every event, stream counter and bound counter of one session (the event store's forget()).
result<> forget_events(sqlite_connection& c, std::string const& session);

// Deletes up to sqlite_purge_batch sessions that expired before `now`, with their events.
result<> purge_expired_sessions(sqlite_connection& c, std::int64_t now);

// Deletes up to sqlite_purge_batch tasks whose expires_at_ms is not after `now` (task_store.hpp's
// expires_at()), outcomes included.
result<> purge_expired_tasks(sqlite_connection& c, std::int64_t now);

// Deletes the events of up to sqlite_purge_batch sessions that are not live and saw no append for a TTL:
// events appended after their session was purged, or for sessions this file never held. Runs at most once per
// min(ttl, 1 minute) per process (`last_sweep`), since it passes over idle live sessions.
result<> sweep_orphan_events(sqlite_connection& c, std::int64_t now, std::chrono::milliseconds ttl,
                             std::atomic<std::int64_t>& last_sweep);

} // namespace mcp::storage::detail
