// pg_operations: what each store operation does on one connection, run whole by a pg_pool worker (internal to
// storage/postgres). Blocking; each is one statement, or one transaction, so it can run again after a
// deadlock. The contracts are session_store.hpp's and event_store.hpp's.
#pragma once

#include <mcp/storage/postgres/pg_connection.hpp>
#include <mcp/storage/postgres/pg_schema.hpp>
#include <mcp/storage/stores.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mcp::storage::detail {

// A session_record as statement parameters: serialized on the caller's thread, before the hop to a worker.
struct session_row {
    std::string id, protocol_version, client_info, client_capabilities, operational, log_level, subscriptions,
        state, revision, lists_seen, principal;
};
session_row to_row(session_record const& r);

result<> pg_create_session(pg_connection& c, pg_statements const& st, session_row const& row,
                           store_limits const& limits);
result<std::optional<session_record>> pg_load_session(pg_connection& c, pg_statements const& st,
                                                      std::string const& id, store_limits const& limits);
// The stored revision after the save.
result<std::int64_t> pg_save_session(pg_connection& c, pg_statements const& st, session_row const& row,
                                     store_limits const& limits);
result<bool> pg_terminate_session(pg_connection& c, pg_statements const& st, std::string const& id);
// Deletes expired sessions, and the counters and events of sessions that are gone and idle for a TTL.
result<> pg_purge(pg_connection& c, pg_statements const& st, store_limits const& limits);

result<std::uint64_t> pg_append_event(pg_connection& c, pg_statements const& st, std::string const& session,
                                      std::string const& stream, std::string const& data,
                                      store_limits const& limits);
result<std::vector<stored_event>> pg_events_after(pg_connection& c, pg_statements const& st,
                                                  std::string const& session, std::string const& stream,
                                                  std::uint64_t sequence);
result<> pg_forget_events(pg_connection& c, pg_statements const& st, std::string const& session);

} // namespace mcp::storage::detail
