#include <mcp/storage/memory/memory_state_store.hpp>

#include <algorithm>

namespace mcp::storage {

task<result<std::optional<state_record>>> memory_state_store::load(std::string key) {
    std::lock_guard lock(mutex_);
    auto it = records_.find(key);
    if (it == records_.end())
        co_return std::optional<state_record>();
    co_return it->second;
}

task<result<>> memory_state_store::save(state_record& record) {
    auto text = serialized_state(record);
    if (!text)
        co_return text.error();
    {
        std::lock_guard lock(mutex_);
        auto it = records_.find(record.key);
        auto stored = it == records_.end() ? 0 : it->second.revision;
        if (stored != record.revision)
            co_return error(errc::conflict, "server state '" + record.key + "' is at revision " +
                                                std::to_string(stored) + ", not " +
                                                std::to_string(record.revision) + ": reload and retry");
        ++record.revision;
        records_[record.key] = record;
    }
    tell(record.key);
    co_return result<>{};
}

std::shared_ptr<void> memory_state_store::watch(watcher changed) {
    auto token = std::make_shared<watcher>(std::move(changed));
    std::lock_guard lock(mutex_);
    std::erase_if(watchers_, [](auto const& w) { return w.expired(); });
    watchers_.push_back(token);
    return token;
}

// Outside the lock: a watcher may load() at once.
void memory_state_store::tell(std::string const& key) {
    std::vector<std::shared_ptr<watcher>> live;
    {
        std::lock_guard lock(mutex_);
        for (auto const& w : watchers_)
            if (auto p = w.lock())
                live.push_back(std::move(p));
    }
    for (auto const& w : live)
        (*w)(key);
}

} // namespace mcp::storage
