// session_cache on its own: sessions made here, in-memory stores, one io_context thread, no handler.
#include <mcp/http/session_cache.hpp>

#include <mcp/http/http_session.hpp>
#include <mcp/storage/memory/memory_store.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <gtest/gtest.h>

#include <optional>

namespace {

using namespace std::chrono_literals;
using mcp::http::http_session;
using mcp::http::session_cache;

class session_cache_test : public ::testing::Test {
protected:
    // Runs `t` on the test's io_context until it completes (the sweep's timer keeps the context busy).
    template <class T>
    T wait(mcp::task<T> t) {
        std::optional<T> out;
        boost::asio::co_spawn(io, std::move(t), [&out](std::exception_ptr e, T value) {
            if (e)
                std::rethrow_exception(e);
            out = std::move(value);
        });
        while (!out)
            io.run_one();
        return std::move(*out);
    }
    // Lets `d` of timers fire.
    void run_for(std::chrono::milliseconds d) {
        io.restart();
        io.run_for(d);
    }
    std::unique_ptr<session_cache> make_cache(mcp::storage::stores const& s, bool owns) {
        auto rebuild = [this, events = s.events](std::string const& id) {
            ++rebuilt;
            return http_session::create(srv, io.get_executor(), events, id, 0ms);
        };
        return std::make_unique<session_cache>(io.get_executor(), s, owns, rebuild);
    }
    // A session in `s`, held by `cache` at the store's revision (as initialize leaves it).
    std::shared_ptr<http_session> created(session_cache& cache, mcp::storage::stores const& s) {
        auto session = http_session::create(srv, io.get_executor(), s.events, std::nullopt, 0ms);
        EXPECT_TRUE(wait(s.sessions->create({.id = session->id()})));
        session->set_synced_revision(wait(s.sessions->load(session->id())).value()->revision);
        cache.insert(session);
        return session;
    }
    bool in_store(mcp::storage::stores const& s, std::string const& id) {
        return wait(s.sessions->load(id)).value().has_value();
    }
    // Opens the session's listening stream on its strand.
    std::shared_ptr<mcp::http::sse_stream> listen(std::shared_ptr<http_session> const& s) {
        std::shared_ptr<mcp::http::sse_stream> stream;
        boost::asio::post(s->strand(), [&] { stream = s->standalone(); });
        while (!stream)
            io.run_one();
        return stream;
    }

    boost::asio::io_context io;
    mcp::server srv{{.name = "cache", .version = "1"}};
    // The handler's own stores, whose sessions expire (and are swept) after 100 ms.
    mcp::storage::stores own = mcp::storage::open_memory({.ttl = 100ms});
    int rebuilt = 0;
};

TEST_F(session_cache_test, AnIdleSessionIsDroppedAfterTheTtl) {
    auto cache = make_cache(own, true);
    created(*cache, own);
    run_for(20ms);
    EXPECT_EQ(cache->size(), 1u) << "not idle for the TTL yet";
    run_for(400ms);
    EXPECT_EQ(cache->size(), 0u);
}

TEST_F(session_cache_test, AnIdleSessionEndsInTheCachesOwnStores) {
    auto cache = make_cache(own, true);
    auto id = created(*cache, own)->id();
    wait(own.events->append(id, "listen", "{}"));
    run_for(400ms);
    EXPECT_FALSE(in_store(own, id));
    EXPECT_TRUE(wait(own.events->after(id, "listen", 0)).value().empty()) << "its events are forgotten";
}

TEST_F(session_cache_test, AnIdleCopyOfASharedSessionGoesButTheStoreKeepsIt) {
    auto shared = mcp::storage::open_memory(); // sessions kept for an hour
    shared.limits.ttl = 100ms;                 // what this process's sweep reads
    auto cache = make_cache(shared, false);
    auto id = created(*cache, shared)->id();
    run_for(400ms);
    EXPECT_EQ(cache->size(), 0u);
    EXPECT_TRUE(in_store(shared, id)) << "another process may be serving it";
}

TEST_F(session_cache_test, ASessionInUseIsKept) {
    auto cache = make_cache(own, true);
    auto id = created(*cache, own)->id();
    for (int i = 0; i < 10; ++i) {
        run_for(25ms);
        ASSERT_TRUE(wait(cache->lookup(id)).value()) << "after " << (i + 1) * 25 << " ms";
    }
    EXPECT_EQ(cache->size(), 1u);
}

TEST_F(session_cache_test, ASessionWithAnOpenStreamIsKeptAndItsRecordRefreshed) {
    auto cache = make_cache(own, true);
    auto s = created(*cache, own);
    {
        http_session::stream_guard open(*s);
        run_for(400ms); // four TTLs: the record lives only because the sweep refreshes it
        EXPECT_EQ(cache->size(), 1u);
        EXPECT_TRUE(in_store(own, s->id()));
    }
    run_for(400ms);
    EXPECT_EQ(cache->size(), 0u) << "idle once the stream is closed";
}

TEST_F(session_cache_test, LookupOfAHeldSessionAtTheStoresRevisionGivesTheSameCopy) {
    auto cache = make_cache(own, true);
    auto s = created(*cache, own);
    EXPECT_EQ(wait(cache->lookup(s->id())).value(), s);
    EXPECT_EQ(rebuilt, 0);
}

TEST_F(session_cache_test, LookupRebuildsASessionOnlyTheStoreKnows) {
    auto shared = mcp::storage::open_memory();
    auto cache = make_cache(shared, false);
    mcp::storage::session_record record{.id = "made-elsewhere", .log_level = "error"};
    ASSERT_TRUE(wait(shared.sessions->create(record)));
    auto s = wait(cache->lookup("made-elsewhere")).value();
    ASSERT_TRUE(s);
    EXPECT_EQ(s->id(), "made-elsewhere");
    EXPECT_FALSE(s->core()->logs_at(mcp::log_level::info)) << "the record's state is restored";
    EXPECT_EQ(cache->size(), 1u);
    EXPECT_EQ(wait(cache->lookup("made-elsewhere")).value(), s) << "held from now on";
    EXPECT_EQ(rebuilt, 1);
}

TEST_F(session_cache_test, LookupSyncsACopyAnotherProcessChanged) {
    auto shared = mcp::storage::open_memory();
    auto cache = make_cache(shared, false);
    auto s = created(*cache, shared);
    ASSERT_TRUE(s->core()->logs_at(mcp::log_level::info));
    auto record = wait(shared.sessions->load(s->id())).value().value();
    record.log_level = "error";
    ASSERT_TRUE(wait(shared.sessions->save(record)));
    EXPECT_EQ(wait(cache->lookup(s->id())).value(), s) << "the same copy, brought up to date";
    EXPECT_FALSE(s->core()->logs_at(mcp::log_level::info));
    EXPECT_EQ(s->synced_revision(), record.revision);
}

TEST_F(session_cache_test, LookupOfASessionTheStoreNoLongerHasDropsAndEndsTheCopy) {
    auto cache = make_cache(own, true);
    auto s = created(*cache, own);
    auto stream = listen(s);
    ASSERT_TRUE(wait(own.sessions->terminate(s->id())).value());
    EXPECT_EQ(wait(cache->lookup(s->id())).value(), nullptr);
    EXPECT_EQ(cache->size(), 0u);
    run_for(10ms);
    EXPECT_TRUE(stream->finished()) << "its streams end";
}

TEST_F(session_cache_test, LookupOfAnUnknownSessionIsNull) {
    auto cache = make_cache(own, true);
    EXPECT_EQ(wait(cache->lookup("never-made")).value(), nullptr);
    EXPECT_EQ(rebuilt, 0);
}

TEST_F(session_cache_test, EraseEndsTheSessionHereAndLeavesTheStoresToTheCaller) {
    auto cache = make_cache(own, true);
    auto s = created(*cache, own);
    auto stream = listen(s);
    cache->erase(s->id());
    EXPECT_EQ(cache->size(), 0u);
    run_for(10ms);
    EXPECT_TRUE(stream->finished());
    EXPECT_TRUE(in_store(own, s->id()));
}

TEST_F(session_cache_test, ShutdownClosesEveryListeningStreamAndKeepsTheSessions) {
    auto cache = make_cache(own, true);
    auto a = listen(created(*cache, own));
    auto b = listen(created(*cache, own));
    cache->shutdown();
    run_for(10ms);
    EXPECT_TRUE(a->finished());
    EXPECT_TRUE(b->finished());
    EXPECT_EQ(cache->size(), 2u) << "requests in flight still answer";
}

TEST_F(session_cache_test, TheSweepEndsWithTheCache) {
    auto cache = make_cache(own, true);
    created(*cache, own);
    cache.reset();
    run_for(1s);
    EXPECT_TRUE(io.stopped()) << "nothing left to run: the sweep has returned";
}

} // namespace
