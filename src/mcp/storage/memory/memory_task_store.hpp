// The in-memory task store: the default for one process (a task lives as long as the process; the SQLite,
// PostgreSQL and DynamoDB stores share tasks between processes). Thread-safe; no operation suspends. Expired tasks
// are dropped when they are read, and all of them whenever a task is created.
#pragma once

#include <mcp/storage/task_store.hpp>

#include <map>
#include <mutex>
#include <tuple>

namespace mcp::storage {

class memory_task_store : public task_store {
public:
    task<result<>> create(task_record record) override;
    task<result<std::optional<task_record>>> get(std::string session, std::string id) override;
    task<result<task_page>> list(std::string session, std::optional<std::string> after,
                                 std::size_t limit) override;
    task<result<task_write>> transition(std::string session, std::string id, task_change change) override;
    task<result<std::optional<task_outcome>>> outcome(std::string session, std::string id) override;

    std::size_t size() const;

private:
    struct entry {
        task_record record;
        std::optional<task_outcome> outcome;
    };
    // Keyed by (session, created_at, id): a session's tasks are one ordered range, as list() reads them.
    using key = std::tuple<std::string, std::int64_t, std::string>;

    entry* find(std::string const& session, std::string const& id); // live only; drops an expired one
    void purge_expired();

    mutable std::mutex mutex_;
    std::map<key, entry> tasks_;
    std::map<std::string, key> by_id_; // id -> its key
};

} // namespace mcp::storage
