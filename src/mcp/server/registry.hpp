// registry<Entry>: the server's thread-safe, name-sorted table of tools, resources, templates or prompts.
// Entries are immutable and shared: a call keeps its entry alive even if it is removed mid-call.
#pragma once

#include <mcp/server/pagination.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace mcp::detail {

template <class Entry>
class registry {
public:
    using entry_ptr = std::shared_ptr<Entry const>;

    struct page {
        std::vector<entry_ptr> items;
        std::optional<std::string> next_cursor;
    };

    // Adds or replaces the entry under `key`. Returns true when it replaced one.
    bool put(std::string key, entry_ptr entry) {
        std::unique_lock lock(mutex_);
        return !entries_.insert_or_assign(std::move(key), std::move(entry)).second;
    }

    bool erase(std::string_view key) {
        std::unique_lock lock(mutex_);
        auto it = entries_.find(key);
        if (it == entries_.end()) return false;
        entries_.erase(it);
        return true;
    }

    entry_ptr find(std::string_view key) const {
        std::shared_lock lock(mutex_);
        auto it = entries_.find(key);
        return it == entries_.end() ? nullptr : it->second;
    }

    std::vector<entry_ptr> all() const {
        std::shared_lock lock(mutex_);
        std::vector<entry_ptr> out;
        out.reserve(entries_.size());
        for (auto const& [key, entry] : entries_) out.push_back(entry);
        return out;
    }

    bool empty() const {
        std::shared_lock lock(mutex_);
        return entries_.empty();
    }

    // The page after `after_key` (from the start when nullopt), at most `size` items.
    page list(std::optional<std::string> const& after_key, std::size_t size) const {
        return list(after_key, size, [](std::string const&) { return true; });
    }
    // The same, of the entries whose key `keep` accepts (the others are not there for this caller). A cursor
    // is given only when a kept entry follows.
    template <class Keep>
    page list(std::optional<std::string> const& after_key, std::size_t size, Keep keep) const {
        std::shared_lock lock(mutex_);
        page out;
        auto it = after_key ? entries_.upper_bound(*after_key) : entries_.begin();
        auto skip = [&] {
            while (it != entries_.end() && !keep(it->first)) ++it;
        };
        for (skip(); it != entries_.end() && out.items.size() < size; ++it, skip()) {
            out.items.push_back(it->second);
            if (out.items.size() == size) {
                auto last = it->first;
                ++it;
                skip();
                if (it != entries_.end()) out.next_cursor = pagination::encode_cursor(last);
                return out;
            }
        }
        return out;
    }

private:
    mutable std::shared_mutex mutex_;
    std::map<std::string, entry_ptr, std::less<>> entries_;
};

} // namespace mcp::detail
