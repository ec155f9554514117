#include <mcp/storage/memory/memory_store.hpp>
#include <mcp/storage/memory/memory_state_store.hpp>
#include <mcp/storage/memory/memory_task_store.hpp>
#include <mcp/storage/stores.hpp>

#include <algorithm>
#include <cstdint>

namespace mcp::storage {

void memory_session_store::purge_expired(clock::time_point now) {
    std::erase_if(sessions_, [now](auto const& kv) { return kv.second.expires <= now; });
}

task<result<>> memory_session_store::create(session_record record) {
    std::lock_guard lock(mutex_);
    auto now = clock::now();
    if (sessions_.size() >= options_.max_sessions)
        purge_expired(now);
    if (sessions_.size() >= options_.max_sessions)
        co_return error(errc::session_limit, "Too many sessions (limit " +
                                                 std::to_string(options_.max_sessions) +
                                                 "); retry later, or raise max_sessions");
    if (auto it = sessions_.find(record.id); it != sessions_.end()) {
        if (it->second.expires > now)
            co_return error(errc::conflict, "Session " + record.id + " already exists");
        sessions_.erase(it); // expired: the id is free again
    }
    std::string id = record.id;
    sessions_.emplace(std::move(id), entry{std::move(record), now + options_.ttl});
    co_return result<>{};
}

task<result<std::optional<session_record>>> memory_session_store::load(std::string id) {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(id);
    if (it == sessions_.end())
        co_return std::optional<session_record>();
    auto now = clock::now();
    if (it->second.expires <= now) {
        sessions_.erase(it);
        co_return std::optional<session_record>();
    }
    it->second.expires = now + options_.ttl; // activity keeps a session alive
    co_return std::optional<session_record>(it->second.record);
}

std::optional<std::int64_t> memory_session_store::touch(std::string const& id) {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(id);
    if (it == sessions_.end())
        return std::nullopt;
    auto now = clock::now();
    if (it->second.expires <= now) {
        sessions_.erase(it);
        return std::nullopt;
    }
    it->second.expires = now + options_.ttl;
    return it->second.record.revision;
}

task<result<>> memory_session_store::save(session_record& record) {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(record.id);
    // A session that ended is a conflict too: the caller reloads, as after any conflict, and finds it gone.
    if (it == sessions_.end() || it->second.expires <= clock::now())
        co_return error(errc::conflict, "Session " + record.id + " no longer exists (terminated or expired)");
    if (it->second.record.revision != record.revision)
        co_return error(errc::conflict,
                        "Session " + record.id + " was updated concurrently; reload and retry");
    ++record.revision;
    auto principal = std::move(it->second.record.principal); // bound at create: a save never rebinds
    it->second.record = record;
    it->second.record.principal = std::move(principal);
    it->second.expires = clock::now() + options_.ttl;
    co_return result<>{};
}

task<result<bool>> memory_session_store::terminate(std::string id) {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(id);
    if (it == sessions_.end())
        co_return false;
    bool live = it->second.expires > clock::now(); // an expired session is already gone
    sessions_.erase(it);
    co_return live;
}

std::size_t memory_session_store::size() const {
    std::lock_guard lock(mutex_);
    return sessions_.size();
}

task<result<std::uint64_t>> memory_event_store::append(std::string session, std::string stream,
                                                       std::string data) {
    std::lock_guard lock(mutex_);
    auto& s = sessions_[session];
    auto sequence = ++s.last_sequence[stream];
    s.streams[stream].push_back({sequence, std::move(data)});
    s.order.push_back(std::move(stream));
    auto bound = options_.max_events_per_session;  // 0: no bound (store_limits)
    while (bound != 0 && s.order.size() > bound) { // drop the session's oldest event
        auto& oldest = s.streams[s.order.front()];
        oldest.pop_front();
        s.order.pop_front();
    }
    co_return sequence;
}

task<result<std::vector<stored_event>>> memory_event_store::after(std::string session, std::string stream,
                                                                  std::uint64_t sequence) {
    std::lock_guard lock(mutex_);
    std::vector<stored_event> out;
    auto s = sessions_.find(session);
    if (s == sessions_.end())
        co_return out;
    auto events = s->second.streams.find(stream);
    if (events == s->second.streams.end())
        co_return out;
    // A stream's events are in order of sequence: copy only those after `sequence`.
    auto const& stream_events = events->second;
    auto first =
        std::upper_bound(stream_events.begin(), stream_events.end(), sequence,
                         [](std::uint64_t after, stored_event const& e) { return after < e.sequence; });
    out.assign(first, stream_events.end());
    co_return out;
}

task<result<>> memory_event_store::forget(std::string session) {
    std::lock_guard lock(mutex_);
    sessions_.erase(session);
    co_return result<>{};
}

} // namespace mcp::storage

namespace mcp::storage {

stores open_memory(store_limits const& limits) {
    return {std::make_shared<memory_session_store>(memory_session_options{
                .max_sessions = limits.max_sessions ? limits.max_sessions : SIZE_MAX, .ttl = limits.ttl}),
            std::make_shared<memory_event_store>(
                memory_event_options{.max_events_per_session = limits.max_events_per_session}),
            limits, std::make_shared<memory_task_store>(), std::make_shared<memory_state_store>()};
}

} // namespace mcp::storage
