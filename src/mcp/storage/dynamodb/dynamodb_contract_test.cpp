// The cross-backend contract suites (storage/testing: sessions and events, tasks, server state) run against
// DynamoDB: dynalite at MCP_TEST_DYNAMODB_ENDPOINT (see scripts/services), each store on four fresh tables of
// its own (made by open_dynamodb with create_tables), deleted when the program ends.
#include "dynamodb_test_support.hpp"

#include <mcp/storage/testing/state_contract.hpp>
#include <mcp/storage/testing/store_contract.hpp>
#include <mcp/storage/testing/task_contract.hpp>

#include <boost/asio/ip/tcp.hpp>

#include <stdexcept>

namespace {

using namespace mcp::storage;
using mcp::storage::testing::background;
using mcp::storage::testing::store_bounds;

store_limits limits_of(store_bounds b) {
    return {.max_sessions = b.max_sessions, .ttl = b.ttl, .max_events_per_session = b.max_events_per_session};
}

stores open_tables(dynamodb_store_options const& options) {
    auto opened = background::instance().run(open_dynamodb(background::instance().executor(), options));
    if (!opened)
        throw std::runtime_error("open_dynamodb: " + opened.error().message());
    return *opened;
}

stores fresh(store_bounds b) {
    auto options = mcp::storage::testing::fresh_tables("mcp-contract");
    options.limits = limits_of(b);
    return open_tables(options);
}

std::uint16_t closed_port() {
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor a(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
    return a.local_endpoint().port(); // closed again when `a` goes
}

// Nothing listens on the port: the stores are made without checking the tables, and every operation fails.
stores unreachable(store_bounds b) {
    auto options = mcp::storage::testing::client_options("http://127.0.0.1:" + std::to_string(closed_port()));
    options.retry = {.max_attempts = 2, .base_delay = std::chrono::milliseconds(1)};
    auto client = mcp::aws::dynamodb_client::create(background::instance().executor(), options);
    return dynamodb_stores(client.value(), {.limits = limits_of(b)});
}

mcp::storage::testing::store_factory dynamodb_factory() {
    return {.name = "dynamodb",
            .make = fresh,
            .make_unreachable = unreachable,
            .short_ttl = std::chrono::milliseconds(600)};
}

MCP_STORE_CONTRACT(dynamodb, dynamodb_factory());

mcp::storage::testing::task_store_factory dynamodb_task_factory() {
    return {.name = "dynamodb",
            .make = [] { return fresh({}).tasks; },
            .make_unreachable = [] { return unreachable({}).tasks; }};
}

MCP_TASK_CONTRACT(dynamodb, dynamodb_task_factory());

// Two store objects on one set of tables, each opened with its own client: two processes.
mcp::storage::testing::state_store_factory dynamodb_state_factory() {
    return {.name = "dynamodb",
            .make_pair =
                [] {
                    auto const options = mcp::storage::testing::fresh_tables("mcp-contract");
                    return std::pair(open_tables(options).state, open_tables(options).state);
                },
            .make_unreachable = [] { return unreachable({}).state; },
            .pushes = false};
}

MCP_STATE_CONTRACT(dynamodb, dynamodb_state_factory());

} // namespace
