// The cross-backend contract suites (storage/testing: sessions and events, and tasks) run against DynamoDB:
// dynalite at MCP_TEST_DYNAMODB_ENDPOINT (see scripts/services), each store on three fresh tables of its own
// (made by open_dynamodb with create_tables), deleted when the program ends.
#include "dynamodb_test_support.hpp"

#include <mcp/storage/testing/store_contract.hpp>
#include <mcp/storage/testing/task_contract.hpp>

#include <boost/asio/ip/tcp.hpp>

#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace {

using namespace mcp::storage;
using mcp::storage::testing::background;
using mcp::storage::testing::store_bounds;

store_limits limits_of(store_bounds b) {
    return {.max_sessions = b.max_sessions, .ttl = b.ttl, .max_events_per_session = b.max_events_per_session};
}

std::string endpoint() {
    char const* e = std::getenv("MCP_TEST_DYNAMODB_ENDPOINT");
    if (!e || !*e)
        throw std::runtime_error(
            "MCP_TEST_DYNAMODB_ENDPOINT is not set: start dynalite with scripts/services "
            "(source scripts/services; services_start) and export it");
    return e;
}

// The tables made so far, deleted at the end so that a long-running dynalite does not fill up.
struct made_tables : ::testing::Environment {
    void add(std::string name) {
        std::lock_guard lock(mutex);
        names.push_back(std::move(name));
    }
    void TearDown() override {
        if (names.empty())
            return;
        auto client = mcp::aws::dynamodb_client::create(background::instance().executor(),
                                                        mcp::storage::testing::client_options(endpoint()));
        for (auto const& name : names)
            background::instance().run(client->call("DeleteTable", {{"TableName", name}}));
    }
    std::mutex mutex;
    std::vector<std::string> names;
};

made_tables* const tables = static_cast<made_tables*>(::testing::AddGlobalTestEnvironment(new made_tables));

stores fresh(store_bounds b) {
    dynamodb_store_options options{.client = mcp::storage::testing::client_options(endpoint()),
                                   .sessions_table =
                                       mcp::storage::testing::unique_name("mcp-contract-sessions"),
                                   .events_table = mcp::storage::testing::unique_name("mcp-contract-events"),
                                   .tasks_table = mcp::storage::testing::unique_name("mcp-contract-tasks"),
                                   .create_tables = true,
                                   .limits = limits_of(b)};
    tables->add(options.sessions_table);
    tables->add(options.events_table);
    tables->add(options.tasks_table);
    auto opened = background::instance().run(open_dynamodb(background::instance().executor(), options));
    if (!opened)
        throw std::runtime_error("open_dynamodb: " + opened.error().message());
    return *opened;
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

} // namespace
