// The measured loops of bench_stores: event appends, replays of a 1,000-event stream, and session load+save
// pairs, each for a fixed window of wall-clock time against one backend's stores. Not for checking behaviour
// (the contract suite in src/mcp/storage/testing does that): a failed operation is counted and ends its
// worker.
//
// Workers are coroutines on the caller's io_context (one per simulated writer, each on its own session, as
// concurrent requests of different clients would be); the window starts when they are all spawned and ends
// when the last one stops.
#pragma once

#include <mcp/storage/stores.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace bench_stores {

struct window {
    std::chrono::duration<double> length{2.0}; // how long each worker keeps going
    std::size_t workers = 1;
};

struct rate {
    std::uint64_t operations = 0; // completed without an error
    double seconds = 0;           // from the start of the window to the end of the last worker
    std::uint64_t errors = 0;
    std::string first_error; // empty when errors == 0
    double per_second() const { return seconds > 0 ? static_cast<double>(operations) / seconds : 0; }
};

struct replay_figures {
    rate replays;                // after() calls that returned the whole stream
    std::size_t stream_events{}; // events in the replayed stream
    double p50_ms = 0;           // one replay, median
    double p99_ms = 0;
};

// The value at rank `p` (0 to 1, nearest rank) of `v`; 0 when `v` is empty.
double percentile(std::vector<double> v, double p);

// The event appended everywhere: a ~200-byte JSON-RPC message (a tools/call result), as the HTTP layer stores
// each SSE event it sends.
std::string event_message();

// Appends event_message() to stream "post-1" of session `prefix`-<worker>, back to back, in each worker.
rate append_rate(boost::asio::any_io_executor ex, mcp::storage::stores const& s, std::string const& prefix,
                 window w);

// Fills stream "post-1" of session `session` with `events` events (appended by several workers at once to
// save time; the store numbers them), then calls after(session, stream, 0) back to back in one worker. A
// replay that does not return all `events` events is an error.
replay_figures replay_rate(boost::asio::any_io_executor ex, mcp::storage::stores const& s,
                           std::string const& session, std::size_t events, window w);

// Creates one session per worker (`prefix`-<worker>), then load() + save() of it back to back in each worker:
// what the HTTP layer does for a request that changes the session (a logging/setLevel, a subscription).
rate session_pairs(boost::asio::any_io_executor ex, mcp::storage::stores const& s, std::string const& prefix,
                   window w);

} // namespace bench_stores
