// mcp::testing::run: drives an io_context until one coroutine has finished, for tests written as plain
// functions. Its value is returned, its exception rethrown; a coroutine still running after `limit` is an error
// (std::runtime_error), so that a test that would hang fails instead.
//
//   boost::asio::io_context io;
//   mcp::client c(io.get_executor(), ...);
//   auto tools = mcp::testing::run(io, c.list_all_tools());
#pragma once

#include <mcp/core/task.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <chrono>
#include <future>
#include <stdexcept>
#include <string>

namespace mcp::testing {

template <class T>
T run(boost::asio::io_context& io, task<T> work, std::chrono::milliseconds limit = std::chrono::seconds(30)) {
    auto done = boost::asio::co_spawn(io, std::move(work), boost::asio::use_future);
    auto const deadline = std::chrono::steady_clock::now() + limit;
    while (done.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
        if (std::chrono::steady_clock::now() > deadline)
            throw std::runtime_error("mcp::testing::run: not finished after " + std::to_string(limit.count()) +
                                     " ms");
        if (io.stopped()) io.restart();
        io.run_one_for(std::chrono::milliseconds(10));
    }
    return done.get();
}

// Runs the io_context for `d` (handlers that are ready, timers that fall due), for a test that waits on what its
// client does in the background (a notification sent after a call returned).
inline void run_for(boost::asio::io_context& io, std::chrono::milliseconds d) {
    io.restart();
    io.run_for(d);
}

} // namespace mcp::testing
