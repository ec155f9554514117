// session_cache: the sessions one streamable handler holds in this process, by id, and the idle sweep that
// drops them. Not the sessions themselves (http_session.hpp) nor where they live between requests (the
// stores): this process's copy of each, brought up to date with the store's record when another process
// changed it.
//
//   request --lookup(id)--> owned memory store at our revision? --yes--> the copy here
//                                 \--no--> store load() --none--> dropped here; nullptr (404)
//                                                       \--record--> the copy here, rebuilt or synced to it
//   sweep, every limits.ttl / 4 (10 ms to 60 s): a copy idle for limits.ttl (no request, no open stream) is
//   dropped and ended; a copy with an open stream refreshes its record's TTL instead.
//
// Invariants: at most one copy per id; a copy dropped from the table is ended (its requests cancelled, its
// streams closed) on its strand. With the handler's own stores (`owns_stores`: nobody else uses them) an idle
// session ends in the stores too; with stores other processes share, only this process's copy goes and the
// store's TTL expires the record. Thread-safe: the table is guarded by a mutex, no call suspends under it.
#pragma once

#include <mcp/core/task.hpp>
#include <mcp/protocol/error.hpp>
#include <mcp/storage/stores.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <functional>
#include <memory>
#include <string>

namespace mcp::storage {
class memory_session_store;
}

namespace mcp::http {

class http_session;

namespace detail {
struct session_table;
}

class session_cache {
public:
    // Makes this process's copy of a session that a store knows, named `id` (the handler's server, executor
    // and relay settings); the cache then restores the record into it.
    using rebuild = std::function<std::shared_ptr<http_session>(std::string const& id)>;

    // `stores`: both set. `owns_stores`: they are the handler's own memory stores (open_memory), so a request
    // is checked against a revision, not a copied record, and idle sessions end in the stores too. Starts the
    // idle sweep on `executor`; the sweep ends at its next tick after the cache is gone.
    session_cache(boost::asio::any_io_executor executor, storage::stores stores, bool owns_stores,
                  rebuild make);
    ~session_cache();
    session_cache(session_cache const&) = delete;
    session_cache& operator=(session_cache const&) = delete;

    // The copy of session `id` for a request, its idle time restarted; rebuilt from the store's record, or
    // synced to it (on the session's strand, suspending) when another process changed it. nullptr when the
    // store has no such session (unknown, expired or terminated): a copy still here is then dropped and
    // ended. Errors: the store's load().
    task<storage::result<std::shared_ptr<http_session>>> lookup(std::string id);
    // Adds a session this process created (initialize); it replaces a copy of the same id.
    void insert(std::shared_ptr<http_session> s);
    // Drops session `id` from this process and ends it for good: what its streams still carry is not stored,
    // its requests are cancelled, its streams closed. The stores are the caller's (DELETE terminates first).
    void erase(std::string const& id);
    // Closes every session's listening stream (graceful shutdown); requests in flight still answer.
    void shutdown();

    std::size_t size() const;
    // Every session held here has stored what it queued for its listening stream (http_session::quiet).
    bool quiet() const;
    bool owns_stores() const { return owns_stores_; }

private:
    task<std::shared_ptr<http_session>> live(storage::session_record const& record);
    std::shared_ptr<http_session> owned(std::string const& id);

    storage::stores stores_;
    bool owns_stores_;
    // stores_.sessions when owns_stores_: asked for a revision, not a copy, on each request.
    storage::memory_session_store* own_sessions_ = nullptr;
    rebuild make_;
    std::shared_ptr<detail::session_table> table_; // the sweep holds it weakly: gone with the cache
};

} // namespace mcp::http
