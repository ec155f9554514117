// The state store contract (storage/testing/state_contract.hpp) against PostgreSQL, and what only PostgreSQL
// has: pushes by LISTEN/NOTIFY between two store objects (as two processes), a listening connection that the
// server kills and that comes back, a writer process killed mid-save. Needs MCP_TEST_POSTGRES_URL.
#include <mcp/storage/postgres/postgres_store.hpp>
#include <mcp/storage/postgres/testing/private_cluster.hpp>
#include <mcp/storage/postgres/testing/test_database.hpp>
#include <mcp/storage/testing/killed_writer.hpp>
#include <mcp/storage/testing/state_contract.hpp>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <vector>

namespace mcp::storage::testing {
namespace {

using namespace std::chrono_literals;

std::shared_ptr<state_store> open_state(postgres_options o) {
    o.pool_size = 2;
    auto opened = open_postgres(std::move(o));
    if (!opened)
        throw std::runtime_error("open_postgres: " + opened.error().message());
    return opened->state;
}

// Two store objects with a pool each on one fresh table prefix: two processes, as far as the database knows.
std::pair<std::shared_ptr<state_store>, std::shared_ptr<state_store>> two_processes() {
    auto o = fresh_postgres_options();
    return {open_state(o), open_state(o)};
}

MCP_STATE_CONTRACT(postgres,
                   (state_store_factory{
                       .name = "postgres",
                       .make_pair = two_processes,
                       .make_unreachable =
                           [] {
                               return open_state({.connection = "postgresql://postgres@127.0.0.1:" +
                                                                std::to_string(closed_port()) + "/mcp_test",
                                                  .connect_timeout = 500ms,
                                                  .connect_at_open = false});
                           },
                       .pushes = true}));

// The keys a watcher was called with, to wait on from the test's thread.
class heard_keys {
public:
    state_store::watcher watcher() {
        return [this](std::string const& key) {
            std::lock_guard lock(mutex_);
            keys_.push_back(key);
            changed_.notify_all();
        };
    }
    // Waits until `key` is heard; the keys heard before it, which are forgotten with it. nullopt: not heard.
    std::optional<std::vector<std::string>> wait_for(std::string const& key,
                                                     std::chrono::milliseconds within) {
        std::unique_lock lock(mutex_);
        auto found = [&] { return std::find(keys_.begin(), keys_.end(), key) != keys_.end(); };
        if (!changed_.wait_for(lock, within, found))
            return std::nullopt;
        auto at = std::find(keys_.begin(), keys_.end(), key);
        std::vector<std::string> before(keys_.begin(), at);
        keys_.erase(keys_.begin(), at + 1);
        return before;
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<std::string> keys_;
};

state_record document(std::string key, std::int64_t n) {
    return {std::move(key), {{"n", n}}, 0};
}

TEST(postgres_state, AWatcherHearsASaveOfAnotherStoreWithinASecond) {
    auto [one, two] = two_processes();
    heard_keys heard;
    auto token = two->watch(heard.watcher());
    ASSERT_TRUE(heard.wait_for("", 5s)) << "the listener says when it starts listening";
    auto r = document("calculator", 1);
    ASSERT_TRUE(run(one->save(r)));
    EXPECT_TRUE(heard.wait_for("calculator", 1s));
}

TEST(postgres_state, AConflictingSaveTellsNobody) {
    auto [one, two] = two_processes();
    auto r = document("calculator", 1);
    ASSERT_TRUE(run(one->save(r)));
    heard_keys heard;
    auto token = two->watch(heard.watcher());
    ASSERT_TRUE(heard.wait_for("", 5s));
    auto again = document("calculator", 2); // a create of a key that exists
    ASSERT_FALSE(run(one->save(again)));
    auto stale = document("calculator", 3);
    stale.revision = 7;
    ASSERT_FALSE(run(one->save(stale)));
    auto marker = document("marker", 1); // NOTIFYs arrive in commit order: once this one is heard, all were
    ASSERT_TRUE(run(one->save(marker)));
    auto before = heard.wait_for("marker", 5s);
    ASSERT_TRUE(before);
    EXPECT_EQ(*before, std::vector<std::string>{}) << "the conflicting save was heard";
}

TEST(postgres_state, AfterItsConnectionIsKilledAWatcherHearsEmptyThenLaterSaves) {
    auto o = fresh_postgres_options();
    auto one = open_state(o);
    auto two = open_state(o);
    heard_keys heard;
    auto token = two->watch(heard.watcher());
    ASSERT_TRUE(heard.wait_for("", 5s));
    auto killed = query_one(o.connection, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                          "WHERE query = 'LISTEN " +
                                              o.table_prefix + "state'");
    ASSERT_EQ(killed, "1") << "the listening connection was found and ended";
    EXPECT_TRUE(heard.wait_for("", 5s)) << "back: reload everything";
    auto r = document("calculator", 1);
    ASSERT_TRUE(run(one->save(r)));
    EXPECT_TRUE(heard.wait_for("calculator", 1s));
}

TEST(postgres_state, ALoadOfAStoredValueThatIsNotAnObjectIsMalformedData) {
    auto o = fresh_postgres_options();
    auto s = open_state(o);
    query_one(o.connection, "INSERT INTO " + o.table_prefix + "state VALUES ('listy', '[1, 2]', 1), " +
                                "('cut', '{\"a\":', 1)");
    for (auto key : {"listy", "cut"}) {
        auto loaded = run(s->load(key));
        ASSERT_FALSE(loaded) << key;
        EXPECT_EQ(loaded.error().code(), errc::malformed_data) << key;
        EXPECT_NE(loaded.error().message().find(key), std::string::npos) << loaded.error().message();
    }
}

// Every field of a version agrees with the others, and the padding makes each save a sizeable write.
boost::json::object version_of(std::int64_t n) {
    return {{"a", n}, {"b", n}, {"padding", std::string(64 << 10, static_cast<char>('a' + n % 26))}};
}

void expect_consistent(boost::json::object const& v) {
    auto n = v.at("a").as_int64();
    EXPECT_EQ(v.at("b").as_int64(), n);
    EXPECT_EQ(v.at("padding"), version_of(n).at("padding"));
}

[[noreturn]] void write_until_killed(std::string const& prefix) {
    auto o = fresh_postgres_options();
    o.table_prefix = prefix;
    auto s = open_state(o);
    for (;;) {
        auto r = run(s->load("doc")).value().value();
        r.value = version_of(r.revision);
        (void)run(s->save(r));
    }
}

TEST(postgres_state, AKilledWriterLeavesAConsistentDocument) {
    if (in_killed_writer())
        write_until_killed(killed_writer_argument());
    auto o = fresh_postgres_options();
    auto s = open_state(o);
    state_record first{"doc", version_of(0), 0};
    ASSERT_TRUE(run(s->save(first)));

    run_killed_writer(o.table_prefix, 300ms, [&] {
        auto now = run(s->load("doc"));
        return now && *now && (*now)->revision > 2;
    });
    auto got = run(s->load("doc")).value().value();
    expect_consistent(got.value);
    EXPECT_GT(got.revision, 1) << "the writer saved before it was killed";
    got.value = version_of(got.revision);
    ASSERT_TRUE(run(s->save(got))) << "the killed writer left no lock behind";
    expect_consistent(run(s->load("doc")).value().value().value);
}

} // namespace
} // namespace mcp::storage::testing
