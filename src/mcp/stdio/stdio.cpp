#include <mcp/stdio/stdio.hpp>

#include <mcp/storage/memory/memory_task_store.hpp>

#include <mcp/core/log.hpp>
#include <mcp/core/process_loop.hpp>
#include <mcp/server/request_line.hpp>
#include <mcp/stdio/line_reader.hpp>
#include <mcp/stdio/line_writer.hpp>
#include <mcp/stdio/stdio_modern.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace mcp::stdio {
namespace {

namespace asio = boost::asio;

// Bounds the messages in flight. The reader thread waits in acquire() for a free place before it hands on a
// line; close() releases it at shutdown. Requests may fill `max` places; answers and notifications twice as
// many, so that the answer a waiting request needs (elicitation, sampling) or a notifications/cancelled is
// still read when requests fill their share.
class in_flight_limit {
public:
    explicit in_flight_limit(std::size_t max) : max_(std::max<std::size_t>(1, max)) {}
    bool acquire(bool request) {
        std::unique_lock lock(mutex_);
        auto limit = request ? max_ : 2 * max_;
        room_.wait(lock, [&] { return closed_ || count_ < limit; });
        if (closed_)
            return false;
        ++count_;
        return true;
    }
    void release() {
        {
            std::lock_guard lock(mutex_);
            --count_;
        }
        room_.notify_all();
    }
    void close() {
        {
            std::lock_guard lock(mutex_);
            closed_ = true;
        }
        room_.notify_all();
    }
    std::size_t count() const {
        std::lock_guard lock(mutex_);
        return count_;
    }

private:
    std::size_t const max_;
    mutable std::mutex mutex_;
    std::condition_variable room_;
    std::size_t count_ = 0;
    bool closed_ = false;
};

// What the request line (server/request_line.hpp) says of a message, read before the session takes it: its
// method and the name or uri it acts on. Empty for a response.
struct line_fields {
    std::string method;
    std::string subject;
};

line_fields fields_of(protocol::message const& m) {
    auto const* r = std::get_if<protocol::request>(&m);
    auto const* n = std::get_if<protocol::notification>(&m);
    if (!r && !n)
        return {};
    auto const& method = r ? r->method : n->method;
    auto const& params = r ? r->params : n->params;
    auto const* subject = params.if_contains(subject_key_of(method) == "uri" ? "uri" : "name");
    return {method, subject && subject->is_string() ? std::string(subject->get_string()) : std::string()};
}

std::optional<std::int64_t> error_code_of(boost::json::object const& reply) {
    auto const* e = reply.if_contains("error");
    auto const* code = e && e->is_object() ? e->get_object().if_contains("code") : nullptr;
    return code && code->is_int64() ? std::optional(code->get_int64()) : std::nullopt;
}

// The message's era, per message (stdio_modern.hpp): a 2026-07-28 one to its request scope, any other to the
// 2025 session. Not a coroutine: both take a notification, and the modern side its request, at the call.
task<std::optional<boost::json::object>> answer(session& s, detail::modern_requests& modern,
                                                protocol::message msg) {
    if (modern.takes(msg))
        return modern.handle(std::move(msg));
    return s.handle(std::move(msg));
}

// One incoming line, decoded by the reader: hand it to its era, write the reply, and log the request line.
// Parameters by value: it outlives the reader's buffer. Runs on the connection's strand, spawned in the order
// the lines were read.
task<> serve_line(std::shared_ptr<session> s, std::shared_ptr<detail::modern_requests> modern,
                  std::shared_ptr<line_writer> out, std::string line, result<protocol::message> msg,
                  std::shared_ptr<in_flight_limit> inflight) {
    auto const start = std::chrono::steady_clock::now();
    bool const logged = request_lines_enabled();
    auto fields = logged && msg ? fields_of(*msg) : line_fields{};
    std::optional<std::int64_t> error_code;
    if (!msg) {
        boost::system::error_code ec;
        auto decoded = boost::json::parse(line, ec);
        out->write(protocol::make_error_response(ec ? std::nullopt : protocol::salvage_id(decoded), msg.error()));
        error_code = msg.error().code();
    } else if (auto reply = co_await answer(*s, *modern, std::move(*msg))) {
        error_code = logged ? error_code_of(*reply) : std::nullopt;
        out->write(*reply);
    }
    if (logged && (!fields.method.empty() || error_code))
        log_request({.transport = "stdio",
                     .method = fields.method,
                     .subject = fields.subject,
                     .subject_key = subject_key_of(fields.method),
                     .error = error_code,
                     .duration = std::chrono::steady_clock::now() - start});
    inflight->release();
}

// Waits for the requests in flight to finish (at most `limit`), then stops the loop.
task<> drain(std::shared_ptr<in_flight_limit> inflight, std::chrono::milliseconds limit, asio::io_context& io) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (inflight->count() > 0 && std::chrono::steady_clock::now() < deadline) {
        timer.expires_after(std::chrono::milliseconds(10));
        co_await timer.async_wait(asio::use_awaitable);
    }
    if (auto left = inflight->count(); left > 0)
        log::warn("stdio: {} request(s) still running at shutdown were abandoned", left);
    io.stop();
}

// The answer to a line longer than the bound (its id is unknown: the line is skipped, not read).
boost::json::object oversized_answer(std::size_t max_message_bytes) {
    return protocol::make_error_response(
        std::nullopt,
        error::invalid_request("Message larger than " + std::to_string(max_message_bytes) + " bytes; skipped"));
}

} // namespace

int run(server& srv, options opts) { return run(srv, STDIN_FILENO, STDOUT_FILENO, opts); }

namespace {

// Tasks on stdio live as long as the process, as its one session does: a memory store of the front door's own.
class stdio_tasks {
public:
    explicit stdio_tasks(server& srv) : srv_(srv) {
        srv_.use_task_store(store_);
        srv_.check_task_tools();
    }
    ~stdio_tasks() { srv_.release_task_store(store_); }
    stdio_tasks(stdio_tasks const&) = delete;
    stdio_tasks& operator=(stdio_tasks const&) = delete;

private:
    server& srv_;
    std::shared_ptr<storage::task_store> store_ = std::make_shared<storage::memory_task_store>();
};

} // namespace

int run(server& srv, int in_fd, int out_fd, options opts) {
    ::signal(SIGPIPE, SIG_IGN); // a closed stdout is EPIPE on write, not the end of the process
    stdio_tasks tasks(srv); // before the io_context: released after it, once no task's coroutine is left
    asio::io_context io;
    auto strand = asio::make_strand(io);
    auto out = std::make_shared<line_writer>(out_fd, opts.max_queued_bytes, opts.write_stall_limit);
    auto s = srv.open_session(strand, out);
    auto modern = std::make_shared<detail::modern_requests>(srv, out, strand);
    auto inflight = std::make_shared<in_flight_limit>(opts.max_in_flight);
    std::atomic<bool> draining = false;
    auto finish = [&] {
        if (draining.exchange(true)) return;
        asio::co_spawn(strand, drain(inflight, opts.drain_timeout, io), asio::detached);
    };

    line_reader reader(in_fd, opts.max_message_bytes);
    auto on_line = [&](std::string line) {
        auto msg = protocol::parse_message(std::string_view(line));
        if (!inflight->acquire(msg && std::holds_alternative<protocol::request>(*msg)))
            return; // shutting down
        asio::co_spawn(strand, serve_line(s, modern, out, std::move(line), std::move(msg), inflight),
                       asio::detached);
    };
    auto on_oversized = [&] { out->write(oversized_answer(opts.max_message_bytes)); };
    std::thread reading([&] {
        reader.run(on_line, on_oversized);
        asio::post(strand, finish);
    });

    auto work = asio::make_work_guard(io);
    // The drain stops io itself once the requests in flight are done, so `done` is not needed.
    run_process(io, opts.threads,
                {.graceful = [&](std::function<void()>) { asio::post(strand, finish); },
                 .handle_signals = opts.handle_signals});
    inflight->close();
    reader.stop();
    reading.join();
    out->flush();
    return 0;
}

} // namespace mcp::stdio
