// The cache of credential_provider: one mutex, the cached credentials, the one fetch under way and the
// callers waiting for it (completion handlers, each completed on its own executor).
#include <mcp/aws/credential_provider.hpp>

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

namespace mcp::aws {

namespace asio = boost::asio;
using time_point = std::chrono::system_clock::time_point;

// A caller waiting for the fetch: its handler, completed on the caller's executor.
struct waiter {
    asio::any_io_executor executor;
    asio::any_completion_handler<void(result<credentials>)> handler;

    void complete(result<credentials> r) {
        asio::post(executor, asio::append(std::move(handler), std::move(r)));
    }
};

namespace {

bool valid(credentials const& c, time_point now) {
    return !c.expiration || now < *c.expiration;
}

bool fresh(credentials const& c, time_point now, std::chrono::seconds refresh_before) {
    return !c.expiration || now < *c.expiration - refresh_before;
}

} // namespace

struct credential_provider::state {
    std::string source;
    credential_fetch fetch; // empty for fixed credentials
    refresh_options options;

    std::mutex mutex;
    std::optional<credentials> cached;
    bool fetching = false;
    time_point no_refresh_before{};
    std::vector<waiter> waiters;

    // What get() does, decided under the lock: the credentials to return now, if any, and whether the caller
    // starts the fetch (in the background when it returns credentials, else before it waits).
    struct decision {
        std::optional<credentials> now;
        bool start_fetch = false;
    };

    // may_wait false: nullopt and no change when the caller would have to wait.
    decision decide_locked(time_point now, bool may_wait) {
        if (!fetch || (cached && fresh(*cached, now, options.refresh_before))) {
            return {.now = cached};
        }
        if (cached && valid(*cached, now)) {
            bool const start = !fetching && now >= no_refresh_before;
            fetching = fetching || start;
            return {.now = cached, .start_fetch = start};
        }
        if (!may_wait) {
            return {};
        }
        bool const start = !fetching;
        fetching = true;
        return {.start_fetch = start};
    }

    // The fetch ended: keep what it brought (or the still valid credentials it failed to replace) and
    // complete every waiter with it.
    void finish(result<credentials> fetched) {
        std::vector<waiter> done;
        result<credentials> outcome = fetched;
        bool kept_old = false;
        {
            std::lock_guard lock(mutex);
            auto const now = options.clock();
            fetching = false;
            no_refresh_before = now + options.retry_after;
            if (fetched) {
                cached = *fetched;
            } else if (cached && valid(*cached, now)) {
                outcome = *cached;
                kept_old = true;
            }
            done.swap(waiters);
        }
        if (kept_old) {
            log::warn(
                "AWS credentials: refreshing them from {} failed; the cached ones stay in use until they "
                "expire: {}",
                source, fetched.error().message());
        }
        for (auto& w : done) {
            w.complete(outcome);
        }
    }
};

namespace {

using state_ptr = std::shared_ptr<credential_provider::state>;

task<void> run_fetch(state_ptr s) {
    // Completes the waiters if this coroutine is destroyed before the fetch ends (its context shut down).
    struct unfinished {
        state_ptr s;
        bool done = false;
        ~unfinished() {
            if (!done) {
                s->finish(error(errc::unavailable,
                                "AWS credentials from " + s->source + ": the fetch was cancelled"));
            }
        }
    } guard{s};
    result<credentials> fetched =
        error(errc::unavailable, "AWS credentials from " + s->source + ": no answer");
    try {
        fetched = co_await s->fetch();
    } catch (std::exception const&) {
        // Never the exception's text: it could quote an answer. The sources return their failures as values.
        fetched =
            error(errc::unavailable, "AWS credentials from " + s->source + ": the fetch threw an exception");
    }
    guard.done = true;
    s->finish(std::move(fetched));
}

void start_fetch(asio::any_io_executor const& ex, state_ptr const& s) {
    asio::co_spawn(ex, run_fetch(s), asio::detached);
}

// Waits for the fetch under way, or starts it, unless valid credentials arrived since decide().
template <class Token>
auto join_fetch(state_ptr s, asio::any_io_executor ex, Token&& token) {
    auto initiation = [s = std::move(s), ex = std::move(ex)](auto handler) {
        waiter w{.executor = ex, .handler = std::move(handler)};
        std::unique_lock lock(s->mutex);
        auto d = s->decide_locked(s->options.clock(), true);
        if (d.now) {
            lock.unlock();
            if (d.start_fetch) {
                start_fetch(ex, s);
            }
            w.complete(std::move(*d.now));
            return;
        }
        s->waiters.push_back(std::move(w));
        lock.unlock();
        if (d.start_fetch) {
            start_fetch(ex, s);
        }
    };
    return asio::async_initiate<Token, void(result<credentials>)>(std::move(initiation), token);
}

task<result<credentials>> get_credentials(state_ptr s) {
    auto const ex = co_await asio::this_coro::executor;
    state_ptr::element_type::decision d;
    {
        std::lock_guard lock(s->mutex);
        d = s->decide_locked(s->options.clock(), false);
    }
    if (!d.now) {
        co_return co_await join_fetch(s, ex, asio::use_awaitable);
    }
    if (d.start_fetch) {
        start_fetch(ex, s);
    }
    co_return std::move(*d.now);
}

task<result<credentials>> none_configured() {
    co_return error(errc::missing_configuration, "AWS credentials: none configured");
}

} // namespace

credential_provider::credential_provider(credentials fixed)
    : credential_provider(std::move(fixed), "fixed credentials") {}

credential_provider::credential_provider(credentials fixed, std::string source) {
    if (fixed.access_key_id.empty() || fixed.secret_access_key.empty()) {
        return; // no credentials, as default-constructed
    }
    state_ = std::make_shared<state>();
    state_->source = std::move(source);
    state_->cached = std::move(fixed);
}

credential_provider::credential_provider(std::string source, credential_fetch fetch, refresh_options o)
    : state_(std::make_shared<state>()) {
    state_->source = std::move(source);
    state_->fetch = std::move(fetch);
    state_->options = std::move(o);
}

task<result<credentials>> credential_provider::get() const {
    if (!state_) {
        return none_configured();
    }
    return get_credentials(state_);
}

std::string credential_provider::describe() const {
    if (!state_) {
        return "no credentials";
    }
    std::lock_guard lock(state_->mutex);
    return state_->source + (state_->cached ? ", " + redacted(*state_->cached) : "");
}

} // namespace mcp::aws
