// Reading a stream's events back from a shared store, in order. On a store whose append takes its number and
// then writes the event in a second step (DynamoDB: an atomic counter, then a put), two processes appending
// to one stream can make number 6 visible before number 5. A reader that moved past 6 would never see 5. So a
// reader following a stream live takes the events up to the first hole, and skips a hole only once it has
// stayed open for `grace` (an append that failed after taking its number never fills it). Pure, no I/O.
//
// Not for the first read of a stream: there a hole means events dropped by the store's bound, which never
// come.
#pragma once

#include <mcp/storage/event_store.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace mcp::http {

class stored_order {
public:
    using clock = std::chrono::steady_clock;
    explicit stored_order(std::chrono::milliseconds grace = std::chrono::seconds(2)) : grace_(grace) {}

    // How many of `events` (sorted by sequence, all after `from`) to take now.
    std::size_t takeable(std::vector<storage::stored_event> const& events, std::uint64_t from,
                         clock::time_point now = clock::now());

private:
    std::chrono::milliseconds grace_;
    std::optional<std::uint64_t> hole_; // the first missing sequence, while one is open
    clock::time_point hole_since_;
};

} // namespace mcp::http
