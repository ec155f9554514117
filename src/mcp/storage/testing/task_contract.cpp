// The task store's contract (task_store.hpp): ids, scope, conditional transitions and their one winner, outcomes,
// expiry by lease and ttl, list positions, an unreachable store.
#include <mcp/storage/testing/task_contract.hpp>

#include <chrono>
#include <set>
#include <thread>

namespace mcp::storage::testing {

std::int64_t epoch_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

task_record sample_task(std::string id, std::string session) {
    auto now = epoch_ms();
    task_record r;
    r.id = std::move(id);
    r.session = std::move(session);
    r.principal = "user-ü";
    r.tool = "build";
    r.status_message = "Started: «build» ✓";
    r.created_at_ms = now;
    r.updated_at_ms = now;
    r.ttl_ms = 60'000;
    r.poll_interval_ms = 1'000;
    r.owner = "owner-a";
    r.lease_until_ms = now + 60'000;
    return r;
}

namespace {

task_change finish(task_status to, std::string json, bool is_error = false) {
    return {.to = to, .message = std::string(to_string(to)), .outcome = task_outcome{is_error, std::move(json)},
            .now_ms = epoch_ms()};
}

void expect_same(task_record const& a, task_record const& b) {
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.session, b.session);
    EXPECT_EQ(a.principal, b.principal);
    EXPECT_EQ(a.tool, b.tool);
    EXPECT_EQ(a.status, b.status);
    EXPECT_EQ(a.status_message, b.status_message);
    EXPECT_EQ(a.created_at_ms, b.created_at_ms);
    EXPECT_EQ(a.updated_at_ms, b.updated_at_ms);
    EXPECT_EQ(a.ttl_ms, b.ttl_ms);
    EXPECT_EQ(a.poll_interval_ms, b.poll_interval_ms);
    EXPECT_EQ(a.owner, b.owner);
    EXPECT_EQ(a.lease_until_ms, b.lease_until_ms);
    EXPECT_EQ(a.revision, b.revision);
}

TEST_P(task_contract, CreatedTaskReadsBackWithEveryField) {
    auto s = make();
    auto t = sample_task("t1");
    ASSERT_TRUE(run(s->create(t)));
    auto got = run(s->get("s1", "t1")).value();
    ASSERT_TRUE(got);
    expect_same(*got, t);
    EXPECT_FALSE(run(s->outcome("s1", "t1")).value()) << "no outcome before the task ends";
}

TEST_P(task_contract, CreatingALiveIdIsAConflict) {
    auto s = make();
    ASSERT_TRUE(run(s->create(sample_task("t1"))));
    auto again = run(s->create(sample_task("t1", "s2")));
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code(), errc::conflict);
}

TEST_P(task_contract, AnotherSessionSeesNothing) {
    auto s = make();
    ASSERT_TRUE(run(s->create(sample_task("t1"))));
    EXPECT_FALSE(run(s->get("s2", "t1")).value());
    EXPECT_TRUE(run(s->list("s2", std::nullopt, 10)).value().tasks.empty());
    auto w = run(s->transition("s2", "t1", finish(task_status::cancelled, "{}", true))).value();
    EXPECT_FALSE(w.applied);
    EXPECT_FALSE(w.current);
    EXPECT_EQ(run(s->get("s1", "t1")).value()->status, task_status::working) << "the other session changed it";
    EXPECT_FALSE(run(s->outcome("s2", "t1")).value());
}

TEST_P(task_contract, AnUnknownTaskIsNotFound) {
    auto s = make();
    EXPECT_FALSE(run(s->get("s1", "nope")).value());
    auto w = run(s->transition("s1", "nope", finish(task_status::completed, "{}"))).value();
    EXPECT_FALSE(w.applied);
    EXPECT_FALSE(w.current);
}

TEST_P(task_contract, AnAppliedTransitionStoresTheChangeAndTheNextRevision) {
    auto s = make();
    ASSERT_TRUE(run(s->create(sample_task("t1"))));
    auto later = epoch_ms() + 5;
    task_change c{.to = task_status::input_required, .message = "Waiting for the user",
                  .expect_owner = "owner-a", .expect_revision = 0, .lease_until_ms = later + 30'000,
                  .now_ms = later};
    auto w = run(s->transition("s1", "t1", c)).value();
    ASSERT_TRUE(w.applied);
    ASSERT_TRUE(w.current);
    auto got = run(s->get("s1", "t1")).value();
    ASSERT_TRUE(got);
    expect_same(*got, *w.current);
    EXPECT_EQ(got->status, task_status::input_required);
    EXPECT_EQ(got->status_message, "Waiting for the user");
    EXPECT_EQ(got->revision, 1);
    EXPECT_EQ(got->updated_at_ms, later);
    EXPECT_EQ(got->lease_until_ms, later + 30'000);
    EXPECT_EQ(got->owner, "owner-a");
}

TEST_P(task_contract, AChangeForAnotherOwnerOrAStaleRevisionIsNotApplied) {
    auto s = make();
    ASSERT_TRUE(run(s->create(sample_task("t1"))));
    auto other = finish(task_status::completed, "{}");
    other.expect_owner = "owner-b";
    auto w = run(s->transition("s1", "t1", other)).value();
    EXPECT_FALSE(w.applied);
    ASSERT_TRUE(w.current);
    EXPECT_EQ(w.current->status, task_status::working);
    auto stale = finish(task_status::failed, "{}");
    stale.expect_revision = 7;
    EXPECT_FALSE(run(s->transition("s1", "t1", stale)).value().applied);
    EXPECT_EQ(run(s->get("s1", "t1")).value()->revision, 0);
}

TEST_P(task_contract, ATerminalTaskNeverChanges) {
    auto s = make();
    ASSERT_TRUE(run(s->create(sample_task("t1"))));
    ASSERT_TRUE(run(s->transition("s1", "t1", finish(task_status::completed, R"({"content":[]})"))).value().applied);
    for (auto to : {task_status::working, task_status::input_required, task_status::failed, task_status::cancelled,
                    task_status::completed}) {
        auto w = run(s->transition("s1", "t1", finish(to, R"({"code":-1})", true))).value();
        EXPECT_FALSE(w.applied) << to_string(to);
        ASSERT_TRUE(w.current);
        EXPECT_EQ(w.current->status, task_status::completed) << "the loser learns the winner";
    }
    auto out = run(s->outcome("s1", "t1")).value();
    ASSERT_TRUE(out);
    EXPECT_EQ(*out, (task_outcome{false, R"({"content":[]})"}));
}

TEST_P(task_contract, ConcurrentCancelAndCompleteHaveExactlyOneWinner) {
    auto s = make();
    for (int round = 0; round < 20; ++round) {
        auto id = "race" + std::to_string(round);
        ASSERT_TRUE(run(s->create(sample_task(id))));
        auto writes = run_concurrently<result<task_write>>(2, [&](int i) {
            auto to = i == 0 ? task_status::cancelled : task_status::completed;
            return s->transition("s1", id, finish(to, i == 0 ? R"({"code":-32603})" : R"({"content":[]})", i == 0));
        });
        ASSERT_TRUE(writes[0] && writes[1]);
        ASSERT_NE(writes[0]->applied, writes[1]->applied) << "round " << round << ": exactly one winner";
        auto winner = writes[0]->applied ? task_status::cancelled : task_status::completed;
        auto stored = run(s->get("s1", id)).value();
        ASSERT_TRUE(stored);
        EXPECT_EQ(stored->status, winner);
        EXPECT_EQ(writes[0]->current->status, winner);
        EXPECT_EQ(writes[1]->current->status, winner);
        EXPECT_EQ(run(s->outcome("s1", id)).value()->is_error, winner == task_status::cancelled);
    }
}

TEST_P(task_contract, ALargeOutcomeRoundTripsByteForByte) {
    auto s = make();
    ASSERT_TRUE(run(s->create(sample_task("t1"))));
    std::string text = R"({"content":[{"type":"text","text":")";
    while (text.size() < (1u << 20)) text += "ünïcødé \\\" ✓ 日本語 ";
    text += R"("}]})";
    ASSERT_TRUE(run(s->transition("s1", "t1", finish(task_status::completed, text))).value().applied);
    auto out = run(s->outcome("s1", "t1")).value();
    ASSERT_TRUE(out);
    EXPECT_FALSE(out->is_error);
    EXPECT_EQ(out->json.size(), text.size());
    EXPECT_TRUE(out->json == text);
}

TEST_P(task_contract, AnOutcomeOverTheCapIsRejectedAndNothingChanges) {
    auto s = make();
    ASSERT_TRUE(run(s->create(sample_task("t1"))));
    auto w = run(s->transition("s1", "t1", finish(task_status::completed, std::string(max_task_outcome_bytes + 1, 'x'))));
    ASSERT_FALSE(w);
    EXPECT_EQ(w.error().code(), errc::rejected);
    EXPECT_EQ(run(s->get("s1", "t1")).value()->status, task_status::working);
}

TEST_P(task_contract, AnEndedTaskExpiresItsTtlAfterItEnded) {
    auto s = make();
    auto t = sample_task("t1");
    t.ttl_ms = 200;
    ASSERT_TRUE(run(s->create(t)));
    ASSERT_TRUE(run(s->transition("s1", "t1", finish(task_status::completed, "{}"))).value().applied);
    EXPECT_TRUE(run(s->get("s1", "t1")).value());
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    EXPECT_FALSE(run(s->get("s1", "t1")).value());
    EXPECT_FALSE(run(s->outcome("s1", "t1")).value());
    EXPECT_TRUE(run(s->list("s1", std::nullopt, 10)).value().tasks.empty());
}

TEST_P(task_contract, ARunningTaskOlderThanItsTtlStaysWhileItsLeaseIsAhead) {
    auto s = make();
    auto t = sample_task("t1");
    t.created_at_ms -= 3'600'000; // started an hour ago
    t.ttl_ms = 100;
    ASSERT_TRUE(run(s->create(t)));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    auto got = run(s->get("s1", "t1")).value();
    ASSERT_TRUE(got);
    EXPECT_EQ(got->status, task_status::working);
}

TEST_P(task_contract, ListPagesInCreationOrderWithoutGapsOrDuplicates) {
    auto s = make();
    auto base = epoch_ms();
    for (int i = 0; i < 7; ++i) {
        auto t = sample_task("t" + std::to_string(i));
        t.created_at_ms = base + (i / 2); // pairs share a millisecond: ties order by id
        ASSERT_TRUE(run(s->create(t)));
    }
    ASSERT_TRUE(run(s->create(sample_task("other", "s2"))));
    std::vector<std::string> seen;
    std::optional<std::string> after;
    int pages = 0;
    do {
        auto page = run(s->list("s1", after, 3)).value();
        EXPECT_LE(page.tasks.size(), 3u);
        for (auto const& t : page.tasks) seen.push_back(t.id);
        if (pages == 0) { // a task created while paging shows up at the end
            auto late = sample_task("t9");
            late.created_at_ms = base + 100;
            ASSERT_TRUE(run(s->create(late)));
        }
        after = page.next;
        ++pages;
    } while (after && pages < 10);
    EXPECT_EQ(seen, (std::vector<std::string>{"t0", "t1", "t2", "t3", "t4", "t5", "t6", "t9"}));
}

TEST_P(task_contract, ListRefusesAPositionItDidNotMake) {
    auto s = make();
    auto page = run(s->list("s1", std::string("not a position"), 10));
    ASSERT_FALSE(page);
    EXPECT_EQ(page.error().code(), errc::rejected);
}

TEST_P(task_contract, AnUnreachableStoreIsUnavailable) {
    if (!GetParam().make_unreachable) GTEST_SKIP() << GetParam().name << " cannot be unreachable";
    auto s = GetParam().make_unreachable();
    auto created = run(s->create(sample_task("t1")));
    ASSERT_FALSE(created);
    EXPECT_EQ(created.error().code(), errc::unavailable);
    EXPECT_EQ(run(s->get("s1", "t1")).error().code(), errc::unavailable);
    EXPECT_EQ(run(s->list("s1", std::nullopt, 5)).error().code(), errc::unavailable);
    EXPECT_EQ(run(s->transition("s1", "t1", finish(task_status::cancelled, "{}"))).error().code(), errc::unavailable);
    EXPECT_EQ(run(s->outcome("s1", "t1")).error().code(), errc::unavailable);
}

} // namespace
} // namespace mcp::storage::testing
