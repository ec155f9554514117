#include <mcp/stdio/stdio.hpp>

#include <mcp/server/log.hpp>
#include <mcp/stdio/line_reader.hpp>
#include <mcp/stdio/line_writer.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>
#include <thread>
#include <unistd.h>

namespace mcp::stdio {
namespace {

namespace asio = boost::asio;

// One incoming line: decode, classify, hand to the session, write the reply. Parameters by value: it outlives
// the reader's buffer.
task<> serve_line(std::shared_ptr<session> s, std::shared_ptr<line_writer> out, std::string line,
                  std::shared_ptr<std::atomic<int>> inflight) {
    auto msg = protocol::parse_message(std::string_view(line));
    if (!msg) {
        boost::system::error_code ec;
        auto decoded = boost::json::parse(line, ec);
        out->write(protocol::make_error_response(ec ? std::nullopt : protocol::salvage_id(decoded), msg.error()));
    } else if (auto reply = co_await s->handle(std::move(*msg))) {
        out->write(*reply);
    }
    --*inflight;
}

// Waits for the requests in flight to finish (at most `limit`), then stops the loop.
task<> drain(std::shared_ptr<std::atomic<int>> inflight, std::chrono::milliseconds limit, asio::io_context& io) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (*inflight > 0 && std::chrono::steady_clock::now() < deadline) {
        timer.expires_after(std::chrono::milliseconds(10));
        co_await timer.async_wait(asio::use_awaitable);
    }
    if (*inflight > 0) log::warn("stdio: {} request(s) still running at shutdown were abandoned", inflight->load());
    io.stop();
}

} // namespace

int run(server& srv, options opts) { return run(srv, STDIN_FILENO, STDOUT_FILENO, opts); }

int run(server& srv, int in_fd, int out_fd, options opts) {
    asio::io_context io;
    auto strand = asio::make_strand(io);
    auto out = std::make_shared<line_writer>(out_fd);
    auto s = srv.open_session(strand, out);
    auto inflight = std::make_shared<std::atomic<int>>(0);
    std::atomic<bool> draining = false;
    auto finish = [&] {
        if (draining.exchange(true)) return;
        asio::co_spawn(strand, drain(inflight, opts.drain_timeout, io), asio::detached);
    };

    line_reader reader(in_fd, opts.max_message_bytes);
    auto on_line = [&](std::string line) {
        ++*inflight;
        asio::co_spawn(strand, serve_line(s, out, std::move(line), inflight), asio::detached);
    };
    auto on_oversized = [&] {
        out->write(protocol::make_error_response(
            std::nullopt, error::invalid_request("Message larger than " + std::to_string(opts.max_message_bytes) +
                                                 " bytes; skipped")));
    };
    std::thread reading([&] {
        reader.run(on_line, on_oversized);
        asio::post(strand, finish);
    });

    asio::signal_set signals(io);
    if (opts.handle_signals) {
        signals.add(SIGINT);
        signals.add(SIGTERM);
        signals.async_wait([&](boost::system::error_code ec, int) {
            if (!ec) finish();
        });
    }
    auto work = asio::make_work_guard(io);
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < opts.threads; ++i) threads.emplace_back([&] { io.run(); });
    io.run();
    for (auto& t : threads) t.join();
    reader.stop();
    reading.join();
    out->flush();
    return 0;
}

} // namespace mcp::stdio
