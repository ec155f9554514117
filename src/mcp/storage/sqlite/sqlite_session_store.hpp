// The session store on SQLite (contract: session_store.hpp): one row of mcp_sessions per session, written
// with conditional UPDATEs on `revision`, alive while expires_at (Unix ms, refreshed by load and save) is in
// the future. Beyond the contract, in the same file: create() purges expired sessions with their events
// (sqlite_purge.hpp), and terminate() forgets the session's events. Built by open_sqlite.
#pragma once

#include <mcp/storage/session_store.hpp>
#include <mcp/storage/sqlite/sqlite_database.hpp>

namespace mcp::storage::detail {

class sqlite_session_store final : public session_store {
public:
    explicit sqlite_session_store(std::shared_ptr<sqlite_database> db) : db_(std::move(db)) {}

    task<result<>> create(session_record record) override;
    task<result<std::optional<session_record>>> load(std::string id) override;
    task<result<>> save(session_record& record) override;
    task<result<bool>> terminate(std::string id) override;

private:
    std::shared_ptr<sqlite_database> db_;
};

} // namespace mcp::storage::detail
