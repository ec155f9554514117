// stores: the pair of stores a front door needs (sessions and their SSE events) and the bounds every backend
// honours the same way. Each backend (memory/, sqlite/, postgres/, dynamodb/) makes a `stores` from its own
// options; storage/open.hpp picks a backend from configuration.
#pragma once

#include <mcp/storage/event_store.hpp>
#include <mcp/storage/session_store.hpp>

#include <chrono>
#include <cstddef>
#include <memory>

namespace mcp::storage {

struct stores {
    std::shared_ptr<session_store> sessions;
    std::shared_ptr<event_store> events;
};

// The same meaning for every backend (session_store.hpp and event_store.hpp give the contract).
struct store_limits {
    std::size_t max_sessions = 10'000;                      // live sessions; 0: no limit
    std::chrono::milliseconds ttl = std::chrono::hours(1);  // idle time after which a session expires
    std::size_t max_events_per_session = 1'000;             // the oldest are dropped first; 0: no bound
};

} // namespace mcp::storage
