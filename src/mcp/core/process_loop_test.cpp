#include <mcp/core/process_loop.hpp>

#include <boost/asio/post.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <stdexcept>

namespace {

namespace asio = boost::asio;

TEST(process_loop, AnExceptionOnAnIoThreadIsLoggedAndTheThreadRunsOn) {
    asio::io_context io;
    std::atomic<bool> later_ran = false;
    asio::post(io, [] { throw std::runtime_error("a handler failed"); });
    asio::post(io, [&] {
        later_ran = true;
        io.stop();
    });
    mcp::run_process(io, 1, {.handle_signals = false});
    EXPECT_TRUE(later_ran);
}

TEST(process_loop, TheFirstSignalStopsGracefullyAndTheStopEndsTheLoop) {
    asio::io_context io;
    int graceful_calls = 0;
    mcp::process_stop stop{.graceful = [&](std::function<void()> done) {
        ++graceful_calls;
        done();
    }};
    asio::post(io, [] { std::raise(SIGTERM); });
    mcp::run_process(io, 2, std::move(stop));
    EXPECT_EQ(graceful_calls, 1);
}

TEST(process_loop, ASecondSignalStopsAGracefulStopThatHangs) {
    asio::io_context io;
    int graceful_calls = 0;
    mcp::process_stop stop{.graceful = [&](std::function<void()>) {
        ++graceful_calls; // never calls done: a stream that will not end
        std::raise(SIGINT);
    }};
    asio::post(io, [] { std::raise(SIGINT); });
    mcp::run_process(io, 1, std::move(stop));
    EXPECT_EQ(graceful_calls, 1);
}

TEST(process_loop, ZeroThreadsMeansOnePerCoreAndNeverNone) {
    EXPECT_GE(mcp::io_threads(0), 1u);
    EXPECT_EQ(mcp::io_threads(3), 3u);
}

} // namespace
