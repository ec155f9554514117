// The state store's contract (state_store.hpp): conditional create and replace with one winner, atomic
// documents that round-trip, the size cap, independent keys, push to watchers, an unreachable store.
#include <mcp/storage/testing/state_contract.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace mcp::storage::testing {
namespace {

state_record sample(std::string key = "calculator") {
    state_record r;
    r.key = std::move(key);
    r.value = boost::json::parse(R"({"tools":{"active":{"add":true,"sub-ü":false},"fingerprint":"9f2c"},
                                     "prompts":{"active":{},"fingerprint":""},"n":[1,2.5,null,"«x»"]})")
                  .as_object();
    return r;
}

TEST_P(state_contract, LoadOfAKeyNeverSavedIsNothing) {
    auto s = make();
    auto got = run(s->load("nobody"));
    ASSERT_TRUE(got) << got.error().message();
    EXPECT_FALSE(*got);
}

TEST_P(state_contract, CreatedDocumentReadsBackExactly) {
    auto s = make();
    auto r = sample();
    ASSERT_TRUE(run(s->save(r)));
    EXPECT_EQ(r.revision, 1);
    auto got = run(s->load("calculator")).value();
    ASSERT_TRUE(got);
    EXPECT_EQ(got->key, "calculator");
    EXPECT_EQ(got->value, sample().value);
    EXPECT_EQ(got->revision, 1);
}

TEST_P(state_contract, CreatingAKeyThatExistsIsAConflict) {
    auto s = make();
    auto first = sample();
    ASSERT_TRUE(run(s->save(first)));
    auto second = sample();
    second.value["other"] = true;
    auto saved = run(s->save(second));
    ASSERT_FALSE(saved);
    EXPECT_EQ(saved.error().code(), errc::conflict);
    EXPECT_EQ(run(s->load("calculator")).value()->value, sample().value);
}

TEST_P(state_contract, SaveAtTheStoredRevisionReplacesAndCountsUp) {
    auto s = make();
    auto r = sample();
    ASSERT_TRUE(run(s->save(r)));
    r.value["tools"].as_object()["active"].as_object()["add"] = false;
    ASSERT_TRUE(run(s->save(r)));
    EXPECT_EQ(r.revision, 2);
    auto got = run(s->load("calculator")).value();
    EXPECT_EQ(got->revision, 2);
    EXPECT_EQ(got->value, r.value);
}

TEST_P(state_contract, SaveAtAStaleRevisionIsAConflictAndKeepsTheWinner) {
    auto s = make();
    auto r = sample();
    ASSERT_TRUE(run(s->save(r)));
    auto winner = r;
    winner.value["winner"] = "a";
    ASSERT_TRUE(run(s->save(winner)));
    auto loser = r; // still at revision 1
    loser.value["winner"] = "b";
    auto saved = run(s->save(loser));
    ASSERT_FALSE(saved);
    EXPECT_EQ(saved.error().code(), errc::conflict);
    auto got = run(s->load("calculator")).value();
    EXPECT_EQ(got->value.at("winner"), "a");
    EXPECT_EQ(got->revision, 2);
}

TEST_P(state_contract, ReplacingAKeyThatDoesNotExistIsAConflict) {
    auto s = make();
    auto r = sample();
    r.revision = 3;
    auto saved = run(s->save(r));
    ASSERT_FALSE(saved);
    EXPECT_EQ(saved.error().code(), errc::conflict);
    EXPECT_FALSE(run(s->load("calculator")).value());
}

TEST_P(state_contract, KeysAreIndependent) {
    auto s = make();
    auto a = sample("server-a");
    auto b = sample("server-b");
    b.value = {{"only", "b"}};
    ASSERT_TRUE(run(s->save(a)));
    ASSERT_TRUE(run(s->save(b)));
    ASSERT_TRUE(run(s->save(b)));
    EXPECT_EQ(run(s->load("server-a")).value()->revision, 1);
    EXPECT_EQ(run(s->load("server-b")).value()->value.at("only"), "b");
    EXPECT_EQ(run(s->load("server-b")).value()->revision, 2);
}

TEST_P(state_contract, AnOversizedDocumentIsRejectedAndNothingWritten) {
    auto s = make();
    auto r = sample();
    ASSERT_TRUE(run(s->save(r)));
    auto big = r;
    big.value["padding"] = std::string(max_state_bytes, 'x');
    auto saved = run(s->save(big));
    ASSERT_FALSE(saved);
    EXPECT_EQ(saved.error().code(), errc::rejected);
    EXPECT_NE(saved.error().message().find("calculator"), std::string::npos) << saved.error().message();
    auto got = run(s->load("calculator")).value();
    EXPECT_EQ(got->revision, 1);
    EXPECT_EQ(got->value, sample().value);
}

TEST_P(state_contract, ADocumentJustUnderTheCapIsKept) {
    auto s = make();
    state_record r{"big", {{"p", ""}}, 0};
    auto overhead = boost::json::serialize(r.value).size();
    r.value["p"] = std::string(max_state_bytes - overhead - 16, 'y');
    ASSERT_TRUE(run(s->save(r)));
    EXPECT_EQ(run(s->load("big")).value()->value, r.value);
}

TEST_P(state_contract, ADeeplyNestedDocumentReadsBack) {
    auto s = make();
    boost::json::value inner = boost::json::object{{"leaf", true}};
    for (int i = 0; i < 100; ++i) inner = boost::json::object{{"d", inner}};
    state_record r{"deep", {{"root", inner}}, 0};
    ASSERT_TRUE(run(s->save(r)));
    auto got = run(s->load("deep"));
    ASSERT_TRUE(got) << got.error().message();
    ASSERT_TRUE(*got);
    EXPECT_EQ((*got)->value, r.value);
}

// Two handles, as two processes: of writers racing at one revision exactly one wins, and retrying losers land
// their changes (each increments its own counter: no update is lost).
TEST_P(state_contract, RacingWritersLoseNoUpdate) {
    auto [one, two] = GetParam().make_pair();
    state_record start{"counter", {{"a", 0}, {"b", 0}}, 0};
    ASSERT_TRUE(run(one->save(start)));
    constexpr int rounds = 15;
    std::atomic<int> conflicts{0};
    auto writer = [&](std::shared_ptr<state_store> store, char const* field) {
        for (int i = 0; i < rounds; ++i)
            for (;;) {
                auto r = run(store->load("counter")).value().value();
                r.value[field] = r.value.at(field).as_int64() + 1;
                auto saved = run(store->save(r));
                if (saved)
                    break;
                ASSERT_EQ(saved.error().code(), errc::conflict) << saved.error().message();
                ++conflicts;
            }
    };
    std::thread ta(writer, one, "a");
    std::thread tb(writer, two, "b");
    ta.join();
    tb.join();
    auto got = run(one->load("counter")).value().value();
    EXPECT_EQ(got.value.at("a").as_int64(), rounds);
    EXPECT_EQ(got.value.at("b").as_int64(), rounds);
    EXPECT_EQ(got.revision, 1 + 2 * rounds);
}

TEST_P(state_contract, AWatcherHearsSavesMadeThroughAnotherHandle) {
    auto [one, two] = GetParam().make_pair();
    std::mutex m;
    std::condition_variable cv;
    std::vector<std::string> heard;
    auto token = two->watch([&](std::string const& key) {
        std::lock_guard lock(m);
        heard.push_back(key);
        cv.notify_all();
    });
    if (!GetParam().pushes) {
        EXPECT_FALSE(token) << "a backend that does not push must say so with nullptr";
        return;
    }
    ASSERT_TRUE(token);
    // A listening connection may take a moment to be up: save again until a save is heard (5 s at most).
    auto r = sample("watched");
    auto heard_it = [&] { return std::find(heard.begin(), heard.end(), "watched") != heard.end(); };
    std::unique_lock lock(m);
    for (int i = 0; i < 25 && !heard_it(); ++i) {
        lock.unlock();
        ASSERT_TRUE(run(one->save(r)));
        lock.lock();
        cv.wait_for(lock, std::chrono::milliseconds(200), heard_it);
    }
    ASSERT_TRUE(heard_it()) << "no save heard within 5 s";
    lock.unlock();
    token.reset(); // no more calls once the token is gone
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    lock.lock();
    auto before = heard.size();
    lock.unlock();
    ASSERT_TRUE(run(one->save(r)));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    lock.lock();
    EXPECT_EQ(heard.size(), before);
}

TEST_P(state_contract, AnUnreachableStoreIsUnavailable) {
    if (!GetParam().make_unreachable)
        GTEST_SKIP() << GetParam().name << " cannot be unreachable";
    auto s = GetParam().make_unreachable();
    auto loaded = run(s->load("calculator"));
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().code(), errc::unavailable);
    auto r = sample();
    auto saved = run(s->save(r));
    ASSERT_FALSE(saved);
    EXPECT_EQ(saved.error().code(), errc::unavailable);
    EXPECT_EQ(r.revision, 0);
}

} // namespace
} // namespace mcp::storage::testing
