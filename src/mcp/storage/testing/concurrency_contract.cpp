// Concurrent writers (no lost update, no duplicate event id) and an unreachable store, for every backend.
#include <mcp/storage/testing/store_contract.hpp>

#include <boost/asio/thread_pool.hpp>

#include <algorithm>
#include <future>
#include <numeric>

namespace mcp::storage::testing {

task<result<std::vector<std::uint64_t>>> append_many(std::shared_ptr<event_store> e, int writer, int count) {
    std::vector<std::uint64_t> got;
    for (int i = 0; i < count; ++i) {
        auto sequence =
            co_await e->append("s", "shared", "w" + std::to_string(writer) + "-" + std::to_string(i));
        if (!sequence)
            co_return sequence.error();
        got.push_back(*sequence);
    }
    co_return got;
}

namespace {

constexpr int writers = 8;

// Increments state.counter `count` times, reloading after every conflict as a real caller does.
task<result<int>> increment_many(std::shared_ptr<session_store> s, int count) {
    int conflicts = 0;
    for (int done = 0; done < count;) {
        auto loaded = co_await s->load("a");
        if (!loaded)
            co_return loaded.error();
        if (!*loaded)
            co_return error(errc::conflict, "the session vanished");
        auto record = std::move(**loaded);
        record.state["counter"] = record.state["counter"].to_number<std::int64_t>() + 1;
        auto saved = co_await s->save(record);
        if (saved)
            ++done;
        else if (saved.error().code() == errc::conflict)
            ++conflicts;
        else
            co_return saved.error();
    }
    co_return conflicts;
}

task<result<>> save_copy(std::shared_ptr<session_store> s, session_record record) {
    co_return co_await s->save(record);
}

TEST_P(store_contract, ConcurrentAppendsToOneStreamGetDistinctGapFreeSequences) {
    auto e = make({.max_events_per_session = 10'000}).events;
    constexpr int each = 25;
    auto results = run_concurrently<result<std::vector<std::uint64_t>>>(
        writers, [&](int w) { return append_many(e, w, each); });
    std::vector<std::uint64_t> all;
    for (auto& r : results) {
        ASSERT_TRUE(r) << r.error().message();
        EXPECT_TRUE(std::is_sorted(r->begin(), r->end())) << "one writer's events are numbered in its order";
        all.insert(all.end(), r->begin(), r->end());
    }
    std::sort(all.begin(), all.end());
    std::vector<std::uint64_t> expected(writers * each);
    std::iota(expected.begin(), expected.end(), 1u);
    EXPECT_EQ(all, expected) << "no duplicate and no missing sequence";
    EXPECT_EQ(run(e->after("s", "shared", 0)).value().size(), expected.size());
}

TEST_P(store_contract, ConcurrentSavesOfOneRevisionHaveExactlyOneWinner) {
    auto s = make().sessions;
    ASSERT_TRUE(run(s->create(bare_record("a"))));
    auto base = *run(s->load("a")).value();
    auto results = run_concurrently<result<>>(writers, [&](int w) {
        auto copy = base;
        copy.state["writer"] = w;
        return save_copy(s, std::move(copy));
    });
    int winner = -1;
    for (int w = 0; w < writers; ++w) {
        if (results[w]) {
            EXPECT_EQ(winner, -1) << "two saves of revision 0 succeeded";
            winner = w;
        } else {
            EXPECT_EQ(results[w].error().code(), errc::conflict) << results[w].error().message();
        }
    }
    ASSERT_NE(winner, -1);
    auto stored = *run(s->load("a")).value();
    EXPECT_EQ(stored.revision, 1);
    EXPECT_EQ(stored.state["writer"], winner) << "the stored record is the winner's";
}

TEST_P(store_contract, ConcurrentIncrementsAreNeverLost) {
    auto s = make().sessions;
    auto start = bare_record("a");
    start.state["counter"] = 0;
    ASSERT_TRUE(run(s->create(start)));
    constexpr int each = 10;
    auto results = run_concurrently<result<int>>(writers, [&](int) { return increment_many(s, each); });
    for (auto& r : results)
        ASSERT_TRUE(r) << r.error().message();
    auto stored = *run(s->load("a")).value();
    EXPECT_EQ(stored.state["counter"], writers * each);
    EXPECT_EQ(stored.revision, writers * each);
}

void expect_unavailable(result<> const& r, char const* what) {
    ASSERT_FALSE(r) << what;
    EXPECT_EQ(r.error().code(), errc::unavailable) << what << ": " << r.error().message();
    EXPECT_FALSE(r.error().message().empty()) << what;
}

template <class T>
result<> erased(result<T> const& r) {
    if (r)
        return {};
    return r.error();
}

TEST_P(store_contract, UnreachableSessionStoreFailsWithStoreUnavailable) {
    if (!GetParam().make_unreachable)
        GTEST_SKIP() << GetParam().name << " cannot be unreachable";
    auto s = GetParam().make_unreachable({}).sessions;
    auto r = full_record("a");
    expect_unavailable(run(s->create(r)), "create");
    expect_unavailable(erased(run(s->load("a"))), "load");
    expect_unavailable(run(s->save(r)), "save");
    expect_unavailable(erased(run(s->terminate("a"))), "terminate");
}

TEST_P(store_contract, UnreachableEventStoreFailsWithStoreUnavailable) {
    if (!GetParam().make_unreachable)
        GTEST_SKIP() << GetParam().name << " cannot be unreachable";
    auto e = GetParam().make_unreachable({}).events;
    expect_unavailable(erased(run(e->append("s", "a", "1"))), "append");
    expect_unavailable(erased(run(e->after("s", "a", 0))), "after");
    expect_unavailable(run(e->forget("s")), "forget");
}

} // namespace
} // namespace mcp::storage::testing
