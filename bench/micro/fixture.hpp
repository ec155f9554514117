// What the micro benchmarks share: the two tools every peer of bench/run has (bench_tools.hpp, bench_server's),
// the request texts the load generator sends, and a response writer that keeps what it is given. Not for:
// measuring anything by itself.
#pragma once

#include <mcp/http/access.hpp>
#include <mcp/http/exchange.hpp>
#include <mcp/http/streamable.hpp>
#include <mcp/server/server.hpp>

#include "../servers/bench_tools.hpp"

#include <boost/asio/io_context.hpp>

#include <memory>
#include <string>

namespace bench {

// Byte for byte what bench/load sends.
inline constexpr char const* echo_call =
    R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hello"}}})";
inline constexpr char const* add_call =
    R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add","arguments":{"a":2,"b":3}}})";
inline constexpr char const* initialize_call =
    R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25",)"
    R"("capabilities":{},"clientInfo":{"name":"bench-micro","version":"1.0.0"}}})";
inline constexpr char const* initialized_note = R"({"jsonrpc":"2.0","method":"notifications/initialized"})";

// Keeps the status, the headers and the body; `done` turns true when the response is complete.
class keeping_writer : public mcp::http::response_writer {
public:
    mcp::task<> respond(int s, mcp::http::headers h, std::string b) override {
        status = s;
        fields = std::move(h);
        body = std::move(b);
        done = true;
        co_return;
    }
    mcp::task<> start(int s, mcp::http::headers h) override {
        status = s;
        fields = std::move(h);
        body.clear();
        co_return;
    }
    mcp::task<bool> write(std::string bytes) override {
        body += bytes;
        co_return true;
    }
    mcp::task<> finish() override {
        done = true;
        co_return;
    }

    int status = 0;
    mcp::http::headers fields;
    std::string body;
    bool done = false;
};

// The Streamable HTTP handler in process, with the two tools and an open session; post() runs one exchange
// to its end. The same path as a request from the listener, minus the sockets.
struct handler_fixture {
    boost::asio::io_context io;
    mcp::server srv{{.name = "bench", .version = "1.0.0"}};
    mcp::http::streamable handler;
    std::string session;
    std::string authorization; // the Authorization header of every request, when not empty

    explicit handler_fixture(bool sse, bool metrics = false); // metrics: streamable_options::metrics on
    // JSON answers with `access` as the access policy (streamable_options::access); every request, the
    // session's initialize included, carries `auth_header` ("Bearer <token>").
    handler_fixture(std::shared_ptr<mcp::http::access_policy> access, std::string auth_header);
    mcp::http::request request(char const* body) const;
    keeping_writer post(char const* body);

private:
    handler_fixture(mcp::http::streamable_options options, std::string authorization);
};

} // namespace bench
