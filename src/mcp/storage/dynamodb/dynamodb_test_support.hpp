// What the DynamoDB store tests share: a background io_context for the stores' connections (the contract
// suite runs each operation on a fresh io_context of its own, which ends with the operation), client options
// for an endpoint, and running a coroutine to its end on that background.
#pragma once

#include <mcp/storage/dynamodb/dynamodb_store.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <unistd.h>

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
            .credentials = {.access_key_id = "AKIDMCPTESTS", .secret_access_key = "test-secret"},
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

} // namespace mcp::storage::testing
