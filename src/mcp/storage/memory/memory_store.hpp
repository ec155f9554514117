// In-memory session and event stores: the default for one process. Bounded (sessions, events per session, TTL)
// so a flood of clients cannot exhaust memory; nothing survives a restart (the SQLite store does).
// Thread-safe; every operation completes without suspending.
#pragma once

#include <mcp/storage/event_store.hpp>
#include <mcp/storage/session_store.hpp>

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace mcp::storage {

struct memory_session_options {
    std::size_t max_sessions = 10'000;
    std::chrono::milliseconds ttl = std::chrono::hours(1); // idle time after which a session expires
};

class memory_session_store : public session_store {
public:
    explicit memory_session_store(memory_session_options options = {}) : options_(options) {}

    task<result<>> create(session_record record) override;
    task<result<std::optional<session_record>>> load(std::string id) override;
    task<result<>> save(session_record& record) override;
    task<result<bool>> terminate(std::string id) override;

    std::size_t size() const;
    // The revision of a live session, and its TTL refreshed as load() does, without copying the record (a front
    // door that holds the session itself asks only this on each request); nullopt when unknown or expired.
    std::optional<std::int64_t> touch(std::string const& id);

private:
    using clock = std::chrono::steady_clock;
    struct entry {
        session_record record;
        clock::time_point expires;
    };
    void purge_expired(clock::time_point now);

    memory_session_options options_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, entry> sessions_;
};

struct memory_event_options {
    std::size_t max_events_per_session = 1'000; // the oldest are dropped first; 0: no bound
};

class memory_event_store : public event_store {
public:
    explicit memory_event_store(memory_event_options options = {}) : options_(options) {}

    task<result<std::uint64_t>> append(std::string session, std::string stream, std::string data) override;
    task<result<std::vector<stored_event>>> after(std::string session, std::string stream,
                                                  std::uint64_t sequence) override;
    task<result<>> forget(std::string session) override;

private:
    struct session_events {
        std::map<std::string, std::deque<stored_event>> streams;
        std::map<std::string, std::uint64_t> last_sequence; // survives eviction: numbering never restarts
        std::deque<std::string> order;                      // stream of each stored event, oldest first
    };

    memory_event_options options_;
    std::mutex mutex_;
    std::unordered_map<std::string, session_events> sessions_;
};

} // namespace mcp::storage
