// The cross-backend contract suites (storage/testing: sessions and events, tasks) run against PostgreSQL:
// MCP_TEST_POSTGRES_URL (see scripts/services), each store on fresh tables of its own.
#include <mcp/storage/postgres/postgres_store.hpp>
#include <mcp/storage/postgres/testing/private_cluster.hpp>
#include <mcp/storage/postgres/testing/test_database.hpp>
#include <mcp/storage/testing/store_contract.hpp>
#include <mcp/storage/testing/task_contract.hpp>

#include <stdexcept>

namespace {

using namespace mcp::storage;
using mcp::storage::testing::store_bounds;

store_limits limits_of(store_bounds b) {
    return {.max_sessions = b.max_sessions, .ttl = b.ttl, .max_events_per_session = b.max_events_per_session};
}

stores open_or_throw(postgres_options options) {
    auto opened = open_postgres(std::move(options));
    if (!opened)
        throw std::runtime_error("open_postgres: " + opened.error().message());
    return *opened;
}

// Nothing listens on the port: with connect_at_open = false the stores open, and each operation fails.
stores unreachable(store_bounds b) {
    return open_or_throw({.connection = "postgresql://postgres@127.0.0.1:" +
                                        std::to_string(mcp::storage::testing::closed_port()) + "/mcp_test",
                          .connect_timeout = std::chrono::milliseconds(500),
                          .connect_at_open = false,
                          .limits = limits_of(b)});
}

mcp::storage::testing::store_factory postgres_factory() {
    return {.name = "postgres",
            .make =
                [](store_bounds b) {
                    return open_or_throw(mcp::storage::testing::fresh_postgres_options(limits_of(b)));
                },
            .make_unreachable = unreachable,
            .short_ttl = std::chrono::milliseconds(500)};
}

MCP_STORE_CONTRACT(postgres, postgres_factory());

MCP_TASK_CONTRACT(postgres, (mcp::storage::testing::task_store_factory{
                                .name = "postgres",
                                .make = [] { return postgres_factory().make({}).tasks; },
                                .make_unreachable = [] { return unreachable({}).tasks; }}));

} // namespace
