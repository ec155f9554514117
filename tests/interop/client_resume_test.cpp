// Our client resumes a broken SSE answer stream without losing or repeating an event, against our server over
// real sockets. The call's stream is cut by a TCP proxy between them: it forwards bytes both ways and, once it
// has seen a request it is told to break, closes both sides after a given number of bytes of that request's
// response (mid-event, as a network would). The client must wait the server's `retry`, GET with Last-Event-ID,
// and hear the rest (2025-11-25 basic/transports, resumability and redelivery).
// Not for: the SSE codec or the server's event store (their own tests), nor what a proxy does to headers.
#include <mcp/client/client.hpp>
#include <mcp/client/http_connection.hpp>
#include <mcp/testing/http_server.hpp>
#include <mcp/testing/run.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <gtest/gtest.h>

#include <array>
#include <numeric>

namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using mcp::testing::run;
using namespace std::chrono_literals;

// --- the server: a tool that sends numbered messages ----------------------------------------------------------

struct count_args {
    int n;
    int pause_ms;
};
BOOST_DESCRIBE_STRUCT(count_args, (), (n, pause_ms))

// Progress i of n and the log message i, for i = 1..n, a pause after each: the call's stream carries 2n events
// over about n * pause_ms, so a cut lands while it still has events to send.
mcp::task<std::string> count(count_args in, mcp::call_context& ctx) {
    asio::steady_timer pause(co_await asio::this_coro::executor);
    for (int i = 1; i <= in.n; ++i) {
        ctx.progress(i, in.n);
        ctx.log(mcp::log_level::info, i);
        pause.expires_after(std::chrono::milliseconds(in.pause_ms));
        co_await pause.async_wait(asio::use_awaitable);
    }
    co_return "sent " + std::to_string(in.n);
}

// --- the proxy -------------------------------------------------------------------------------------------------

// Which responses the proxy cuts. A request whose bytes (as one read gives them: our client writes a small
// request in one piece) contain one of `triggers` has its response cut after `after_bytes`, at most `max_cuts`
// times in all.
struct cut_rule {
    std::vector<std::string> triggers;
    std::size_t after_bytes = 0;
    int max_cuts = 1;
    int cuts = 0; // responses cut so far
};

// One client connection and the proxy's connection to the server for it. Its two pumps own it.
struct proxied {
    explicit proxied(tcp::socket c) : client(std::move(c)), server(client.get_executor()) {}
    tcp::socket client;
    tcp::socket server;
    bool armed = false;        // the response under way is to be cut
    std::size_t forwarded = 0; // bytes of that response passed on so far
    void close() {
        boost::system::error_code ignored;
        client.close(ignored);
        server.close(ignored);
    }
};

bool triggers(cut_rule const& rule, std::string_view bytes) {
    if (rule.cuts >= rule.max_cuts) return false;
    return std::any_of(rule.triggers.begin(), rule.triggers.end(),
                       [&](std::string const& t) { return bytes.find(t) != std::string_view::npos; });
}

mcp::task<> client_to_server(std::shared_ptr<proxied> p, std::shared_ptr<cut_rule> rule) {
    std::array<char, 16384> buf;
    for (;;) {
        auto [ec, n] = co_await p->client.async_read_some(asio::buffer(buf), asio::as_tuple(asio::use_awaitable));
        if (ec) break;
        if (!p->armed && triggers(*rule, std::string_view(buf.data(), n))) {
            p->armed = true;
            p->forwarded = 0;
        }
        auto [wec, written] = co_await asio::async_write(p->server, asio::buffer(buf.data(), n),
                                                         asio::as_tuple(asio::use_awaitable));
        if (wec) break;
    }
    p->close();
}

mcp::task<> server_to_client(std::shared_ptr<proxied> p, std::shared_ptr<cut_rule> rule) {
    std::array<char, 16384> buf;
    for (;;) {
        auto [ec, n] = co_await p->server.async_read_some(asio::buffer(buf), asio::as_tuple(asio::use_awaitable));
        if (ec) break;
        bool const cut = p->armed && p->forwarded + n >= rule->after_bytes;
        std::size_t const pass = cut ? rule->after_bytes - p->forwarded : n;
        p->forwarded += pass;
        auto [wec, written] = co_await asio::async_write(p->client, asio::buffer(buf.data(), pass),
                                                         asio::as_tuple(asio::use_awaitable));
        if (wec) break;
        if (cut) {
            ++rule->cuts;
            break;
        }
    }
    p->close(); // both sides: the server sees the break too, as it would on a real network
}

mcp::task<> accept_loop(std::shared_ptr<tcp::acceptor> acceptor, tcp::endpoint upstream,
                        std::shared_ptr<cut_rule> rule) {
    for (;;) {
        auto [ec, socket] = co_await acceptor->async_accept(asio::as_tuple(asio::use_awaitable));
        if (ec) co_return;
        auto p = std::make_shared<proxied>(std::move(socket));
        auto [connect_ec] = co_await p->server.async_connect(upstream, asio::as_tuple(asio::use_awaitable));
        if (connect_ec) {
            p->close();
            continue;
        }
        asio::co_spawn(acceptor->get_executor(), client_to_server(p, rule), asio::detached);
        asio::co_spawn(acceptor->get_executor(), server_to_client(p, rule), asio::detached);
    }
}

// A proxy on 127.0.0.1 and a free port, run by `io`, to the server on `upstream_port`.
class tcp_proxy {
public:
    tcp_proxy(asio::io_context& io, unsigned short upstream_port, std::shared_ptr<cut_rule> rule)
        : acceptor_(std::make_shared<tcp::acceptor>(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0))) {
        tcp::endpoint upstream(asio::ip::address_v4::loopback(), upstream_port);
        asio::co_spawn(io, accept_loop(acceptor_, upstream, std::move(rule)), asio::detached);
    }
    ~tcp_proxy() {
        boost::system::error_code ignored;
        acceptor_->close(ignored);
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(acceptor_->local_endpoint().port()) + "/mcp"; }

private:
    std::shared_ptr<tcp::acceptor> acceptor_;
};

// --- the tests -------------------------------------------------------------------------------------------------

class ClientResume : public ::testing::Test {
protected:
    ClientResume() {
        srv.add_tool({.name = "count", .description = "Sends n numbered progress and log messages"}, count);
    }

    // Calls count(n) through the proxy; the numbers the client heard by progress and by log, and the result.
    struct heard {
        std::vector<int> progress;
        std::vector<int> logs;
        mcp::result<std::string> result;
    };
    heard call_count(int n) {
        mcp::client c(io.get_executor(), mcp::transport::http({.url = proxy.url()}).value());
        heard h{{}, {}, std::string()};
        c.on_log([&h](mcp::log_level, boost::json::value const& data, std::optional<std::string>) {
            h.logs.push_back(data.is_int64() ? static_cast<int>(data.as_int64()) : -1);
        });
        EXPECT_TRUE(run(io, c.connect()));
        EXPECT_TRUE(run(io, c.set_log_level(mcp::log_level::info)));
        mcp::request_options o;
        o.on_progress = [&h](mcp::progress_update const& p) { h.progress.push_back(static_cast<int>(p.progress)); };
        h.result = run(io, c.call_tool<std::string>("count", count_args{n, 20}, o));
        run(io, c.close());
        return h;
    }

    static std::vector<int> one_to(int n) {
        std::vector<int> v(n);
        std::iota(v.begin(), v.end(), 1);
        return v;
    }

    mcp::server srv{{.name = "counter", .version = "1"}};
    // retry: how long the client waits before it resumes; short, so that the call is still running then.
    mcp::testing::http_server served{srv, {.retry = 50ms}};
    asio::io_context io;
    std::shared_ptr<cut_rule> rule = std::make_shared<cut_rule>();
    tcp_proxy proxy{io, served.port(), rule};
};

TEST_F(ClientResume, AnAnswerStreamCutMidEventIsResumedWithoutLossOrRepeat) {
    // The call's POST response: its head, the priming event and a few events, then a cut inside an event.
    rule->triggers = {R"("method":"tools/call")"};
    rule->after_bytes = 1000;
    auto h = call_count(20);
    EXPECT_EQ(rule->cuts, 1) << "the proxy did not cut the call's stream: the test proves nothing";
    ASSERT_TRUE(h.result) << h.result.error().message();
    EXPECT_EQ(*h.result, "sent 20");
    EXPECT_EQ(h.progress, one_to(20));
    EXPECT_EQ(h.logs, one_to(20));
}

TEST_F(ClientResume, AResumedStreamCutAgainIsResumedFromItsLastEvent) {
    // The POST's stream, then the GET that resumes it: each cut after a few events; the second GET names the
    // last event the first GET delivered.
    rule->triggers = {R"("method":"tools/call")", "Last-Event-ID"};
    rule->after_bytes = 900;
    rule->max_cuts = 2;
    auto h = call_count(30);
    EXPECT_EQ(rule->cuts, 2) << "the proxy did not cut both streams: the test proves less than it says";
    ASSERT_TRUE(h.result) << h.result.error().message();
    EXPECT_EQ(*h.result, "sent 30");
    EXPECT_EQ(h.progress, one_to(30));
    EXPECT_EQ(h.logs, one_to(30));
}

} // namespace
