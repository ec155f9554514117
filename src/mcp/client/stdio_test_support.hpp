// For the stdio transport's tests only: driving an io_context from a test body, each wait with a deadline so
// that a broken test fails instead of hanging, and a /bin/sh script as a fake server.
#pragma once

#include <mcp/core/task.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <chrono>
#include <functional>
#include <future>
#include <stdexcept>

namespace mcp::transport::testing {

// Runs `t` on `io` to its end and returns its value; throws when it takes longer than `limit`.
template <class T>
T run(boost::asio::io_context& io, task<T> t, std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    auto f = boost::asio::co_spawn(io, std::move(t), boost::asio::use_future);
    auto const deadline = std::chrono::steady_clock::now() + limit;
    while (f.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
        if (std::chrono::steady_clock::now() > deadline)
            throw std::runtime_error("the coroutine did not finish in time");
        io.restart();
        io.run_one_for(std::chrono::milliseconds(10));
    }
    return f.get();
}

// Runs handlers on `io` until done() holds (true) or `limit` has passed (false).
inline bool run_until(boost::asio::io_context& io, std::function<bool()> const& done,
                      std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    auto const deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline)
            return false;
        io.restart();
        io.run_one_for(std::chrono::milliseconds(10));
    }
    return true;
}

} // namespace mcp::transport::testing
