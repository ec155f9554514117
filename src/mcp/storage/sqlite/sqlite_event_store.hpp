// The event store on SQLite (contract: event_store.hpp). Per (session, stream) a counter row in mcp_streams
// numbers the events; per session a counter in mcp_event_sessions gives each event its position in the
// session, so the bound drops the oldest positions with one indexed DELETE and never renumbers. Built by
// open_sqlite.
#pragma once

#include <mcp/storage/event_store.hpp>
#include <mcp/storage/sqlite/sqlite_database.hpp>

namespace mcp::storage::detail {

// after(): one stream's events past a sequence, a range of the UNIQUE (session, stream, sequence) index, in
// its order. A follower's poll reads the stream's new events and nothing else of the session.
inline constexpr char const* select_after_sql =
    "SELECT sequence, data FROM mcp_events WHERE session = ?1 AND stream = ?2 AND sequence > ?3 "
    "ORDER BY sequence";

class sqlite_event_store final : public event_store {
public:
    explicit sqlite_event_store(std::shared_ptr<sqlite_database> db) : db_(std::move(db)) {}

    task<result<std::uint64_t>> append(std::string session, std::string stream, std::string data) override;
    task<result<std::vector<stored_event>>> after(std::string session, std::string stream,
                                                  std::uint64_t sequence) override;
    task<result<>> forget(std::string session) override;

private:
    std::shared_ptr<sqlite_database> db_;
};

} // namespace mcp::storage::detail
