// credential_provider's cache with a scripted fetch and a clock the tests move (no sockets): when it fetches,
// that concurrent callers share one fetch, and that a failed refresh keeps credentials that are still valid.
#include <mcp/aws/credential_provider.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <mutex>

namespace {

namespace asio = boost::asio;
using namespace mcp::aws;
using namespace std::chrono;
using mcp::task;

// A source that hands out "AKID<n>" for the n-th fetch, expiring `lifetime` after the clock's now, or fails
// when told to; each fetch takes `delay` (a timer), so concurrent callers overlap.
struct scripted_source {
    std::atomic<int> fetches{0};
    std::atomic<bool> failing{false};
    std::mutex mutex;
    system_clock::time_point now = system_clock::now();
    seconds lifetime{3600};
    milliseconds delay{0};

    system_clock::time_point clock() {
        std::lock_guard lock(mutex);
        return now;
    }
    void advance(seconds by) {
        std::lock_guard lock(mutex);
        now += by;
    }

    credential_provider provider(refresh_options o = {}) {
        o.clock = [this] { return clock(); };
        return credential_provider(
            "the scripted source", [this] { return fetch(); }, o);
    }

    task<result<credentials>> fetch() {
        int const n = ++fetches;
        if (delay.count() > 0) {
            auto const ex = co_await asio::this_coro::executor;
            asio::steady_timer timer(ex, delay);
            co_await timer.async_wait(asio::use_awaitable);
        }
        if (failing) {
            co_return error(errc::unavailable, "the scripted source: down");
        }
        co_return credentials{.access_key_id = "AKID" + std::to_string(n),
                              .secret_access_key = "secret" + std::to_string(n),
                              .session_token = "token",
                              .expiration = clock() + lifetime};
    }
};

template <class T>
T run(asio::io_context& io, task<T> t) {
    auto f = asio::co_spawn(io, std::move(t), asio::use_future);
    io.restart();
    io.run();
    return f.get();
}

std::string key_now(asio::io_context& io, credential_provider const& p) {
    auto c = run(io, p.get());
    return c ? c->access_key_id : "error: " + c.error().message();
}

TEST(CredentialProvider, FixedCredentialsAreReturnedAsGiven) {
    asio::io_context io;
    credential_provider const p(credentials{.access_key_id = "AKIAFIXEDEXAMPLE", .secret_access_key = "s"});
    EXPECT_EQ(key_now(io, p), "AKIAFIXEDEXAMPLE");
    EXPECT_EQ(p.describe(), "fixed credentials, AKIA********MPLE (no session token)");
}

TEST(CredentialProvider, NoneConfiguredIsMissingConfiguration) {
    asio::io_context io;
    credential_provider const none;
    credential_provider const empty(credentials{.access_key_id = "AKID"});
    EXPECT_FALSE(none);
    EXPECT_FALSE(empty) << "a key id without a secret is no credentials";
    auto c = run(io, none.get());
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().code(), errc::missing_configuration);
}

TEST(CredentialProvider, CachedUntilTheRefreshWindow) {
    asio::io_context io;
    scripted_source src;
    auto p = src.provider();
    EXPECT_EQ(key_now(io, p), "AKID1");
    src.advance(seconds(3600 - 301));
    EXPECT_EQ(key_now(io, p), "AKID1");
    EXPECT_EQ(src.fetches, 1);
}

TEST(CredentialProvider, InTheRefreshWindowTheOldAreUsedWhileOneRefreshRuns) {
    asio::io_context io;
    scripted_source src;
    auto p = src.provider();
    EXPECT_EQ(key_now(io, p), "AKID1");
    src.advance(seconds(3600 - 299)); // 4 min 59 s before Expiration
    EXPECT_EQ(key_now(io, p), "AKID1") << "still valid: returned at once";
    EXPECT_EQ(src.fetches, 2) << "one refresh started in the background (run() drained it)";
    EXPECT_EQ(key_now(io, p), "AKID2");
    EXPECT_EQ(src.fetches, 2);
}

TEST(CredentialProvider, ExpiredCredentialsAreFetchedBeforeUse) {
    asio::io_context io;
    scripted_source src;
    auto p = src.provider();
    EXPECT_EQ(key_now(io, p), "AKID1");
    src.advance(seconds(3601));
    EXPECT_EQ(key_now(io, p), "AKID2");
}

TEST(CredentialProvider, ConcurrentCallersShareOneFetch) {
    asio::thread_pool pool(4);
    scripted_source src;
    src.delay = milliseconds(50);
    auto p = src.provider();
    std::vector<std::future<result<credentials>>> calls;
    for (int i = 0; i < 32; ++i) {
        calls.push_back(asio::co_spawn(pool, p.get(), asio::use_future));
    }
    for (auto& f : calls) {
        auto c = f.get();
        ASSERT_TRUE(c) << c.error().message();
        EXPECT_EQ(c->access_key_id, "AKID1");
    }
    EXPECT_EQ(src.fetches, 1);
    pool.join();
}

TEST(CredentialProvider, AFailedRefreshKeepsValidCredentialsAndWaitsBeforeTheNext) {
    asio::io_context io;
    scripted_source src;
    auto p = src.provider({.refresh_before = seconds(300), .retry_after = seconds(10)});
    EXPECT_EQ(key_now(io, p), "AKID1");
    src.failing = true;
    src.advance(seconds(3600 - 200));
    EXPECT_EQ(key_now(io, p), "AKID1");
    EXPECT_EQ(src.fetches, 2) << "the refresh was tried";
    src.advance(seconds(5));
    EXPECT_EQ(key_now(io, p), "AKID1");
    EXPECT_EQ(src.fetches, 2) << "no new attempt within retry_after";
    src.advance(seconds(6));
    EXPECT_EQ(key_now(io, p), "AKID1");
    EXPECT_EQ(src.fetches, 3);
    src.failing = false;
    EXPECT_EQ(key_now(io, p), "AKID1") << "the refresh that succeeded waits for retry_after too";
    src.advance(seconds(11));
    EXPECT_EQ(key_now(io, p), "AKID1") << "valid: returned while the refresh runs";
    EXPECT_EQ(key_now(io, p), "AKID4");
}

TEST(CredentialProvider, AFailureWithNothingValidIsTheCallersError) {
    asio::io_context io;
    scripted_source src;
    auto p = src.provider();
    EXPECT_EQ(key_now(io, p), "AKID1");
    src.failing = true;
    src.advance(seconds(3601));
    auto c = run(io, p.get());
    ASSERT_FALSE(c) << "expired credentials are never returned";
    EXPECT_EQ(c.error().message(), "the scripted source: down");
    EXPECT_EQ(src.fetches, 2);
    run(io, p.get());
    EXPECT_EQ(src.fetches, 3) << "with nothing valid, every caller may fetch (one at a time)";
}

TEST(CredentialProvider, DescribeNeverShowsTheSecret) {
    asio::io_context io;
    scripted_source src;
    auto p = src.provider();
    EXPECT_EQ(p.describe(), "the scripted source");
    key_now(io, p);
    EXPECT_EQ(p.describe(), "the scripted source, ***** (with session token)");
    EXPECT_EQ(p.describe().find("secret1"), std::string::npos);
}

} // namespace
