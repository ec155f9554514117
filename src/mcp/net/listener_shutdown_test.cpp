// The listener's shutdown over real sockets on 127.0.0.1: stop() with requests, idle connections and streams
// in flight, writers on another strand, binding errors, and serve() with signals. The shared client and
// handlers are in listener_test_support.hpp.
#include <mcp/net/listener_test_support.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcp::net::test;

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
