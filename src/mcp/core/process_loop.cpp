#include <mcp/core/process_loop.hpp>

#include <mcp/core/log.hpp>

#include <boost/asio/signal_set.hpp>

#include <algorithm>
#include <csignal>
#include <exception>
#include <memory>
#include <thread>
#include <vector>

namespace mcp {
namespace {

// Waits for a signal; the first starts the graceful stop and waits again, the second stops io.
struct on_signal {
    boost::asio::io_context* io;
    boost::asio::signal_set* signals;
    std::shared_ptr<process_stop> stop;
    bool again = false;

    void operator()(boost::system::error_code ec, int number) const {
        if (ec)
            return;
        if (again || !stop->graceful) {
            log::warn("signal {}: stopping now", number);
            io->stop();
            return;
        }
        log::info("signal {}: stopping gracefully (again to stop now)", number);
        signals->async_wait(on_signal{io, signals, stop, true});
        stop->graceful([ctx = io] { ctx->stop(); });
    }
};

void run_guarded(boost::asio::io_context& io) {
    for (;;) {
        try {
            io.run();
            return;
        } catch (std::exception const& e) {
            log::error("unhandled exception on an I/O thread (it goes on): {}", e.what());
        } catch (...) {
            log::error("unhandled non-standard exception on an I/O thread (it goes on)");
        }
    }
}

} // namespace

std::size_t io_threads(std::size_t asked) {
    return asked ? asked : std::max(1u, std::thread::hardware_concurrency());
}

void run_process(boost::asio::io_context& io, std::size_t threads, process_stop stop) {
    boost::asio::signal_set signals(io);
    if (stop.handle_signals) {
        signals.add(SIGINT);
        signals.add(SIGTERM);
        signals.async_wait(on_signal{&io, &signals, std::make_shared<process_stop>(std::move(stop))});
    }
    std::vector<std::thread> pool;
    for (std::size_t i = 1; i < io_threads(threads); ++i)
        pool.emplace_back([&io] { run_guarded(io); });
    run_guarded(io);
    for (auto& t : pool)
        t.join();
}

} // namespace mcp
