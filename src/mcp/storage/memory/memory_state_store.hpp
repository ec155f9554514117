// The in-memory state store: one process's server state (the default; the SQLite, PostgreSQL and DynamoDB stores
// share it between processes). Thread-safe; no operation suspends. It pushes: every watcher hears of every save,
// so servers of one process that share it (tests, or several front doors) converge at once.
#pragma once

#include <mcp/storage/state_store.hpp>

#include <map>
#include <mutex>
#include <vector>

namespace mcp::storage {

class memory_state_store : public state_store {
public:
    task<result<std::optional<state_record>>> load(std::string key) override;
    task<result<>> save(state_record& record) override;
    std::shared_ptr<void> watch(watcher changed) override;

private:
    void tell(std::string const& key);

    std::mutex mutex_;
    std::map<std::string, state_record, std::less<>> records_;
    std::vector<std::weak_ptr<watcher>> watchers_;
};

} // namespace mcp::storage
