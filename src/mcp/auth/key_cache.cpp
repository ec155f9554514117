// The key cache: one mutex over the current set, the one fetch under way and the callers waiting for it
// (completion handlers, each completed on its caller's executor).
#include <mcp/auth/key_cache.hpp>

#include <mcp/core/log.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/append.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <mutex>
#include <optional>
#include <vector>

namespace mcp::auth {

namespace asio = boost::asio;
using time_point = std::chrono::system_clock::time_point;

namespace {

struct key_waiter {
    asio::any_io_executor executor;
    asio::any_completion_handler<void(result<key_set_ptr>)> handler;

    void complete(result<key_set_ptr> r) {
        asio::post(executor, asio::append(std::move(handler), std::move(r)));
    }
};

} // namespace

struct key_cache::state {
    asio::any_io_executor executor;
    key_fetch fetch;
    refresh_policy policy;

    std::mutex mutex;
    key_set_ptr keys;
    time_point fetched_at{};
    std::optional<time_point> last_start;
    bool fetching = false;
    std::string last_failure = "no key set fetched yet";
    std::vector<key_waiter> waiters;

    // What get() does, decided under the lock: an outcome now (none: wait for the fetch), and whether the
    // caller starts the fetch.
    struct decision {
        std::optional<result<key_set_ptr>> now;
        bool start = false;
    };

    bool may_start_locked(time_point now) const {
        // A clock set back counts as the interval passed, rather than no refresh for that long.
        auto const interval = keys ? policy.min_refresh_interval
                                   : std::min(policy.min_refresh_interval, policy.retry_without_keys);
        return !fetching && (!last_start || now < *last_start || now - *last_start >= interval);
    }

    decision decide_locked(key_set_ptr const& seen) {
        auto const now = policy.clock();
        bool const may_start = may_start_locked(now);
        decision d;
        if (keys && keys != seen) {
            d.start = may_start && now - fetched_at >= policy.max_age; // old: refreshed in the background
            d.now = keys;
        } else if (fetching || may_start) {
            d.start = may_start;
        } else if (keys) {
            d.now = keys; // refreshed too recently: the unknown kid stands
        } else {
            d.now = error(errc::unavailable, "no key set: " + last_failure);
        }
        if (d.start) {
            fetching = true;
            last_start = now;
        }
        return d;
    }

    void finish(result<key_set> fetched) {
        std::vector<key_waiter> done;
        result<key_set_ptr> outcome = key_set_ptr();
        {
            std::lock_guard lock(mutex);
            fetching = false;
            if (fetched) {
                keys = std::make_shared<key_set const>(std::move(*fetched));
                fetched_at = policy.clock();
            } else {
                last_failure = fetched.error().message();
            }
            outcome =
                keys ? result<key_set_ptr>(keys) : error(errc::unavailable, "no key set: " + last_failure);
            done.swap(waiters);
        }
        if (!fetched)
            log::warn("auth: fetching the key set failed{}: {}",
                      outcome ? "; the cached set stays in use" : "", fetched.error().message());
        for (auto& w : done)
            w.complete(outcome);
    }
};

namespace {

using state_ptr = std::shared_ptr<key_cache::state>;

task<void> run_fetch(state_ptr s) {
    // Completes the waiters if this coroutine is destroyed before the fetch ends (its context shut down).
    struct unfinished {
        state_ptr s;
        bool done = false;
        ~unfinished() {
            if (!done)
                s->finish(error(errc::unavailable, "the key set fetch was cancelled"));
        }
    } guard{s};
    result<key_set> fetched = error(errc::unavailable, "the key set fetch returned nothing");
    try {
        fetched = co_await s->fetch();
    } catch (std::exception const&) {
        // Never the exception's text: it could quote an answer. Fetches return their failures as values.
        fetched = error(errc::unavailable, "the key set fetch threw an exception");
    }
    guard.done = true;
    s->finish(std::move(fetched));
}

void start_fetch(state_ptr const& s) {
    asio::co_spawn(s->executor, run_fetch(s), asio::detached);
}

// Waits for the fetch under way, or starts it, unless the decision, taken again under the lock, has an
// outcome now (the fetch ended between get()'s first look and this one).
template <class Token>
auto join_fetch(state_ptr s, key_set_ptr seen, asio::any_io_executor ex, Token&& token) {
    auto initiation = [s = std::move(s), seen = std::move(seen), ex = std::move(ex)](auto handler) {
        key_waiter w{.executor = ex, .handler = std::move(handler)};
        std::unique_lock lock(s->mutex);
        auto d = s->decide_locked(seen);
        if (!d.now)
            s->waiters.push_back(std::move(w));
        lock.unlock();
        if (d.start)
            start_fetch(s);
        if (d.now)
            w.complete(std::move(*d.now));
    };
    return asio::async_initiate<Token, void(result<key_set_ptr>)>(std::move(initiation), token);
}

task<result<key_set_ptr>> get_keys(state_ptr s, key_set_ptr seen) {
    {
        std::unique_lock lock(s->mutex);
        auto const now = s->policy.clock();
        // The common case, decided without touching the fetch: fresh keys the caller has not found lacking.
        if (s->keys && s->keys != seen && now - s->fetched_at < s->policy.max_age)
            co_return s->keys;
    }
    auto const ex = co_await asio::this_coro::executor;
    co_return co_await join_fetch(s, std::move(seen), ex, asio::use_awaitable);
}

} // namespace

key_cache::key_cache(asio::any_io_executor ex, key_fetch fetch, refresh_policy policy)
    : state_(std::make_shared<state>()) {
    state_->executor = std::move(ex);
    state_->fetch = std::move(fetch);
    state_->policy = std::move(policy);
}

task<result<key_set_ptr>> key_cache::get(key_set_ptr seen) const {
    return get_keys(state_, std::move(seen));
}

} // namespace mcp::auth
