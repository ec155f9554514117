// How a POST is answered: every combination of facts, first outcome and options against a table written apart
// from the code (the rows of docs/design/request-path-survey.md §2.5, adapted), then the important rows by
// name.
#include <mcp/http/answer_plan.hpp>

#include <gtest/gtest.h>

#include <array>
#include <optional>
#include <string>

namespace {

using namespace mcp::http;

// A table row: nullopt matches anything. The first row that matches gives the mode.
struct row {
    std::optional<post_kind> kind;
    std::optional<bool> in_use, deadline, shared, always_sse;
    std::optional<first_outcome> first;
    answer_mode mode;
};

using k = post_kind;
using f = first_outcome;
using m = answer_mode;
constexpr auto any = std::nullopt;

// kind, in_use, deadline, shared, always_sse, first -> mode
std::array const table{
    row{k::request, true, any, any, any, any, m::refuse_in_use},
    row{k::request, false, false, any, any, f::not_yet, m::run_inline},
    row{k::request, false, true, any, any, f::not_yet, m::run_apart},
    row{k::request, false, any, any, false, f::result, m::json},
    row{k::request, false, any, any, true, f::result, m::sse_whole},
    row{k::request, false, any, any, any, f::message, m::sse},
    row{k::request, false, any, any, any, f::nothing, m::empty_202},
    row{k::request, false, any, any, any, f::deadline, m::sse_cut}, // without a deadline: cannot happen
    row{k::notification, any, any, any, any, any, m::accepted},
    row{k::answer_here, any, any, any, any, any, m::accepted},
    row{k::answer_elsewhere, any, any, true, any, any, m::relay},
    row{k::answer_elsewhere, any, any, false, any, any, m::drop},
};

template <class T>
bool matches(std::optional<T> const& want, T got) {
    return !want || *want == got;
}

std::optional<answer_mode> expected(post_facts const& x, first_outcome first, bool always_sse) {
    for (auto const& r : table)
        if (matches(r.kind, x.kind) && matches(r.in_use, x.id_in_use) &&
            matches(r.deadline, x.has_deadline) && matches(r.shared, x.stores_shared) &&
            matches(r.always_sse, always_sse) && matches(r.first, first))
            return r.mode;
    return std::nullopt;
}

TEST(answer_plan, EveryCombinationFollowsTheTable) {
    int checked = 0;
    for (auto kind : {k::request, k::notification, k::answer_here, k::answer_elsewhere})
        for (int bits = 0; bits < 16; ++bits)
            for (auto first : {f::not_yet, f::result, f::message, f::nothing, f::deadline}) {
                post_facts x{kind, (bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0};
                bool always_sse = (bits & 8) != 0;
                auto want = expected(x, first, always_sse);
                ASSERT_TRUE(want) << "the table has no row for combination " << checked;
                EXPECT_EQ(to_string(plan_answer(x, first, {.always_sse = always_sse})),
                          std::string(to_string(*want)))
                    << "kind " << int(kind) << " bits " << bits << " first " << int(first);
                ++checked;
            }
    EXPECT_EQ(checked, 4 * 2 * 2 * 2 * 2 * 5);
}

TEST(answer_plan, ARequestWhoseIdRunsAlreadyIsRefused) {
    post_facts x{.kind = k::request, .id_in_use = true, .has_deadline = true};
    EXPECT_EQ(plan_answer(x, f::not_yet, {.always_sse = true}), m::refuse_in_use);
}

TEST(answer_plan, APlainRequestRunsInlineAndAResultFirstIsJson) {
    post_facts x{.kind = k::request};
    EXPECT_EQ(plan_answer(x, f::not_yet, {}), m::run_inline);
    EXPECT_EQ(plan_answer(x, f::result, {}), m::json);
}

TEST(answer_plan, AMessageBeforeTheResultMakesAStream) {
    EXPECT_EQ(plan_answer({.kind = k::request}, f::message, {}), m::sse);
}

// Forced SSE used to run every handler apart, with a timer-woken wait for its first outcome and four writes
// (head, priming, event, end) for a result that was all there was: half the JSON answers' rate (bench/run).
TEST(answer_plan, ForcedSseRunsInlineAndSendsAResultThatCameFirstAsOneSseBody) {
    post_facts x{.kind = k::request};
    EXPECT_EQ(plan_answer(x, f::not_yet, {.always_sse = true}), m::run_inline);
    EXPECT_EQ(plan_answer(x, f::result, {.always_sse = true}), m::sse_whole);
    EXPECT_EQ(plan_answer(x, f::message, {.always_sse = true}), m::sse) << "a tied message still streams";
}

TEST(answer_plan, ADeadlineRunsTheHandlerApartAndCutsTheStream) {
    post_facts x{.kind = k::request, .has_deadline = true};
    EXPECT_EQ(plan_answer(x, f::not_yet, {}), m::run_apart);
    EXPECT_EQ(plan_answer(x, f::deadline, {}), m::sse_cut);
    EXPECT_EQ(plan_answer(x, f::result, {}), m::json) << "a result before the deadline is still JSON";
}

TEST(answer_plan, ACancelledRequestGetsAnEmpty202) {
    EXPECT_EQ(plan_answer({.kind = k::request}, f::nothing, {}), m::empty_202);
}

TEST(answer_plan, AnAnswerNobodyHereAwaitsIsRelayedOnlyWhenStoresAreShared) {
    EXPECT_EQ(plan_answer({.kind = k::answer_elsewhere, .stores_shared = true}, f::not_yet, {}), m::relay);
    EXPECT_EQ(plan_answer({.kind = k::answer_elsewhere, .stores_shared = false}, f::not_yet, {}), m::drop);
    EXPECT_EQ(plan_answer({.kind = k::answer_here, .stores_shared = true}, f::not_yet, {}), m::accepted);
}

TEST(answer_plan, NotificationsAreAccepted) {
    EXPECT_EQ(plan_answer({.kind = k::notification, .has_deadline = true}, f::not_yet, {.always_sse = true}),
              m::accepted);
}

} // namespace
