// The contract suite every session store and event store backend must pass (ARCHITECTURE.md section 8): one
// set of GoogleTest cases, instantiated once per backend from that backend's own test file, so that memory,
// SQLite, PostgreSQL and DynamoDB agree on ids, revisions, limits, TTL refresh, event numbering, bounds,
// concurrency and what an unreachable store looks like. Not a benchmark (bench/) and not backend-specific
// checks (those sit beside each backend).
//
// A backend instantiates it with a factory, at namespace scope of its test file:
//
//     mcp::storage::testing::store_factory sqlite_factory() {
//         return {.name = "sqlite",
//                 .make = [](mcp::storage::testing::store_bounds b) { return fresh stores with bounds b; },
//                 .make_unreachable = [](mcp::storage::testing::store_bounds b) { return stores that fail;
//                 }};
//     }
//     MCP_STORE_CONTRACT(sqlite, sqlite_factory());
//
// and links the test executable with mcp_storage_testing (an OBJECT library: its TEST_P cases must reach
// every binary that links it, which a static library would drop).
#pragma once

#include <mcp/storage/event_store.hpp>
#include <mcp/storage/session_store.hpp>
#include <mcp/storage/stores.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace mcp::storage::testing {

// The bounds a test needs; a factory builds its stores with exactly these.
struct store_bounds {
    std::size_t max_sessions = 1'000;
    std::chrono::milliseconds ttl = std::chrono::minutes(10);
    std::size_t max_events_per_session = 1'000;
};

using store_pair = ::mcp::storage::stores;

struct store_factory {
    // The backend's name in test names: letters, digits and underscores.
    std::string name;
    // Fresh, empty stores isolated from every store made before (a new file, schema, table prefix...).
    std::function<store_pair(store_bounds)> make;
    // Stores whose backend cannot be reached, so every operation fails with errc::unavailable.
    // Empty when the backend cannot be unreachable (memory): that test is skipped.
    std::function<store_pair(store_bounds)> make_unreachable;
    // The shortest TTL the backend honours with millisecond-scale clocks; the TTL tests sleep a few of these.
    std::chrono::milliseconds short_ttl = std::chrono::milliseconds(300);
};

// GoogleTest prints parameters in failure messages and test listings.
inline void PrintTo(store_factory const& f, std::ostream* os) {
    *os << f.name;
}
inline std::string store_factory_name(::testing::TestParamInfo<store_factory> const& info) {
    return info.param.name;
}

// The fixture of every contract case.
class store_contract : public ::testing::TestWithParam<store_factory> {
protected:
    store_pair make(store_bounds bounds = {}) const { return GetParam().make(bounds); }
    std::chrono::milliseconds short_ttl() const { return GetParam().short_ttl; }
};

// Runs one store operation to completion on a fresh io_context (backends may suspend on their own threads).
template <class T>
T run(task<T> t) {
    boost::asio::io_context io;
    auto f = boost::asio::co_spawn(io, std::move(t), boost::asio::use_future);
    io.run();
    return f.get();
}

// Runs the coroutines make_one(0 .. count-1) makes on four threads at once; their results in order. For tests
// of concurrent writers (the contract's, and a backend's own with two stores on one database).
template <class T, class Make>
std::vector<T> run_concurrently(int count, Make make_one) {
    boost::asio::thread_pool threads(4);
    std::vector<std::future<T>> futures;
    for (int i = 0; i < count; ++i)
        futures.push_back(boost::asio::co_spawn(threads, make_one(i), boost::asio::use_future));
    threads.join();
    std::vector<T> out;
    for (auto& f : futures)
        out.push_back(f.get());
    return out;
}

// Appends `count` events ("w<writer>-<i>") to stream "shared" of session "s"; the sequences it got, in order.
task<result<std::vector<std::uint64_t>>> append_many(std::shared_ptr<event_store> e, int writer, int count);

// The sequences of `events`, in order.
std::vector<std::uint64_t> sequences(std::vector<stored_event> const& events);

// A record with every field set to something that is not its default.
session_record full_record(std::string id);
session_record bare_record(std::string id);

} // namespace mcp::storage::testing

// Instantiates the contract suite for one backend: MCP_STORE_CONTRACT(memory, memory_factory());
#define MCP_STORE_CONTRACT(backend, factory)                                                                 \
    using store_contract = ::mcp::storage::testing::store_contract;                                          \
    INSTANTIATE_TEST_SUITE_P(backend, store_contract, ::testing::Values(factory),                            \
                             ::mcp::storage::testing::store_factory_name)
