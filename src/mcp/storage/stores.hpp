// stores: the stores a front door needs (sessions, their SSE events, tasks, and server state) and the bounds every backend
// honours the same way. Each backend (memory/, sqlite/, postgres/, dynamodb/) makes a `stores` from its own
// options; storage/open.hpp picks a backend from configuration.
#pragma once

#include <mcp/storage/event_store.hpp>
#include <mcp/storage/session_store.hpp>
#include <mcp/storage/state_store.hpp>
#include <mcp/storage/task_store.hpp>

#include <chrono>
#include <cstddef>
#include <memory>

namespace mcp::storage {

// The same meaning for every backend (session_store.hpp and event_store.hpp give the contract). The one place a
// program sets them: in code (store_config::limits, or a backend's options) or from MCP_MAX_SESSIONS,
// MCP_SESSION_TTL and MCP_MAX_EVENTS_PER_SESSION (open.hpp).
struct store_limits {
    std::size_t max_sessions = 10'000;                      // live sessions; 0: no limit
    std::chrono::milliseconds ttl = std::chrono::hours(1);  // idle time after which a session expires
    std::size_t max_events_per_session = 1'000;             // the oldest are dropped first; 0: no bound
};

struct stores {
    std::shared_ptr<session_store> sessions;
    std::shared_ptr<event_store> events;
    // The bounds the stores were opened with. A front door reads them too: a session idle for limits.ttl is
    // dropped from its memory whatever the backend.
    store_limits limits;
    // MCP tasks (task_store.hpp), in the same backend: a server given it runs task-augmented tools/call.
    std::shared_ptr<task_store> tasks;
    // Server-wide state (state_store.hpp: which tools, prompts and resources are active), in the same backend:
    // every server sharing it serves one set.
    std::shared_ptr<state_store> state;
};

// In-memory stores bounded by `limits` (memory/memory_store.hpp): one process only, lost when it ends.
stores open_memory(store_limits const& limits = {});

} // namespace mcp::storage
