// The listener over real sockets on 127.0.0.1 (ephemeral ports): blocking Beast clients in the test thread,
// the listener on an io_context of its own. Every client has a watchdog, so no test can hang on a read.
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

namespace {

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

std::string get(std::string_view target, std::string_view extra = "") {
    return "GET " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n" + std::string(extra) + "\r\n";
}

std::string post(std::string_view target, std::string_view body) {
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
http::headers content_type(std::string value) {
    return {{"Content-Type", std::move(value)}};
}

task<> pause(std::chrono::milliseconds d) {
    asio::steady_timer t(co_await asio::this_coro::executor, d);
    co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
}

// Waits (at most 5 s) until the test opens the gate.
task<> wait_for_gate(std::shared_ptr<probe> p) {
    if (!p->entered_once.exchange(true))
        p->entered.set_value();
    for (int i = 0; i < 500 && !p->gate; ++i)
        co_await pause(10ms);
}

task<> echo(std::shared_ptr<probe> p, http::request req, http::response_writer& w) {
    ++p->calls;
    p->record(req);
    co_await w.respond(200, content_type("text/plain"), req.method + " " + req.target + " " + req.body);
}

task<> answer_after_gate(std::shared_ptr<probe> p, http::request, http::response_writer& w) {
    co_await wait_for_gate(p);
    co_await w.respond(200, {}, "done");
}

task<> stream_two_pieces(std::shared_ptr<probe> p, http::request, http::response_writer& w) {
    co_await w.start(200, content_type("text/event-stream"));
    co_await w.write("one");
    co_await wait_for_gate(p);
    co_await w.write("two");
    co_await w.finish();
}

// Writes until write() says the client is gone (at most 5 s), then reports what it saw.
task<> stream_until_refused(std::shared_ptr<probe> p, http::request, http::response_writer& w) {
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
task<> stream_then_poll(std::shared_ptr<probe> p, http::request, http::response_writer& w) {
    co_await w.start(200, {});
    co_await w.write("hello");
    for (int i = 0; i < 500 && !w.client_gone(); ++i)
        co_await pause(10ms);
    p->observed.set_value(w.client_gone());
}

// Writes once, then sleeps for a minute: only the shutdown's cancellation can end it early.
task<> stream_then_sleep(std::shared_ptr<probe>, http::request, http::response_writer& w) {
    co_await w.start(200, {});
    co_await w.write("first");
    asio::steady_timer t(co_await asio::this_coro::executor, 60s);
    co_await t.async_wait(asio::use_awaitable);
    co_await w.finish();
}

task<> throw_error(std::shared_ptr<probe>, http::request, http::response_writer&) {
    throw std::runtime_error("tool exploded");
    co_return;
}

task<> stream_then_throw(std::shared_ptr<probe>, http::request, http::response_writer& w) {
    co_await w.start(200, {});
    co_await w.write("partial");
    throw std::runtime_error("lost the database");
}

task<> say_nothing(std::shared_ptr<probe>, http::request, http::response_writer&) {
    co_return;
}

// Writes "tick" until write() refuses (at most 2000 times), then finishes, from a strand of its own: the MCP
// session's strand writes so (http/streamable_get.cpp), while the connection's strand watches the socket.
task<> tick_until_refused(std::shared_ptr<probe> p, http::response_writer& w) {
    co_await w.start(200, {});
    p->entered_once = true;
    bool refused = false;
    for (int i = 0; i < 2000 && !refused && !w.client_gone(); ++i)
        refused = !co_await w.write("tick");
    co_await w.finish();
    p->observed.set_value(refused || w.client_gone());
}

task<> stream_from_another_strand(std::shared_ptr<probe> p, http::request, http::response_writer& w) {
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

// ---- the tests
// ------------------------------------------------------------------------------------------------

TEST(Listener, AnswersARequestWithContentLength) {
    auto p = std::make_shared<probe>();
    server s(probed{echo, p});
    client c(s.port());
    c.send(post("/mcp", "hello"));
    auto res = c.read_response();
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_EQ(res[bhttp::field::content_length], "15");
    EXPECT_EQ(res[bhttp::field::content_type], "text/plain");
    EXPECT_EQ(res.body(), "POST /mcp hello");
}

TEST(Listener, HandsTheHandlerMethodTargetLowercaseHeadersBodyAndPeer) {
    auto p = std::make_shared<probe>();
    server s(probed{echo, p});
    client c(s.port());
    c.send("PUT /p?q=1 HTTP/1.1\r\nHost: test\r\nX-Thing: a\r\nx-THING: b\r\nContent-Length: 3\r\n\r\nabc");
    c.read_response();
    std::lock_guard lock(p->mutex);
    ASSERT_EQ(p->requests.size(), 1u);
    auto const& r = p->requests[0];
    EXPECT_EQ(r.method, "PUT");
    EXPECT_EQ(r.target, "/p?q=1");
    EXPECT_EQ(r.body, "abc");
    std::vector<std::pair<std::string, std::string>> expected{
        {"host", "test"}, {"x-thing", "a"}, {"x-thing", "b"}, {"content-length", "3"}};
    EXPECT_EQ(r.headers.fields(), expected);
    EXPECT_EQ(r.remote_address, "127.0.0.1:" + std::to_string(c.socket().local_endpoint().port()));
}

TEST(Listener, ServesTwoRequestsOnOneKeepAliveConnection) {
    auto p = std::make_shared<probe>();
    server s(probed{echo, p});
    client c(s.port());
    c.send(get("/one"));
    auto first = c.read_response();
    c.send(get("/two"));
    auto second = c.read_response();
    EXPECT_EQ(first.body(), "GET /one ");
    EXPECT_EQ(second.body(), "GET /two ");
    EXPECT_TRUE(second.keep_alive());
    std::lock_guard lock(p->mutex);
    ASSERT_EQ(p->requests.size(), 2u);
    EXPECT_EQ(p->requests[0].remote_address, p->requests[1].remote_address);
}

TEST(Listener, StreamsAChunkedResponseInPieces) {
    auto p = std::make_shared<probe>();
    server s(probed{stream_two_pieces, p});
    client c(s.port());
    c.send(get("/stream"));
    chunk_reader r(c);
    EXPECT_TRUE(r.header().chunked());
    ASSERT_TRUE(r.read_chunks(1));
    EXPECT_EQ(r.chunks, std::vector<std::string>{"one"}); // "two" waits for the gate
    p->gate = true;
    ASSERT_TRUE(r.read_to_end());
    EXPECT_EQ(r.chunks, (std::vector<std::string>{"one", "two"}));
}

TEST(Listener, KeepsTheConnectionForTheNextRequestAfterAFinishedStream) {
    auto p = std::make_shared<probe>();
    p->gate = true;
    server s(probed{stream_two_pieces, p});
    client c(s.port());
    c.send(get("/stream"));
    {
        chunk_reader r(c);
        ASSERT_TRUE(r.read_to_end());
        EXPECT_TRUE(r.header().keep_alive());
    }
    c.send(get("/stream"));
    chunk_reader again(c);
    ASSERT_TRUE(again.read_to_end());
    EXPECT_EQ(again.chunks, (std::vector<std::string>{"one", "two"}));
}

TEST(Listener, ClosesAfterAnHttp10Request) {
    auto p = std::make_shared<probe>();
    server s(probed{echo, p});
    client c(s.port());
    c.send("GET /old HTTP/1.0\r\n\r\n");
    auto res = c.read_response();
    EXPECT_EQ(res.version(), 10u);
    EXPECT_EQ(res.body(), "GET /old ");
    EXPECT_TRUE(c.closed_by_server());
}

TEST(Listener, AnswersAnOversizedBodyWith413AndCloses) {
    auto p = std::make_shared<probe>();
    server s(probed{echo, p}, {.max_body_bytes = 1024});
    client c(s.port());
    c.send(post("/mcp", std::string(4096, 'x')));
    auto res = c.read_response();
    EXPECT_EQ(res.result_int(), 413);
    EXPECT_EQ(res.body(), R"j({"jsonrpc":"2.0","id":null,"error":{"code":-32600,)j"
                          R"j("message":"Request body too large (limit 1024 bytes)"}})j");
    EXPECT_TRUE(c.closed_by_server());
    EXPECT_EQ(p->calls, 0);
}

TEST(Listener, AnswersAnOversizedHeaderWith431) {
    auto p = std::make_shared<probe>();
    server s(probed{echo, p}, {.max_header_bytes = 1024});
    client c(s.port());
    c.send(get("/", "X-Big: " + std::string(4096, 'h') + "\r\n"));
    EXPECT_EQ(c.read_response().result_int(), 431);
    EXPECT_TRUE(c.closed_by_server());
}

TEST(Listener, AnswersGarbageWith400AndGoesOnServingOthers) {
    auto p = std::make_shared<probe>();
    server s(probed{echo, p});
    client bad(s.port());
    client good(s.port());
    bad.send("\x01\x02 this is not HTTP\r\n\r\n");
    EXPECT_EQ(bad.read_response().result_int(), 400);
    EXPECT_TRUE(bad.closed_by_server());
    good.send(get("/still-here"));
    EXPECT_EQ(good.read_response().body(), "GET /still-here ");
}

TEST(Listener, ClosesAConnectionThatSendsNothingAfterTheHeaderTimeout) {
    auto p = std::make_shared<probe>();
    server s(probed{echo, p}, {.header_timeout = 1s});
    client c(s.port(), 5s);
    EXPECT_TRUE(c.closed_by_server());
    EXPECT_FALSE(c.expired());
}

TEST(Listener, AcknowledgesExpect100ContinueBeforeTheBody) {
    auto p = std::make_shared<probe>();
    server s(probed{echo, p});
    client c(s.port());
    c.send("POST /up HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
    std::string interim;
    auto n = asio::read_until(c.socket(), asio::dynamic_buffer(interim), "\r\n\r\n");
    EXPECT_EQ(interim.substr(0, n), "HTTP/1.1 100 Continue\r\n\r\n");
    c.send("data");
    EXPECT_EQ(c.read_response().body(), "POST /up data");
}

TEST(Listener, WriteReturnsFalseAfterTheClientDisconnects) {
    auto p = std::make_shared<probe>();
    server s(probed{stream_until_refused, p});
    {
        client c(s.port());
        c.send(get("/stream"));
        chunk_reader r(c);
        ASSERT_TRUE(r.read_chunks(1));
        c.close();
    }
    auto seen = p->observed.get_future();
    ASSERT_EQ(seen.wait_for(5s), std::future_status::ready);
    EXPECT_TRUE(seen.get());
}

TEST(Listener, NoticesADisconnectWhileAStreamIsIdle) {
    auto p = std::make_shared<probe>();
    server s(probed{stream_then_poll, p});
    client c(s.port());
    c.send(get("/stream"));
    chunk_reader r(c);
    ASSERT_TRUE(r.read_chunks(1));
    c.close();
    auto seen = p->observed.get_future();
    ASSERT_EQ(seen.wait_for(5s), std::future_status::ready);
    EXPECT_TRUE(seen.get());
}

TEST(Listener, RefusesConnectionsOverTheLimitWith503) {
    auto p = std::make_shared<probe>();
    server s(probed{echo, p}, {.max_connections = 1});
    client first(s.port());
    first.send(get("/a"));
    EXPECT_EQ(first.read_response().result_int(), 200); // now surely counted
    client second(s.port());
    auto refused = second.read_response();
    EXPECT_EQ(refused.result_int(), 503);
    EXPECT_FALSE(refused.keep_alive());
    first.send(get("/b"));
    EXPECT_EQ(first.read_response().result_int(), 200);
}

TEST(Listener, AnswersAHandlerExceptionWith500AndCloses) {
    auto p = std::make_shared<probe>();
    server s(probed{throw_error, p});
    client c(s.port());
    c.send(get("/"));
    auto res = c.read_response();
    EXPECT_EQ(res.result_int(), 500);
    EXPECT_EQ(res.body(),
              R"({"jsonrpc":"2.0","id":null,"error":{"code":-32603,"message":"Internal error"}})");
    EXPECT_TRUE(c.closed_by_server());
}

TEST(Listener, LeavesAStreamUnterminatedWhenTheHandlerFailsMidStream) {
    auto p = std::make_shared<probe>();
    server s(probed{stream_then_throw, p});
    client c(s.port());
    c.send(get("/stream"));
    chunk_reader r(c);
    EXPECT_FALSE(r.read_to_end()); // the connection closes without the last chunk
    EXPECT_EQ(r.chunks, std::vector<std::string>{"partial"});
    EXPECT_FALSE(c.expired());
}

TEST(Listener, Answers500WhenTheHandlerReturnsWithoutAnswering) {
    auto p = std::make_shared<probe>();
    server s(probed{say_nothing, p});
    client c(s.port());
    c.send(get("/"));
    EXPECT_EQ(c.read_response().result_int(), 500);
}

TEST(Listener, StopLetsARequestInFlightFinishThenRefusesConnections) {
    auto p = std::make_shared<probe>();
    server s(probed{answer_after_gate, p});
    auto port = s.port();
    client c(port);
    c.send(get("/slow"));
    ASSERT_EQ(p->entered.get_future().wait_for(5s), std::future_status::ready);
    auto stopped = s.begin_stop();
    EXPECT_EQ(stopped.wait_for(100ms), std::future_status::timeout); // the request is still running
    p->gate = true;
    auto res = c.read_response();
    EXPECT_EQ(res.body(), "done");
    EXPECT_FALSE(res.keep_alive());
    ASSERT_EQ(stopped.wait_for(5s), std::future_status::ready);
    asio::io_context io;
    tcp::socket late(io);
    error_code ec;
    late.connect({asio::ip::make_address("127.0.0.1"), port}, ec);
    EXPECT_EQ(ec, asio::error::connection_refused);
}

TEST(Listener, StopClosesAnIdleKeepAliveConnectionAtOnce) {
    auto p = std::make_shared<probe>();
    server s(probed{echo, p}, {.idle_timeout = 60s, .shutdown_grace = 30s});
    client c(s.port());
    c.send(get("/"));
    EXPECT_TRUE(c.read_response().keep_alive());
    auto stopped = s.begin_stop();
    EXPECT_EQ(stopped.wait_for(5s), std::future_status::ready);
    EXPECT_TRUE(c.closed_by_server());
}

TEST(Listener, StopMakesWriteReturnFalseAndTheStreamEndsCleanly) {
    auto p = std::make_shared<probe>();
    server s(probed{stream_until_refused, p}, {.shutdown_grace = 30s});
    client c(s.port());
    c.send(get("/stream"));
    chunk_reader r(c);
    ASSERT_TRUE(r.read_chunks(1));
    auto stopped = s.begin_stop();
    EXPECT_TRUE(r.read_to_end()); // the handler's finish() sent the last chunk
    auto seen = p->observed.get_future();
    ASSERT_EQ(seen.wait_for(5s), std::future_status::ready);
    EXPECT_TRUE(seen.get());
    EXPECT_EQ(stopped.wait_for(5s), std::future_status::ready);
}

TEST(Listener, StopWakesAStreamingHandlerThatIsWaitingAndEndsItsStream) {
    auto p = std::make_shared<probe>();
    server s(probed{stream_then_sleep, p}, {.shutdown_grace = 30s});
    client c(s.port());
    c.send(get("/stream"));
    chunk_reader r(c);
    ASSERT_TRUE(r.read_chunks(1));
    auto stopped = s.begin_stop();
    EXPECT_TRUE(r.read_to_end()); // the listener sent the last chunk for the cancelled handler
    EXPECT_EQ(stopped.wait_for(5s), std::future_status::ready);
}

TEST(Listener, StopCancelsAHandlerStillRunningAfterTheGracePeriod) {
    auto p = std::make_shared<probe>();
    server s(probed{answer_after_gate, p}, {.shutdown_grace = 1s});
    client c(s.port());
    c.send(get("/slow"));
    ASSERT_EQ(p->entered.get_future().wait_for(5s), std::future_status::ready);
    auto stopped = s.begin_stop(); // the gate stays closed: only the grace period can end the request
    EXPECT_EQ(stopped.wait_for(4s), std::future_status::ready);
    EXPECT_TRUE(c.closed_by_server());
}

// Reads `n` chunks one by one and sends a byte after each, so that the connection's strand has work of its
// own (its watch read completes and re-arms) while the writer writes: the two meet on the stream's state.
void read_and_poke(client& c, chunk_reader& r, std::size_t n) {
    for (std::size_t i = 1; i <= n && r.read_chunks(i); ++i)
        c.send("\r\n");
}

// One owner per socket: a handler that writes from another strand (as the MCP session does) while the
// connection's strand watches the socket and the client leaves. Repeated on four threads, for ThreadSanitizer
// (the tsan preset) to see the two strands meet.
TEST(Listener, AWriterOnAnotherStrandSharesNothingWithTheConnectionWhenTheClientLeaves) {
    for (int round = 0; round < 50; ++round) {
        auto p = std::make_shared<probe>();
        server s(probed{stream_from_another_strand, p}, {}, 4);
        {
            client c(s.port());
            c.send(get("/stream"));
            chunk_reader r(c);
            read_and_poke(c, r, 20 + round);
            c.close();
        }
        auto seen = p->observed.get_future();
        ASSERT_EQ(seen.wait_for(5s), std::future_status::ready) << "round " << round;
        EXPECT_TRUE(seen.get()) << "round " << round;
    }
}

// The same writer while the listener stops: gracefully (the stream ends with its last chunk) or, with no
// grace period, by closing the socket under the writes.
TEST(Listener, AWriterOnAnotherStrandSharesNothingWithTheConnectionWhenTheListenerStops) {
    for (int round = 0; round < 50; ++round) {
        bool graceful = round % 2 == 0;
        auto p = std::make_shared<probe>();
        server s(probed{stream_from_another_strand, p}, {.shutdown_grace = graceful ? 30s : 0s}, 4);
        client c(s.port());
        c.send(get("/stream"));
        chunk_reader r(c);
        read_and_poke(c, r, 10 + round);
        auto stopped = s.begin_stop();
        bool ended_cleanly = r.read_to_end();
        EXPECT_TRUE(ended_cleanly || !graceful) << "round " << round;
        auto seen = p->observed.get_future();
        ASSERT_EQ(seen.wait_for(5s), std::future_status::ready) << "round " << round;
        EXPECT_TRUE(seen.get()) << "round " << round;
        EXPECT_EQ(stopped.wait_for(5s), std::future_status::ready) << "round " << round;
    }
}

TEST(Listener, BindingABusyPortFailsWithAClearError) {
    auto p = std::make_shared<probe>();
    server s(probed{echo, p});
    asio::io_context io;
    net::listener second(io.get_executor(), {.port = s.port()}, probed{echo, p});
    try {
        second.start();
        FAIL() << "bound a busy port";
    } catch (std::system_error const& e) {
        EXPECT_EQ(e.code(), std::errc::address_in_use);
        EXPECT_NE(std::string(e.what()).find("cannot bind 127.0.0.1:" + std::to_string(s.port())),
                  std::string::npos)
            << e.what();
    }
}

TEST(Serve, StopsGracefullyOnSigtermAndReturnsZero) {
    unsigned short port = 0;
    {
        asio::io_context io; // find a free port
        tcp::acceptor probe_port(io, {asio::ip::make_address("127.0.0.1"), 0});
        port = probe_port.local_endpoint().port();
    }
    auto p = std::make_shared<probe>();
    auto result = std::make_shared<std::promise<int>>();
    std::thread([result, p, port] {
        result->set_value(net::serve(probed{echo, p}, {.port = port, .threads = 2}));
    }).detach();
    // Once a request is answered, the io_context runs, so the signal handlers are in place.
    bool answered = false;
    for (int i = 0; i < 100 && !answered; ++i) {
        try {
            client c(port);
            c.send(get("/up"));
            answered = c.read_response().result_int() == 200;
        } catch (std::exception const&) {
            std::this_thread::sleep_for(20ms);
        }
    }
    ASSERT_TRUE(answered);
    ::kill(::getpid(), SIGTERM);
    auto code = result->get_future();
    ASSERT_EQ(code.wait_for(10s), std::future_status::ready);
    EXPECT_EQ(code.get(), 0);
}

} // namespace
