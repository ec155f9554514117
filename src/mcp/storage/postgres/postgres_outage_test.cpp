// A real outage: a private PostgreSQL server (testing/private_cluster) stopped under running stores and
// started again on the same port and data. Operations fail with errc::unavailable while it is down, succeed
// again once it is back without reopening anything, and nothing stored is lost. Needs the PostgreSQL 15
// binaries (not MCP_TEST_POSTGRES_URL).
#include <mcp/storage/postgres/postgres_store.hpp>
#include <mcp/storage/postgres/testing/private_cluster.hpp>
#include <mcp/storage/testing/store_contract.hpp>

#include <gtest/gtest.h>

#include <thread>

namespace mcp::storage::testing {
namespace {

postgres_options options_for(private_cluster const& cluster, bool connect_at_open = true) {
    return {.connection = cluster.url(),
            .pool_size = 2,
            .connect_timeout = std::chrono::milliseconds(1000),
            .connect_at_open = connect_at_open};
}

template <class T>
void expect_unavailable(result<T> const& r, private_cluster const& cluster, char const* what) {
    ASSERT_FALSE(r) << what << " succeeded with the server down";
    EXPECT_EQ(r.error().code(), errc::unavailable) << what << ": " << r.error().message();
    EXPECT_NE(r.error().message().find("127.0.0.1:" + std::to_string(cluster.port())), std::string::npos)
        << what << ": the message names the server: " << r.error().message();
}

// Polls with loads until the store answers again (the reconnect hold-off and the server's start-up may take a
// moment); returns the last result.
result<std::optional<session_record>> load_when_back(session_store& s, std::string const& id) {
    auto loaded = run(s.load(id));
    for (int i = 0; i < 300 && !loaded; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        loaded = run(s.load(id));
    }
    return loaded;
}

TEST(postgres_outage, OperationsFailWhileTheServerIsDownAndSucceedWhenItIsBack) {
    private_cluster cluster;
    cluster.start();
    auto s = open_postgres(options_for(cluster)).value();
    ASSERT_TRUE(run(s.sessions->create(full_record("a"))));
    ASSERT_EQ(run(s.events->append("a", "x", "before 1")).value(), 1u);
    ASSERT_EQ(run(s.events->append("a", "x", "before 2")).value(), 2u);
    auto record = *run(s.sessions->load("a")).value();

    cluster.stop();
    for (int round = 0; round < 3; ++round) { // every worker's connection is broken, then refused
        expect_unavailable(run(s.sessions->load("a")), cluster, "load");
        expect_unavailable(run(s.sessions->create(bare_record("b"))), cluster, "create");
        expect_unavailable(run(s.sessions->save(record)), cluster, "save");
        expect_unavailable(run(s.sessions->terminate("a")), cluster, "terminate");
        expect_unavailable(run(s.events->append("a", "x", "lost")), cluster, "append");
        expect_unavailable(run(s.events->after("a", "x", 0)), cluster, "after");
        expect_unavailable(run(s.events->forget("a")), cluster, "forget");
    }

    cluster.start();
    auto loaded = load_when_back(*s.sessions, "a");
    ASSERT_TRUE(loaded) << "still failing after the server came back: " << loaded.error().message();
    ASSERT_TRUE(*loaded) << "the session survived the outage";
    EXPECT_EQ((*loaded)->state, full_record("a").state);
    auto events = run(s.events->after("a", "x", 0)).value();
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[1].data, "before 2");
    EXPECT_EQ(run(s.events->append("a", "x", "after")).value(), 3u) << "nothing failed was applied";
    EXPECT_TRUE(run(s.sessions->save(**loaded)));
}

TEST(postgres_outage, StoresOpenedBeforeTheServerStartsWorkOnceItIsUp) {
    private_cluster cluster;
    auto s = open_postgres(options_for(cluster, false));
    ASSERT_TRUE(s) << "connect_at_open = false opens without the server: " << s.error().message();
    expect_unavailable(run(s->sessions->create(bare_record("a"))), cluster,
                       "create before the server started");

    cluster.start();
    auto loaded = load_when_back(*s->sessions, "a");
    ASSERT_TRUE(loaded) << loaded.error().message();
    EXPECT_FALSE(*loaded) << "the failed create stored nothing";
    ASSERT_TRUE(run(s->sessions->create(bare_record("a"))))
        << "the schema was created on the first connection";
    EXPECT_TRUE(run(s->sessions->load("a")).value());
}

TEST(postgres_outage, OpenFailsWithStoreUnavailableWhileTheServerIsDown) {
    private_cluster cluster;
    auto s = open_postgres(options_for(cluster));
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code(), errc::unavailable);
    EXPECT_NE(s.error().message().find("127.0.0.1:" + std::to_string(cluster.port())), std::string::npos)
        << s.error().message();
}

} // namespace
} // namespace mcp::storage::testing
