// The dynamic-list figures of bench_stores (issue 14), against one backend's state store:
//  - steady state: what list_mode::dynamic costs a request that changes nothing (state store calls per
//  request,
//    counted through a wrapper, and the request rate against the same loop without list checks);
//  - a change: how long a tool deactivated or activated through instance A takes to reach a session of
//  instance
//    B as notifications/tools/list_changed, against one save + load of the same store.
// Not a test: the state contract suite and tests/conversation/list_behaviour_test.cpp check the behaviour;
// this only counts and times.
#pragma once

#include "workloads.hpp"

#include <mcp/storage/stores.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace bench_stores {

struct list_request_figures {
    std::chrono::milliseconds check_interval{};
    rate counted; // requests: refresh_lists_if_due(), then tools/list, as a front door serves one
    std::uint64_t state_calls = 0; // state store calls (load and save) during `counted`
    double state_calls_per_request = 0;
    rate with_checks; // the same requests again, in slices alternating with
    rate ceiling;     // the same requests without refresh_lists_if_due()
};

// One list_mode::dynamic server (four tools) on `s.state`, counted; `w.workers` initialized sessions each
// send requests back to back: for `w.length` with list checks (counted), then for `w.length` each with and
// without checks in alternating slices of about 0.2 s. The look interval is the default 10 s, or a quarter of
// the window when the window is shorter than 40 s, so that a store that does not push is looked at a few
// times in the window. No background look runs: every store call counted is a request's.
list_request_figures list_request_rate(boost::asio::any_io_executor ex, mcp::storage::stores const& s,
                                       window w);

struct list_change_figures {
    std::chrono::milliseconds check_interval{}; // B's look interval (stores that do not push)
    // Per change: from A's call returning (0 when B's session heard first), and from A's call beginning, to
    // B's session getting notifications/tools/list_changed.
    std::vector<double> notify_ms;
    std::vector<double> notify_from_call_ms;
    std::size_t told_before_return{};  // changes B's session heard of before A's call returned
    std::size_t notifications{};       // tools/list_changed B's session got in all (one per change expected)
    std::vector<double> round_trip_ms; // save through A's state store then load through B's, back to back
    std::uint64_t errors = 0;
    std::string first_error; // empty when errors == 0
};

// Two servers as two processes would run them: A on `a.state`, B on `b.state` (separate store objects and
// connections of one backend; pass the same stores for memory, which is one process's). B has
// start_list_checks running, looks every `interval` and holds one initialized session whose messages are
// recorded. A switches a tool off and on `changes` times, each after a random pause shorter than `interval`
// (shorter than 50 ms when the store pushes) so that changes fall anywhere between two of B's looks; each
// waits for B's session to be told. Then `changes` save + load round trips of a separate key, the floor.
list_change_figures list_change_latency(boost::asio::any_io_executor ex, mcp::storage::stores const& a,
                                        mcp::storage::stores const& b, std::size_t changes,
                                        std::chrono::milliseconds interval, bool pushes);

} // namespace bench_stores
