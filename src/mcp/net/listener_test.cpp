// The listener over real sockets on 127.0.0.1 (ephemeral ports): requests, streams, limits and failures.
// Blocking Beast clients in the test thread, the listener on an io_context of its own; every client has a
// watchdog, so no test can hang on a read. Shutdown is in listener_shutdown_test.cpp.
#include <mcp/net/listener_test_support.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcp::net::test;

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
    EXPECT_EQ(mcp::core::to_vector(r.headers.fields()), expected);
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

} // namespace
