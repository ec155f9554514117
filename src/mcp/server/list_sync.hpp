// list_sync: one server's lists as the fleet agrees on them. It keeps the activation document of the state store
// (storage/state_store.hpp) and the catalog built from it (list_state.hpp), and converges on the store's
// revision: at once where the store pushes (PostgreSQL NOTIFY, memory), otherwise by one load() when a request
// comes in at least `check_interval` after the last look, and from a background loop on long-running servers.
// Between looks no request reads the store for this.
//
//   set_active --load, change, save (conditional; retried on conflict)--> store --push or look--> every instance
//   every instance: adopt(newer revision) --> build_catalog --> changed() (the server tells its sessions)
//
// Thread-safe: the document, the revision and the published catalog are guarded by one mutex; no store call is
// made under it. A revision older than the one adopted is never adopted (looks may finish out of order).
#pragma once

#include <mcp/core/task.hpp>
#include <mcp/protocol/error.hpp>
#include <mcp/server/list_state.hpp>
#include <mcp/storage/state_store.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace mcp::detail {

class list_sync : public std::enable_shared_from_this<list_sync> {
public:
    // `collect`: what the binary registers now (called on every rebuild). `changed`: the catalog changed
    // (called with no lock held, on whichever thread noticed).
    list_sync(std::function<definitions()> collect, std::function<void()> changed);

    // Serve from `store` under `key`, pushed changes handled on `ex`. A later call replaces the store only when
    // the current one is the default (use_store(.., true) marks a store set in code, which stays).
    void use_store(std::shared_ptr<storage::state_store> store, std::string key, boost::asio::any_io_executor ex,
                   std::chrono::milliseconds check_interval, bool fixed = false);
    // Stops serving from `store` when it is the one in use and not fixed (its front door ends); back to a
    // private memory store.
    void release_store(std::shared_ptr<storage::state_store> const& store);

    std::shared_ptr<catalog const> current() const;
    // The store served from now (a private memory one until a front door or the options give another).
    std::shared_ptr<storage::state_store> store() const;
    // The registry changed in this process: rebuild from the definitions and the adopted document.
    void definitions_changed();

    // Reads the store and adopts a newer revision. Errors are logged (the current catalog stays served).
    // `force`: when a look is already in flight, look once more after it (a push arrived meanwhile).
    task<> refresh(bool force = true);
    // refresh() when due: never loaded yet, or the store does not push and check_interval has passed.
    task<> refresh_if_due();
    // Looks when due, at once and then every check_interval, from a coroutine on `ex`, for as long as the returned
    // token lives (a long-running front door holds it; a store that pushes makes each look a no-op).
    std::shared_ptr<void> start_background(boost::asio::any_io_executor ex);

    // The server is going: no more rebuilds, no more calls of `collect` or `changed`, no more pushes. Looks
    // still in flight end without effect.
    void stop();

    // Sets the activation of a registered item in the store and adopts the result. Errors: the item is not
    // registered here (-32602), the store failed or conflicts never ended (-32603, saying what to do).
    task<result<>> set_active(list_kind kind, std::string name, bool active);

private:
    bool stopped() const;
    bool adopt(activation a, std::int64_t revision); // true when the catalog changed
    // Rebuilds the catalog from the definitions now (and `adopted`, when newer than ours); true when it changed.
    bool rebuild(std::optional<std::pair<activation, std::int64_t>> adopted);
    std::string key_snapshot() const;
    boost::asio::any_io_executor executor() const;
    task<std::optional<result<>>> try_set(list_kind kind, std::string const& name, bool active,
                                          definitions const& defined);

    std::function<definitions()> collect_;
    std::function<void()> changed_;

    std::mutex rebuild_mutex_; // one collect-and-install at a time, so an older collection never wins
    mutable std::mutex mutex_;
    std::shared_ptr<storage::state_store> store_;
    bool store_fixed_ = false;   // set in code: no front door replaces it
    bool store_default_ = true;  // the private memory store a server starts with
    std::shared_ptr<void> watch_;
    std::string key_;
    boost::asio::any_io_executor executor_;
    std::chrono::milliseconds check_interval_{10'000};
    bool pushes_ = false;
    bool loaded_ = false;
    bool refreshing_ = false;
    bool again_ = false;
    bool stopped_ = false;
    std::chrono::steady_clock::time_point last_look_{};
    activation activation_;
    std::int64_t revision_ = 0;
    std::shared_ptr<catalog const> catalog_;
};

} // namespace mcp::detail
