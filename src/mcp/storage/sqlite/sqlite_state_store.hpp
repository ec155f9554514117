// The state store on SQLite (contract: state_store.hpp): one row of mcp_state per key, in the same file as
// the sessions, so every process that shares the file shares the server state. A save is one conditional
// statement on `revision` inside a write transaction: of two writers at one revision, in one process or two,
// the second changes no row and gets errc::conflict. SQLite has no way to tell another process that a row
// changed, so watch() returns nullptr and servers load() at intervals. Built by open_sqlite.
#pragma once

#include <mcp/storage/sqlite/sqlite_database.hpp>
#include <mcp/storage/state_store.hpp>

namespace mcp::storage::detail {

class sqlite_state_store final : public state_store {
public:
    explicit sqlite_state_store(std::shared_ptr<sqlite_database> db) : db_(std::move(db)) {}

    task<result<std::optional<state_record>>> load(std::string key) override;
    task<result<>> save(state_record& record) override;

private:
    std::shared_ptr<sqlite_database> db_;
};

} // namespace mcp::storage::detail
