// fault_stores: a wrapper around any pair of stores that fails, delays or blocks chosen operations on demand,
// for tests of what the front doors do when a store misbehaves at the worst moment (a session that ends while an
// append is in flight, a save that fails after the handler ran, a store that hangs). Not a mock of a backend:
// every call that is let through goes to the real inner stores.
//
// Thread-safe: faults may be set and released from any thread. A blocked call waits on a timer of the executor
// it runs on and is woken through that executor, so it never races with its own coroutine when that executor is
// a strand or a one-thread io_context (as every caller in this framework is).
#pragma once

#include <mcp/storage/stores.hpp>

#include <boost/asio/steady_timer.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace mcp::storage::testing {

enum class store_op { create, load, save, terminate, append, after, forget };
inline constexpr std::size_t store_op_count = 7;

enum class fault_kind {
    none,  // the call goes through
    fail,  // the call returns errc::unavailable without reaching the store
    block, // the call waits until release(), then goes through
    delay, // the call waits `delay`, then goes through
    hold,  // the call goes through, then its answer waits until release()
};

class fault_stores : public std::enable_shared_from_this<fault_stores> {
public:
    static std::shared_ptr<fault_stores> wrap(stores inner);

    // The stores to hand to the code under test; they keep this controller alive.
    stores outer();

    // From now on, `op` behaves as `kind` (for `delay`: waits `delay` first). `times`: for this many calls, then
    // back to none; 0 means until set again.
    void set(store_op op, fault_kind kind, std::size_t times = 0,
             std::chrono::milliseconds delay = std::chrono::milliseconds(0));
    // Wakes every blocked or held call (they go through) and turns every `block` and `hold` fault back to none.
    void release();
    // Calls of `op` made so far, and calls waiting in `block` or `hold` now.
    std::size_t calls(store_op op) const;
    std::size_t blocked() const;

    // What the outer stores call around each operation. enter(): an error for `fail`, after waiting for
    // `block` and `delay`; leave(), after the call: waits until release() on a `hold`.
    struct entry {
        bool hold = false;
        std::uint64_t generation = 0; // of release() when the rule was taken
    };
    task<result<entry>> enter(store_op op);
    task<> leave(entry e);

private:
    struct rule {
        fault_kind kind = fault_kind::none;
        std::size_t times = 0;
        std::chrono::milliseconds delay{0};
        std::uint64_t generation = 0; // of release() when the rule was taken
    };
    explicit fault_stores(stores inner) : inner_(std::move(inner)) {}
    rule take(store_op op);
    task<> wait_released(std::uint64_t generation);

    stores inner_;
    mutable std::mutex mutex_;
    std::array<rule, store_op_count> rules_{};
    std::array<std::size_t, store_op_count> calls_{};
    std::vector<std::weak_ptr<boost::asio::steady_timer>> waiting_;
    std::uint64_t generation_ = 0; // bumped by release()
};

} // namespace mcp::storage::testing
