// sqlite_database: the connections to one store file and the private threads that use them, so that SQLite's
// disk work never runs on an Asio I/O thread. Shared (shared_ptr) by the session, event and task stores that
// open_sqlite returns. Not a general connection pool.
//
//   store coroutine (caller's executor)
//     --co_spawn--> a pool thread leases a connection
//                     write: this process's write turn, BEGIN IMMEDIATE, work, COMMIT (or ROLLBACK)
//                     read:  work (one SELECT: its own consistent snapshot)
//     <-- the caller resumes on its own executor with the work's result
//
// Invariants:
//  - every write operation is one transaction: it happens entirely or not at all, whatever other threads or
//    processes do; BEGIN IMMEDIATE takes the file's write lock first, so a transaction never fails half way
//    because another writer got in (SQLITE_BUSY_SNAPSHOT);
//  - writers of this process wait for each other on a mutex (SQLite's busy handler would sleep in steps of
//    milliseconds); writers of other processes on the same file are waited for up to busy_timeout;
//  - nothing throws out: an exception in the work (a bug, or memory exhausted) is errc::unavailable.
#pragma once

#include <mcp/core/task.hpp>
#include <mcp/storage/sqlite/sqlite_connection.hpp>
#include <mcp/storage/sqlite/sqlite_store.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>
#include <exception>
#include <functional>
#include <mutex>
#include <vector>

namespace mcp::storage::detail {

enum class sqlite_access { read, write };

// The connections and this process's write turn; kept alive by the operations in flight.
class sqlite_pool {
public:
    sqlite_pool(sqlite_options options, std::vector<std::unique_ptr<sqlite_connection>> connections);

    // Runs `work` on a leased connection, in a write transaction for sqlite_access::write. Blocks: call it on
    // a pool thread only.
    template <class T>
    result<T> run_now(std::function<result<T>(sqlite_connection&)> const& work, sqlite_access access);

    sqlite_options const& options() const { return options_; }
    // When create() last looked for orphaned events (sqlite_purge.hpp); Unix milliseconds.
    std::atomic<std::int64_t> last_orphan_sweep{0};

private:
    class lease;

    sqlite_options options_;
    std::mutex idle_mutex_;
    std::vector<std::unique_ptr<sqlite_connection>> idle_;
    std::mutex write_turn_;
};

// One connection for one operation and, for a write, the transaction around it.
class sqlite_pool::lease {
public:
    lease(sqlite_pool& pool, sqlite_access access);
    lease(lease const&) = delete;
    lease& operator=(lease const&) = delete;
    ~lease(); // rolls back an unfinished transaction; gives the connection back

    result<sqlite_connection*> begin();
    // Commits when `keep`, else rolls back.
    result<> end(bool keep);

private:
    sqlite_pool& pool_;
    sqlite_access access_;
    std::unique_lock<std::mutex> write_turn_;
    std::unique_ptr<sqlite_connection> connection_;
    bool in_transaction_ = false;
};

template <class T>
result<T> sqlite_pool::run_now(std::function<result<T>(sqlite_connection&)> const& work,
                               sqlite_access access) {
    try {
        lease l(*this, access);
        auto connection = l.begin();
        if (!connection)
            return connection.error();
        result<T> out = work(**connection);
        // A refusal (conflict, limit) keeps what the work did before deciding (the purge of expired
        // sessions).
        bool keep = out || out.error().code() == errc::conflict || out.error().code() == errc::session_limit;
        if (auto ended = l.end(keep); !ended)
            return ended.error();
        return out;
    } catch (std::exception const& e) { // the lease rolled back
        return error(errc::unavailable,
                     "SQLite store " + options_.path + ": unexpected failure: " + e.what());
    }
}

template <class T>
task<result<T>> sqlite_job(std::shared_ptr<sqlite_pool> pool,
                           std::function<result<T>(sqlite_connection&)> work, sqlite_access access) {
    co_return pool->run_now(work, access);
}

class sqlite_database {
public:
    // Opens the file (creating it), switches it to WAL, creates or migrates the schema and opens one
    // connection per thread. Blocks on disk: call it at start-up, not on an I/O thread.
    static result<std::shared_ptr<sqlite_database>> open(sqlite_options options);
    sqlite_database(sqlite_database const&) = delete;
    sqlite_database& operator=(sqlite_database const&) = delete;
    ~sqlite_database(); // waits for the operations in flight

    // The operation that runs `work` on a pool thread; awaiting it resumes the caller on its own executor
    // with the result. Not a coroutine: callers keep the returned operation in a named local and co_await
    // that (g++ 12 destroys some temporaries of a co_await expression twice).
    // The caller's cancellation is not passed to the store's threads: a SQLite call cannot be interrupted,
    // and Asio 1.81 would throw the cancellation out of the pool thread once the call returned (std::terminate).
    // A cancelled caller still gets the result, and drops it.
    template <class T>
    task<result<T>> run(std::function<result<T>(sqlite_connection&)> work, sqlite_access access) {
        return boost::asio::co_spawn(
            threads_, sqlite_job<T>(pool_, std::move(work), access),
            boost::asio::bind_cancellation_slot(boost::asio::cancellation_slot(), boost::asio::use_awaitable));
    }

    // For work that needs the options or the sweep clock: a job keeps the pool alive while it runs.
    std::shared_ptr<sqlite_pool> const& pool() const { return pool_; }

private:
    explicit sqlite_database(std::shared_ptr<sqlite_pool> pool);

    std::shared_ptr<sqlite_pool> pool_;
    boost::asio::thread_pool threads_;
};

} // namespace mcp::storage::detail
