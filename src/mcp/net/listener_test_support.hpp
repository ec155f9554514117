// What the listener's socket tests share: a blocking client with a watchdog, a chunk reader, a listener on an
// io_context of its own, and handlers that report through a probe. Included by listener_test.cpp and
// listener_shutdown_test.cpp only.
#pragma once

#include <mcp/net/listener.hpp>
#include <mcp/core/strand.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <vector>

namespace mcp::net::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace http = mcp::http;
namespace net = mcp::net;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using mcp::task;
using namespace std::chrono_literals;

// ---- the client side
// ------------------------------------------------------------------------------------------

// A blocking client. After `limit` a watchdog shuts the socket down, so a read that would hang fails instead.
class client {
public:
    explicit client(unsigned short port, std::chrono::milliseconds limit = 5s) : socket_(io_) {
        socket_.connect({asio::ip::make_address("127.0.0.1"), port});
        watchdog_ = std::thread([this, limit] {
            std::unique_lock lock(mutex_);
            if (!cv_.wait_for(lock, limit, [this] { return done_; })) {
                expired_ = true;
                ::shutdown(socket_.native_handle(), SHUT_RDWR);
            }
        });
    }
    client(client const&) = delete;
    client& operator=(client const&) = delete;
    ~client() { stop_watchdog(); }

    void send(std::string_view raw) { asio::write(socket_, asio::buffer(raw)); }

    bhttp::response<bhttp::string_body> read_response() {
        bhttp::response<bhttp::string_body> res;
        bhttp::read(socket_, buffer_, res);
        return res;
    }

    // True when the server has closed the connection (end of stream or reset) rather than sent something.
    bool closed_by_server() {
        error_code ec;
        char byte = 0;
        if (buffer_.size() != 0)
            return false;
        socket_.read_some(asio::buffer(&byte, 1), ec);
        return (ec == asio::error::eof || ec == asio::error::connection_reset) && !expired_;
    }

    void close() {
        stop_watchdog();
        socket_.close();
    }

    bool expired() const { return expired_; }
    tcp::socket& socket() { return socket_; }
    beast::flat_buffer& buffer() { return buffer_; }

private:
    void stop_watchdog() {
        {
            std::lock_guard lock(mutex_);
            done_ = true;
        }
        cv_.notify_all();
        if (watchdog_.joinable())
            watchdog_.join();
    }

    asio::io_context io_;
    tcp::socket socket_;
    beast::flat_buffer buffer_;
    std::thread watchdog_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool done_ = false;
    std::atomic<bool> expired_{false};
};

inline std::string get(std::string_view target, std::string_view extra = "") {
    return "GET " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n" + std::string(extra) + "\r\n";
}

inline std::string post(std::string_view target, std::string_view body) {
    return "POST " + std::string(target) +
           " HTTP/1.1\r\nHost: test\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
           std::string(body);
}

// Reads a chunked response piece by piece: the header, then the chunks as they come.
struct chunk_reader {
    explicit chunk_reader(client& c) : c_(c) {
        parser_.body_limit(boost::none);
        parser_.on_chunk_body(on_chunk_);
        bhttp::read_header(c_.socket(), c_.buffer(), parser_);
    }
    // Reads until `n` chunks have arrived; false when the stream ended or failed first.
    bool read_chunks(std::size_t n) {
        error_code ec;
        while (chunks.size() < n && !parser_.is_done() && !ec)
            bhttp::read_some(c_.socket(), c_.buffer(), parser_, ec);
        return chunks.size() >= n;
    }
    // Reads to the end of the body; true when the last chunk arrived.
    bool read_to_end() {
        error_code ec;
        bhttp::read(c_.socket(), c_.buffer(), parser_, ec);
        return !ec && parser_.is_done();
    }
    bhttp::response<bhttp::string_body> const& header() const { return parser_.get(); }

    std::vector<std::string> chunks;

private:
    client& c_;
    bhttp::response_parser<bhttp::string_body> parser_;
    std::string current_;
    // The parser keeps a reference to its callback.
    std::function<std::size_t(std::uint64_t, beast::string_view, error_code&)> on_chunk_ =
        [this](std::uint64_t remain, beast::string_view body, error_code&) {
            current_.append(body.data(), body.size());
            if (remain == body.size())
                chunks.push_back(std::exchange(current_, {}));
            return body.size();
        };
};

// ---- the server side
// ------------------------------------------------------------------------------------------

// A listener on an ephemeral port, driven by two threads (or `threads`).
class server {
public:
    server(net::handler h, net::listener_options opts = {}, int threads = 2)
        : listener_(io_.get_executor(), ephemeral(opts), h) {
        listener_.start();
        for (int i = 0; i < threads; ++i)
            threads_.emplace_back([this] { io_.run(); });
    }
    server(server const&) = delete;
    server& operator=(server const&) = delete;
    ~server() { stop(); }

    unsigned short port() const { return listener_.port(); }
    net::listener& listener() { return listener_; }

    // Begins a graceful stop; the future is ready when the listener reports it has stopped.
    std::shared_future<void> begin_stop() {
        auto done = std::make_shared<std::promise<void>>();
        std::shared_future<void> f = done->get_future().share();
        listener_.stop([done] { done->set_value(); });
        return f;
    }

    // Stops (at most 20 s) and joins the threads; true when the listener stopped in time.
    bool stop() {
        if (threads_.empty())
            return true;
        bool in_time = begin_stop().wait_for(20s) == std::future_status::ready;
        io_.stop();
        for (auto& t : threads_)
            t.join();
        threads_.clear();
        return in_time;
    }

private:
    static net::listener_options ephemeral(net::listener_options o) {
        o.port = 0;
        return o;
    }

    asio::io_context io_;
    net::listener listener_;
    std::vector<std::thread> threads_;
};

// What the handlers saw and did, shared with the test thread.
struct probe {
    std::mutex mutex;
    std::vector<http::request> requests;
    std::atomic<bool> gate{false}; // the test opens it to let a waiting handler go on
    std::promise<void> entered;    // set when a handler first waits at the gate
    std::atomic<bool> entered_once{false};
    std::promise<bool> observed; // what a handler saw of the client or the shutdown
    std::atomic<int> calls{0};

    void record(http::request const& r) {
        std::lock_guard lock(mutex);
        requests.push_back(r);
    }
};

// Outside the coroutines: g++ 12 fails on an initializer list in a coroutine ("array used as initializer").
inline http::headers content_type(std::string value) {
    return {{"Content-Type", std::move(value)}};
}

inline task<> pause(std::chrono::milliseconds d) {
    asio::steady_timer t(co_await asio::this_coro::executor, d);
    co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
}

// Waits (at most 5 s) until the test opens the gate.
inline task<> wait_for_gate(std::shared_ptr<probe> p) {
    if (!p->entered_once.exchange(true))
        p->entered.set_value();
    for (int i = 0; i < 500 && !p->gate; ++i)
        co_await pause(10ms);
}

inline task<> echo(std::shared_ptr<probe> p, http::request req, http::response_writer& w) {
    ++p->calls;
    p->record(req);
    co_await w.respond(200, content_type("text/plain"), req.method + " " + req.target + " " + req.body);
}

inline task<> answer_after_gate(std::shared_ptr<probe> p, http::request, http::response_writer& w) {
    co_await wait_for_gate(p);
    co_await w.respond(200, {}, "done");
}

inline task<> stream_two_pieces(std::shared_ptr<probe> p, http::request, http::response_writer& w) {
    co_await w.start(200, content_type("text/event-stream"));
    co_await w.write("one");
    co_await wait_for_gate(p);
    co_await w.write("two");
    co_await w.finish();
}

// Writes until write() says the client is gone (at most 5 s), then reports what it saw.
inline task<> stream_until_refused(std::shared_ptr<probe> p, http::request, http::response_writer& w) {
    co_await asio::this_coro::throw_if_cancelled(false); // see the shutdown through write(), not an exception
    co_await w.start(200, {});
    bool refused = false;
    for (int i = 0; i < 500 && !refused; ++i) {
        refused = !co_await w.write("tick");
        if (!refused)
            co_await pause(10ms);
    }
    p->observed.set_value(refused && w.client_gone());
    co_await w.finish();
}

// Writes once, then only polls client_gone() (at most 5 s) without writing.
inline task<> stream_then_poll(std::shared_ptr<probe> p, http::request, http::response_writer& w) {
    co_await w.start(200, {});
    co_await w.write("hello");
    for (int i = 0; i < 500 && !w.client_gone(); ++i)
        co_await pause(10ms);
    p->observed.set_value(w.client_gone());
}

// Writes once, then sleeps for a minute: only the shutdown's cancellation can end it early.
inline task<> stream_then_sleep(std::shared_ptr<probe>, http::request, http::response_writer& w) {
    co_await w.start(200, {});
    co_await w.write("first");
    asio::steady_timer t(co_await asio::this_coro::executor, 60s);
    co_await t.async_wait(asio::use_awaitable);
    co_await w.finish();
}

inline task<> throw_error(std::shared_ptr<probe>, http::request, http::response_writer&) {
    throw std::runtime_error("tool exploded");
    co_return;
}

inline task<> stream_then_throw(std::shared_ptr<probe>, http::request, http::response_writer& w) {
    co_await w.start(200, {});
    co_await w.write("partial");
    throw std::runtime_error("lost the database");
}

inline task<> say_nothing(std::shared_ptr<probe>, http::request, http::response_writer&) {
    co_return;
}

// Writes "tick" until write() refuses (at most 2000 times), then finishes, from a strand of its own: the MCP
// session's strand writes so (http/streamable_get.cpp), while the connection's strand watches the socket.
inline task<> tick_until_refused(std::shared_ptr<probe> p, http::response_writer& w) {
    co_await w.start(200, {});
    p->entered_once = true;
    bool refused = false;
    for (int i = 0; i < 2000 && !refused && !w.client_gone(); ++i)
        refused = !co_await w.write("tick");
    co_await w.finish();
    p->observed.set_value(refused || w.client_gone());
}

inline task<> stream_from_another_strand(std::shared_ptr<probe> p, http::request, http::response_writer& w) {
    // A sibling of the connection's strand: asio::make_strand would nest into it and serialise the two.
    auto other = mcp::make_io_strand(co_await asio::this_coro::executor);
    // As http::on_strand: the listener's cancellation is not passed to the other strand.
    co_await asio::co_spawn(other, tick_until_refused(p, w),
                            asio::bind_cancellation_slot(asio::cancellation_slot(), asio::use_awaitable));
}

using probe_fn = task<> (*)(std::shared_ptr<probe>, http::request, http::response_writer&);

// A handler made of one of the functions above and a probe (no coroutine lambdas with captures).
struct probed {
    probe_fn fn;
    std::shared_ptr<probe> p;
    task<> operator()(http::request req, http::response_writer& w) const { return fn(p, std::move(req), w); }
};

} // namespace mcp::net::test
