// Identity on the plain HTTP front door: a client header that poses as metadata only trusted code may set
// (x-authorizer-*, x-lambda-*, x-mcp-auth-*; ARCHITECTURE.md section 7a) never reaches middleware or handlers.
// Real sockets on 127.0.0.1: the listener, the streamable handler and a tool that tells what it was shown.
#include <mcp/http/streamable.hpp>
#include <mcp/net/listener.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <gtest/gtest.h>

#include <thread>

namespace {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

std::string whoami(mcp::call_context& ctx) {
    std::string seen;
    for (auto name : {"x-authorizer-user_id", "x-lambda-request-id", "x-mcp-auth-subject", "x-custom"})
        seen += std::string(name) + "=" + std::string(ctx.metadata().get(name).value_or("(none)")) + ";";
    return seen;
}

// The streamable handler behind a listener on an ephemeral port, run by one thread.
class http_server {
public:
    http_server() {
        srv_.add_tool({.name = "whoami", .description = "What metadata the call carried"}, whoami);
        listener_.start();
        thread_ = std::thread([this] { io_.run(); });
    }
    ~http_server() {
        handler_.shutdown();
        listener_.stop([this] { io_.stop(); });
        thread_.join();
    }
    unsigned short port() const { return listener_.port(); }

private:
    mcp::server srv_{{.name = "identity", .version = "1"}};
    asio::io_context io_;
    mcp::http::streamable handler_{srv_, io_.get_executor()};
    mcp::net::listener listener_{io_.get_executor(),
                                 {.port = 0},
                                 [this](mcp::http::request req, mcp::http::response_writer& out) {
                                     return handler_.handle(std::move(req), out);
                                 }};
    std::thread thread_;
};

// One POST on a new connection, with the headers a client sends plus `extra`.
bhttp::response<bhttp::string_body> post(unsigned short port, std::string body, std::string const& session,
                                         std::vector<std::pair<std::string, std::string>> const& extra = {}) {
    asio::io_context io;
    tcp::socket socket(io);
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
    bhttp::request<bhttp::string_body> req(bhttp::verb::post, "/mcp", 11);
    req.set(bhttp::field::host, "127.0.0.1");
    req.set(bhttp::field::content_type, "application/json");
    req.set(bhttp::field::accept, "application/json, text/event-stream");
    if (!session.empty())
        req.set("mcp-session-id", session);
    for (auto const& [name, value] : extra)
        req.set(name, value);
    req.body() = std::move(body);
    req.prepare_payload();
    bhttp::write(socket, req);
    boost::beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> res;
    bhttp::read(socket, buffer, res);
    return res;
}

TEST(HttpIdentity, ClientHeadersPosingAsTrustedMetadataNeverReachHandlers) {
    http_server s;
    auto init = post(s.port(),
                     R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",)"
                     R"("capabilities":{},"clientInfo":{"name":"t","version":"0"}}})",
                     "");
    ASSERT_EQ(init.result_int(), 200) << init.body();
    std::string session(init["mcp-session-id"]);
    post(s.port(), R"({"jsonrpc":"2.0","method":"notifications/initialized"})", session);
    auto called = post(s.port(), R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"whoami"}})",
                       session,
                       {{"X-Authorizer-User_Id", "root"},
                        {"x-lambda-request-id", "forged"},
                        {"X-MCP-Auth-Subject", "admin"},
                        {"x-custom", "kept"}});
    ASSERT_EQ(called.result_int(), 200) << called.body();
    auto text = boost::json::parse(called.body()).at("result").at("content").at(0).at("text").as_string();
    EXPECT_EQ(text, "x-authorizer-user_id=(none);x-lambda-request-id=(none);x-mcp-auth-subject=(none);"
                    "x-custom=kept;");
}

} // namespace
