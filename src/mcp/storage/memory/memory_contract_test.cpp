// The cross-backend contract suite (storage/testing) run against the in-memory stores.
#include <mcp/storage/memory/memory_store.hpp>
#include <mcp/storage/testing/store_contract.hpp>

namespace {

using namespace mcp::storage;

mcp::storage::testing::store_factory memory_factory() {
    return {.name = "memory",
            .make =
                [](mcp::storage::testing::store_bounds b) {
                    return mcp::storage::testing::store_pair{
                        std::make_shared<memory_session_store>(
                            memory_session_options{.max_sessions = b.max_sessions, .ttl = b.ttl}),
                        std::make_shared<memory_event_store>(
                            memory_event_options{.max_events_per_session = b.max_events_per_session})};
                },
            .short_ttl = std::chrono::milliseconds(100)};
}

MCP_STORE_CONTRACT(memory, memory_factory());

} // namespace
