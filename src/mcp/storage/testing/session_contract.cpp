// The session store's contract (session_store.hpp): create, load, save, terminate, TTL, limits, round trips.
#include <mcp/storage/testing/store_contract.hpp>

#include <thread>

namespace mcp::storage::testing {

session_record bare_record(std::string id) {
    session_record r;
    r.id = std::move(id);
    return r;
}

session_record full_record(std::string id) {
    session_record r;
    r.id = std::move(id);
    r.principal = "user:ünï-42@example.com";
    r.protocol_version = "2025-11-25";
    r.client_info = {{"name", "Ünïcødé client ✓"}, {"version", "1.2.3"}, {"title", "日本語のクライアント"}};
    r.client_capabilities = boost::json::parse(R"({"roots":{"listChanged":true},"sampling":{},
        "elicitation":{"form":{},"url":{}},"experimental":{"x":[1,2.5,null,"\u00e9",{"deep":[true,false]}]}})")
                                .as_object();
    r.operational = true;
    r.log_level = "warning";
    r.subscriptions = {"file:///a.txt", "file:///ü/b.txt", "resource://x?y=1&z=2"};
    r.state = {{"counter", 41},
               {"big", 9007199254740993LL},
               {"neg", -7},
               {"pi", 3.25},
               {"nothing", nullptr},
               {"emoji", "🙂 \"quoted\" \\ back\nslash"},
               {"list", boost::json::array{1, "two", 3.0}}};
    r.lists_seen = {{"tools", "5a1f9e0c2b7d4e83"}, {"prompts", ""}, {"resources", "0000000000000001"}};
    return r;
}

namespace {

std::optional<session_record> load(session_store& s, std::string id) {
    return run(s.load(std::move(id))).value();
}

void expect_same(session_record const& a, session_record const& b) {
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.principal, b.principal);
    EXPECT_EQ(a.protocol_version, b.protocol_version);
    EXPECT_EQ(a.client_info, b.client_info);
    EXPECT_EQ(a.client_capabilities, b.client_capabilities);
    EXPECT_EQ(a.operational, b.operational);
    EXPECT_EQ(a.log_level, b.log_level);
    EXPECT_EQ(a.subscriptions, b.subscriptions);
    EXPECT_EQ(a.state, b.state);
    EXPECT_EQ(a.lists_seen, b.lists_seen);
    EXPECT_EQ(a.revision, b.revision);
}

TEST_P(store_contract, CreatedSessionLoadsBack) {
    auto s = make().sessions;
    ASSERT_TRUE(run(s->create(bare_record("a"))));
    auto loaded = load(*s, "a");
    ASSERT_TRUE(loaded);
    EXPECT_EQ(loaded->id, "a");
    EXPECT_EQ(loaded->revision, 0);
}

TEST_P(store_contract, DuplicateCreateIsAConflict) {
    auto s = make().sessions;
    ASSERT_TRUE(run(s->create(bare_record("a"))));
    auto again = run(s->create(full_record("a")));
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code(), errc::conflict);
    EXPECT_EQ(load(*s, "a")->protocol_version, "") << "the first record is kept";
}

TEST_P(store_contract, CreatingOverAnExpiredSessionSucceeds) {
    auto s = make({.ttl = short_ttl()}).sessions;
    ASSERT_TRUE(run(s->create(bare_record("a"))));
    std::this_thread::sleep_for(short_ttl() * 2);
    ASSERT_TRUE(run(s->create(full_record("a"))));
    EXPECT_EQ(load(*s, "a")->protocol_version, "2025-11-25");
}

TEST_P(store_contract, UnknownSessionLoadsAsNothing) {
    auto s = make().sessions;
    EXPECT_FALSE(load(*s, "never-created"));
}

TEST_P(store_contract, TerminatedSessionLoadsAsNothing) {
    auto s = make().sessions;
    ASSERT_TRUE(run(s->create(bare_record("a"))));
    EXPECT_TRUE(run(s->terminate("a")).value());
    EXPECT_FALSE(load(*s, "a"));
}

TEST_P(store_contract, TerminatingAGoneSessionReturnsFalse) {
    auto s = make().sessions;
    ASSERT_TRUE(run(s->create(bare_record("a"))));
    ASSERT_TRUE(run(s->terminate("a")).value());
    EXPECT_FALSE(run(s->terminate("a")).value());
    EXPECT_FALSE(run(s->terminate("never-created")).value());
}

TEST_P(store_contract, TerminatingAnExpiredSessionReturnsFalse) {
    auto s = make({.ttl = short_ttl()}).sessions;
    ASSERT_TRUE(run(s->create(bare_record("a"))));
    std::this_thread::sleep_for(short_ttl() * 2);
    EXPECT_FALSE(run(s->terminate("a")).value()) << "an expired session is already gone";
}

TEST_P(store_contract, IdleSessionExpires) {
    auto s = make({.ttl = short_ttl()}).sessions;
    ASSERT_TRUE(run(s->create(bare_record("a"))));
    std::this_thread::sleep_for(short_ttl() * 2);
    EXPECT_FALSE(load(*s, "a"));
}

TEST_P(store_contract, LoadRefreshesTheTtl) {
    auto s = make({.ttl = short_ttl()}).sessions;
    ASSERT_TRUE(run(s->create(bare_record("a"))));
    for (int i = 0; i < 6; ++i) { // three TTLs in all: only the refreshes keep it alive
        std::this_thread::sleep_for(short_ttl() / 2);
        ASSERT_TRUE(load(*s, "a")) << "a busy session expired after load " << i;
    }
}

TEST_P(store_contract, SaveRefreshesTheTtl) {
    auto s = make({.ttl = short_ttl()}).sessions;
    ASSERT_TRUE(run(s->create(bare_record("a"))));
    auto r = *load(*s, "a");
    for (int i = 0; i < 4; ++i) {
        std::this_thread::sleep_for(short_ttl() / 2);
        ASSERT_TRUE(run(s->save(r))) << "save " << i;
    }
    std::this_thread::sleep_for(short_ttl() / 2);
    EXPECT_TRUE(load(*s, "a"));
}

TEST_P(store_contract, SaveStoresTheRecordAndBumpsTheRevision) {
    auto s = make().sessions;
    auto created = bare_record("a");
    created.principal = full_record("a").principal;
    ASSERT_TRUE(run(s->create(created)));
    auto r = full_record("a");
    ASSERT_TRUE(run(s->save(r)));
    EXPECT_EQ(r.revision, 1) << "the caller's record carries the stored revision";
    expect_same(*load(*s, "a"), r);
}

TEST_P(store_contract, SaveWithAStaleRevisionIsAConflictAndKeepsTheFirstWrite) {
    auto s = make().sessions;
    ASSERT_TRUE(run(s->create(bare_record("a"))));
    auto first = *load(*s, "a");
    auto second = first;
    first.log_level = "info";
    ASSERT_TRUE(run(s->save(first)));
    second.log_level = "error";
    auto stale = run(s->save(second));
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code(), errc::conflict);
    EXPECT_EQ(second.revision, 0) << "a refused save leaves the caller's revision alone";
    auto kept = *load(*s, "a");
    EXPECT_EQ(kept.log_level, "info");
    EXPECT_EQ(kept.revision, 1);
}

// A save racing a DELETE: the caller reloads (as after any conflict) and finds the session gone.
TEST_P(store_contract, SaveOfAGoneSessionIsAConflictAndDoesNotRecreateIt) {
    auto s = make().sessions;
    ASSERT_TRUE(run(s->create(bare_record("a"))));
    auto r = *load(*s, "a");
    ASSERT_TRUE(run(s->terminate("a")));
    auto saved = run(s->save(r));
    ASSERT_FALSE(saved);
    EXPECT_EQ(saved.error().code(), errc::conflict);
    EXPECT_FALSE(load(*s, "a"));
    auto unknown = bare_record("never-created");
    EXPECT_EQ(run(s->save(unknown)).error().code(), errc::conflict);
    EXPECT_FALSE(load(*s, "never-created"));
}

TEST_P(store_contract, EveryFieldRoundTripsThroughCreate) {
    auto s = make().sessions;
    ASSERT_TRUE(run(s->create(full_record("a"))));
    expect_same(*load(*s, "a"), full_record("a"));
}

TEST_P(store_contract, ASessionCreatedWithoutAPrincipalHasNone) {
    auto s = make().sessions;
    ASSERT_TRUE(run(s->create(bare_record("a"))));
    EXPECT_EQ(load(*s, "a")->principal, "");
}

TEST_P(store_contract, ThePrincipalRoundTripsThroughCreate) {
    auto s = make().sessions;
    auto r = bare_record("a");
    r.principal = "arn:aws:iam::123456789012:user/Zoë \"quoted\"";
    ASSERT_TRUE(run(s->create(r)));
    EXPECT_EQ(load(*s, "a")->principal, r.principal);
}

// The binding is create's: a save that carries another principal (or none) stores the rest and keeps it.
TEST_P(store_contract, SaveKeepsThePrincipalOfCreate) {
    auto s = make().sessions;
    auto created = bare_record("a");
    created.principal = "alice";
    ASSERT_TRUE(run(s->create(created)));
    auto r = *load(*s, "a");
    EXPECT_EQ(r.principal, "alice");
    for (std::string other : {"mallory", ""}) {
        r.principal = other;
        r.log_level = "error-" + other;
        ASSERT_TRUE(run(s->save(r))) << other;
        auto kept = *load(*s, "a");
        EXPECT_EQ(kept.principal, "alice") << "after a save with " << other;
        EXPECT_EQ(kept.log_level, r.log_level) << "the rest is saved";
    }
}

// An id freed by expiry is a new session: whoever creates it owns it, not the one who created the old one.
TEST_P(store_contract, AnExpiredSessionsPrincipalDoesNotCarryOver) {
    auto s = make({.ttl = short_ttl()}).sessions;
    auto first = bare_record("a");
    first.principal = "alice";
    ASSERT_TRUE(run(s->create(first)));
    std::this_thread::sleep_for(short_ttl() * 2);
    ASSERT_TRUE(run(s->create(bare_record("a"))));
    EXPECT_EQ(load(*s, "a")->principal, "");
}

TEST_P(store_contract, LargeStateRoundTrips) {
    auto s = make().sessions;
    ASSERT_TRUE(run(s->create(bare_record("a"))));
    auto r = *load(*s, "a");
    boost::json::array items; // about 300 KB: large, yet within DynamoDB's 400 KB item limit
    for (int i = 0; i < 8'000; ++i)
        items.emplace_back(boost::json::object{{"i", i}, {"text", "ligne numéro " + std::to_string(i)}});
    r.state["items"] = std::move(items);
    ASSERT_TRUE(run(s->save(r)));
    expect_same(*load(*s, "a"), r);
}

TEST_P(store_contract, SessionLimitIsAClearError) {
    auto s = make({.max_sessions = 2}).sessions;
    ASSERT_TRUE(run(s->create(bare_record("a"))));
    ASSERT_TRUE(run(s->create(bare_record("b"))));
    auto third = run(s->create(bare_record("c")));
    ASSERT_FALSE(third);
    EXPECT_EQ(third.error().code(), errc::session_limit);
    EXPECT_NE(third.error().message().find("limit 2"), std::string::npos) << third.error().message();
    EXPECT_FALSE(load(*s, "c"));
}

TEST_P(store_contract, TerminatedSessionsFreeTheirSlot) {
    auto s = make({.max_sessions = 1}).sessions;
    ASSERT_TRUE(run(s->create(bare_record("a"))));
    ASSERT_TRUE(run(s->terminate("a")));
    EXPECT_TRUE(run(s->create(bare_record("b"))));
}

TEST_P(store_contract, ExpiredSessionsFreeTheirSlot) {
    auto s = make({.max_sessions = 1, .ttl = short_ttl()}).sessions;
    ASSERT_TRUE(run(s->create(bare_record("a"))));
    std::this_thread::sleep_for(short_ttl() * 2);
    EXPECT_TRUE(run(s->create(bare_record("b"))));
}

} // namespace
} // namespace mcp::storage::testing
