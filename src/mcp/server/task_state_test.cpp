#include <mcp/server/task_state.hpp>

#include <gtest/gtest.h>

namespace {

using mcp::detail::next_status;
using mcp::detail::task_event;
using mcp::storage::task_status;

constexpr task_status all_statuses[] = {task_status::working, task_status::input_required, task_status::completed,
                                        task_status::failed, task_status::cancelled};

TEST(task_state, ATerminalStatusNeverChanges) {
    for (auto from : {task_status::completed, task_status::failed, task_status::cancelled})
        for (int e = 0; e < mcp::detail::task_event_count; ++e)
            EXPECT_FALSE(next_status(from, static_cast<task_event>(e)))
                << mcp::storage::to_string(from) << " event " << e;
}

// The whole table for the two live statuses: (event -> expected status), the same from either.
TEST(task_state, EveryEventOnALiveTaskHasTheSpecsOutcome) {
    std::pair<task_event, task_status> const expected[] = {
        {task_event::input_needed, task_status::input_required},
        {task_event::input_received, task_status::working},
        {task_event::completed, task_status::completed},
        {task_event::tool_error, task_status::failed}, // 2025-11-25 tasks: isError: true ends failed
        {task_event::rpc_error, task_status::failed},
        {task_event::cancel_requested, task_status::cancelled},
        {task_event::lease_expired, task_status::failed},
        {task_event::deadline_reached, task_status::failed},
    };
    static_assert(std::size(expected) == mcp::detail::task_event_count);
    for (auto from : {task_status::working, task_status::input_required})
        for (auto [event, to] : expected)
            EXPECT_EQ(next_status(from, event), to)
                << mcp::storage::to_string(from) << " event " << static_cast<int>(event);
}

TEST(task_state, StatusNamesRoundTrip) {
    for (auto s : all_statuses) EXPECT_EQ(mcp::storage::task_status_from(mcp::storage::to_string(s)), s);
    EXPECT_FALSE(mcp::storage::task_status_from("done"));
    EXPECT_EQ(mcp::storage::to_string(task_status::input_required), "input_required");
}

TEST(task_state, OnlyTheThreeEndsAreTerminal) {
    EXPECT_FALSE(mcp::storage::is_terminal(task_status::working));
    EXPECT_FALSE(mcp::storage::is_terminal(task_status::input_required));
    EXPECT_TRUE(mcp::storage::is_terminal(task_status::completed));
    EXPECT_TRUE(mcp::storage::is_terminal(task_status::failed));
    EXPECT_TRUE(mcp::storage::is_terminal(task_status::cancelled));
}

TEST(task_state, CancelRefusalNamesTheTerminalStatus) {
    EXPECT_EQ(mcp::detail::cancel_refused_message(task_status::completed),
              "Cannot cancel task: already in terminal status 'completed'");
}

TEST(task_state, LeaseMessageSaysWhoStoppedAndWhen) {
    auto m = mcp::detail::lease_lost_message("host-a/1234", 1'765'000'000'123);
    EXPECT_NE(m.find("host-a/1234"), std::string::npos);
    EXPECT_NE(m.find("2025-12-06T05:46:40.123Z"), std::string::npos) << m;
}

TEST(task_state, TimesAreIso8601WithMilliseconds) {
    EXPECT_EQ(mcp::detail::iso8601(0), "1970-01-01T00:00:00.000Z");
    EXPECT_EQ(mcp::detail::iso8601(1'000'000'000'007), "2001-09-09T01:46:40.007Z");
}

} // namespace
