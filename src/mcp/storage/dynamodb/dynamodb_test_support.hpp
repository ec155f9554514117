// What the DynamoDB store tests share: a background io_context for the stores' connections (the contract
// suite runs each operation on a fresh io_context of its own, which ends with the operation), client options
// for an endpoint, running a coroutine to its end on that background, and fresh tables on the shared dynalite
// of scripts/services (MCP_TEST_DYNAMODB_ENDPOINT), deleted when the program ends.
#pragma once

#include <mcp/storage/dynamodb/dynamodb_store.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace mcp::storage::testing {

// One thread running one io_context for the whole test program; stopped when the tests end (a global test
// environment's TearDown), not by a static destructor: that would run after OpenSSL's own exit handler, and
// the thread's OpenSSL state would leak (LeakSanitizer reports it).
class background {
public:
    static background& instance() {
        static background* b = new background; // stopped by stop(), never destroyed: see above
        return *b;
    }
    boost::asio::any_io_executor executor() { return io_.get_executor(); }

    // Runs `t` on the background thread and waits for its result.
    template <class T>
    T run(task<T> t) {
        return boost::asio::co_spawn(io_, std::move(t), boost::asio::use_future).get();
    }

    void stop() {
        guard_.reset();
        if (thread_.joinable())
            thread_.join();
    }

private:
    background() : thread_([this] { io_.run(); }) {}
    boost::asio::io_context io_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_{io_.get_executor()};
    std::thread thread_;
};

struct background_stopper : ::testing::Environment {
    void TearDown() override { background::instance().stop(); }
};
inline ::testing::Environment* const background_environment =
    ::testing::AddGlobalTestEnvironment(new background_stopper);

inline aws::dynamodb_options client_options(std::string endpoint) {
    return {.region = "us-east-1",
            .credentials = aws::credentials{.access_key_id = "AKIDMCPTESTS", .secret_access_key = "test-secret"},
            .endpoint = std::move(endpoint),
            .retry = {.max_attempts = 3,
                      .base_delay = std::chrono::milliseconds(5),
                      .max_delay = std::chrono::milliseconds(20)}};
}

// "<prefix>-<pid>-<n>": table names no other test (or earlier run) uses.
inline std::string unique_name(std::string_view prefix) {
    static std::atomic<int> next{0};
    return std::string(prefix) + "-" + std::to_string(::getpid()) + "-" + std::to_string(++next);
}

// The endpoint of the dynalite scripts/services started; throws saying how to start it when there is none.
inline std::string shared_endpoint() {
    char const* e = std::getenv("MCP_TEST_DYNAMODB_ENDPOINT");
    if (!e || !*e)
        throw std::runtime_error(
            "MCP_TEST_DYNAMODB_ENDPOINT is not set: start dynalite with scripts/services "
            "(source scripts/services; services_start) and export it");
    return e;
}

// Options for the four tables "<prefix>-sessions", "-events", "-tasks" and "-state" on the shared dynalite,
// created by open_dynamodb when missing. A prefix names one set: another process (a killed writer) given it
// opens the same tables.
inline dynamodb_store_options tables_named(std::string const& prefix) {
    return {.client = client_options(shared_endpoint()),
            .sessions_table = prefix + "-sessions",
            .events_table = prefix + "-events",
            .tasks_table = prefix + "-tasks",
            .state_table = prefix + "-state",
            .create_tables = true};
}

// The tables made on the shared dynalite, deleted at the end so that a long-running one does not fill up.
// Registered after background_environment, so torn down before it stops.
struct made_tables : ::testing::Environment {
    void add(dynamodb_store_options const& o) {
        std::lock_guard lock(mutex);
        names.insert(names.end(), {o.sessions_table, o.events_table, o.tasks_table, o.state_table});
    }
    void TearDown() override {
        if (names.empty())
            return;
        auto client = aws::dynamodb_client::create(background::instance().executor(),
                                                   client_options(shared_endpoint()));
        for (auto const& name : names) // a table a test deleted already answers an error: ignored
            (void)background::instance().run(client->call("DeleteTable", {{"TableName", name}}));
    }
    std::mutex mutex;
    std::vector<std::string> names;
};
inline made_tables* const shared_tables =
    static_cast<made_tables*>(::testing::AddGlobalTestEnvironment(new made_tables));

// A fresh set of table names on the shared dynalite (not created yet: open_dynamodb does that).
inline dynamodb_store_options fresh_tables(std::string_view prefix = "mcp-test") {
    auto o = tables_named(unique_name(prefix));
    shared_tables->add(o);
    return o;
}

} // namespace mcp::storage::testing
