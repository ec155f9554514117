// pg_listener: how the PostgreSQL state store pushes (internal to storage/postgres). One libpq connection of
// its own, not from the pool (a pool connection runs other work and is never left waiting on its socket),
// that runs `LISTEN <channel>` and hands each notification's payload (the saved key) to every live watcher.
// Not a general LISTEN/NOTIFY client: one channel, payloads only.
//
//   first watch() --> starts the listener thread (an io_context of its own)
//                       | connect, LISTEN <channel> (blocking libpq calls, bounded by the endpoint's
//                       timeouts) | tell every watcher "" (saves made while nobody listened were not heard)
//                       | wait until the socket is readable (Asio, a descriptor that does not own the socket)
//                       | PQconsumeInput, then every PQnotifies: tell every watcher the key
//                       | connection lost: log, connect again at once, then 100 ms doubling to 5 s between
//                       tries
//                       +-- until the listener is destroyed (it outlives its watchers: at most one
//                       connection)
//
// The pool's workers are plain threads blocked on a queue, not an executor, so the listener has its own
// thread. Watchers run on it, one after another and outside any lock: they must not block (a slow one delays
// the others' notices) and must not destroy the store that owns the listener; they may call watch() or drop a
// token. NOTIFY is delivered only after the saving transaction commits, so a watcher that loads at once sees
// the save it was told of (or a later one).
#pragma once

#include <mcp/core/task.hpp>
#include <mcp/storage/postgres/pg_connection.hpp>
#include <mcp/storage/state_store.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace mcp::storage::detail {

class pg_listener {
public:
    // `channel` must be a lower-case identifier (pg_statements::state_channel). Connects nothing yet.
    pg_listener(pg_endpoint endpoint, std::string channel);
    // Stops the thread (waiting for a connection attempt in progress, at most connect_timeout) and closes the
    // connection; no watcher runs once it returns. Never call it from a watcher.
    ~pg_listener();
    pg_listener(pg_listener const&) = delete;
    pg_listener& operator=(pg_listener const&) = delete;

    // Calls `changed` with the key of every save heard, and with "" after each (re)connection, while the
    // returned token lives. Thread-safe; does not block (the first call starts the listener thread).
    std::shared_ptr<void> watch(state_store::watcher changed);

private:
    task<void> listen();
    result<> start_listening();
    task<error> hear();
    void stop_hearing();
    void tell(std::string const& key);

    pg_endpoint endpoint_;
    std::string channel_;
    std::mutex mutex_;
    std::vector<std::weak_ptr<state_store::watcher>> watchers_; // guarded by mutex_
    // The rest is the listener thread's alone (the destructor touches it only once that thread has ended).
    // connection_ is declared before io_ so that it is closed after the io_context, and with it every wait
    // on its socket, is gone.
    pg_connection connection_;
    boost::asio::io_context io_;
    std::optional<boost::asio::posix::stream_descriptor> socket_; // connection_'s socket, not owned
    std::thread thread_;                                          // started under mutex_ by the first watch()
};

} // namespace mcp::storage::detail
