// The in-memory task store: the default for one process (a task lives as long as the process; the SQLite,
// PostgreSQL and DynamoDB stores share tasks between processes). Thread-safe; no operation suspends. Bounded, so
// that clients starting tasks cannot exhaust memory: past max_tasks (ended ones count until they expire), create()
// is errc::rejected. Expired tasks are dropped when read, and all of them when the store is full.
#pragma once

#include <mcp/storage/task_store.hpp>

#include <map>
#include <mutex>
#include <tuple>

namespace mcp::storage {

struct memory_task_options {
    std::size_t max_tasks = 10'000; // kept at once, running or ended
};

class memory_task_store : public task_store {
public:
    explicit memory_task_store(memory_task_options options = {}) : options_(options) {}

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

    memory_task_options options_;
    mutable std::mutex mutex_;
    std::map<key, entry> tasks_;
    std::map<std::string, key> by_id_; // id -> its key
};

} // namespace mcp::storage
