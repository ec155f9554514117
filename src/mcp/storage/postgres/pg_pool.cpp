// pg_pool: the worker threads, their queue and the reconnect policy (see pg_pool.hpp).
#include <mcp/storage/postgres/pg_pool.hpp>
#include <mcp/storage/session_store.hpp>

namespace mcp::storage::detail {

pg_pool::pg_pool(pg_pool_options options) : options_(std::move(options)) {
    auto threads = std::max<std::size_t>(options_.threads, 1);
    workers_.reserve(threads);
    for (std::size_t i = 0; i < threads; ++i)
        workers_.emplace_back([this] { work(); });
}

pg_pool::~pg_pool() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& w : workers_)
        w.join();
    for (auto& j : queue_) // only when a caller let the stores die before its operations ended
        j->fail(error(errc::unavailable, "PostgreSQL store closed before the operation ran"));
}

void pg_pool::submit(std::unique_ptr<job> j) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(j));
    }
    wake_.notify_one();
}

std::unique_ptr<pg_pool::job> pg_pool::next() {
    std::unique_lock lock(mutex_);
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (stopping_)
        return nullptr;
    auto j = std::move(queue_.front());
    queue_.pop_front();
    return j;
}

// Each worker owns its connection for its whole life: no connection is ever shared between threads, and a
// transaction never leaves the thread that began it.
void pg_pool::work() {
    pg_connection connection;
    while (auto j = next()) {
        if (auto ok = ready(connection); !ok) {
            j->fail(ok.error());
            continue;
        }
        connection.set_deadline(pg_clock::now() + options_.endpoint.query_timeout);
        j->execute(connection);
    }
}

result<> pg_pool::ready(pg_connection& c) {
    if (!c.alive()) {
        if (auto connected = reconnect(c); !connected)
            return connected;
    }
    if (set_up_.load())
        return {};
    c.set_deadline(pg_clock::now() + options_.endpoint.query_timeout);
    if (options_.setup) {
        auto done = options_.setup(c);
        if (!done)
            return done;
    }
    set_up_.store(true);
    return {};
}

// After a failed attempt, operations fail at once with the same error for a short hold-off (the connect
// timeout, at most a second) instead of each waiting out its own connect timeout: a burst of requests while
// the database is down gets its 503s quickly, and the database is not hammered when it comes back.
result<> pg_pool::reconnect(pg_connection& c) {
    auto hold_off = std::min<pg_clock::duration>(options_.endpoint.connect_timeout, std::chrono::seconds(1));
    {
        std::lock_guard lock(mutex_);
        if (last_failure_ && pg_clock::now() - last_failure_->first < hold_off)
            return last_failure_->second;
    }
    auto connected = c.connect(options_.endpoint);
    std::lock_guard lock(mutex_);
    if (connected)
        last_failure_.reset();
    else
        last_failure_.emplace(pg_clock::now(), connected.error());
    return connected;
}

} // namespace mcp::storage::detail
