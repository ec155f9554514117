// key_cache: the issuer's key set as verification reads it, fetched on first use, swapped whole when a fetch
// brings a new one, refreshed when a token names a kid it lacks and when it has grown old.
//
//   get(nullptr)  keys cached -----------------------------------------> them (older than max_age: one
//                                                                       fetch started in the background)
//                 none cached: joins the fetch under way, or starts one --> its keys, or unavailable
//   get(seen)     (the caller's token named a kid that `seen` lacks)
//                 cached keys are not `seen` (refreshed meanwhile) -------> them
//                 a fetch is under way, or may start: joins or starts it -> its keys (or `seen` again)
//                 the last fetch started less than min_refresh_interval
//                 ago ----------------------------------------------------> `seen`: unknown_kid stands
//
// Invariants:
// - At most one fetch at a time, whatever the number of callers and threads; callers that need it share its
//   outcome. No fetch starts sooner than min_refresh_interval after the previous one started, whatever the
//   reason (a burst of unknown kids, an old set, an authorization server that is down), so no token can make
//   us hammer the authorization server. While no set is held (every request fails) that interval is
//   retry_without_keys instead, shorter, so that a server recovers soon after its authorization server does.
// - A failed fetch never replaces keys: callers keep the cached set; without one they get unavailable.
// - The set is a shared_ptr<key_set const>, replaced under a mutex that no I/O ever holds: verifying many
//   tokens at once takes the pointer and reads the set without a lock.
// - The fetch runs as a coroutine of its own on the cache's executor, so a caller that gives up does not
//   cancel it for the others; a caller is resumed on its own executor.
#pragma once

#include <mcp/auth/error.hpp>
#include <mcp/auth/jwk.hpp>
#include <mcp/core/task.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <functional>
#include <memory>

namespace mcp::auth {

using key_set_ptr = std::shared_ptr<key_set const>;

// One fetch of the key set (discovery included). Called by one coroutine at a time; may suspend. Its errors
// are logged and reach callers as unavailable.
using key_fetch = std::function<task<result<key_set>>()>;

struct refresh_policy {
    std::chrono::seconds min_refresh_interval{30};
    std::chrono::seconds retry_without_keys{5}; // the interval instead, while no key set is held
    std::chrono::seconds max_age{3600};
    std::function<std::chrono::system_clock::time_point()> clock = std::chrono::system_clock::now;
};

// A handle: copies share one cache. Thread-safe. `ex`'s execution context must outlive the fetches.
class key_cache {
public:
    key_cache(boost::asio::any_io_executor ex, key_fetch fetch, refresh_policy policy);

    // The key set to verify with, as the diagram says. Suspends only when it waits for a fetch. Errors:
    // unavailable (no keys cached and none could be fetched now), never anything else.
    task<result<key_set_ptr>> get(key_set_ptr seen) const;

    struct state;

private:
    std::shared_ptr<state> state_;
};

} // namespace mcp::auth
