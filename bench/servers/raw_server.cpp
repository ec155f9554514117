// raw_server: the ceiling of the benchmarks (bench/run). The same net::listener as the framework's server,
// with a handler that answers every request with a fixed JSON body: HTTP work only, no MCP. Whatever our
// server loses against this is the cost of the MCP layers (JSON-RPC, sessions, dispatch, typed conversion).
//
//   raw_server [--port 8080] [--threads N]      logs "listening on http://127.0.0.1:PORT" to stderr
#include <mcp/net/listener.hpp>

#include <CLI/CLI.hpp>

#include <string>
#include <utility>

namespace {

// Byte for byte our answer to tools/call echo "hello", so both sides write the same bytes.
constexpr char const* fixed_body =
    R"({"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"hello"}]}})";

mcp::task<> answer(mcp::http::request, mcp::http::response_writer& out) {
    mcp::http::headers
        headers; // g++ 12 rejects a braced header list inside a coroutine ("array used as init")
    headers.add("content-type", "application/json");
    co_await out.respond(200, std::move(headers), fixed_body);
}

} // namespace

int main(int argc, char** argv) {
    mcp::net::listener_options options;
    options.max_connections = 8192;
    CLI::App app{"raw_server: a fixed JSON answer on the framework's listener, no MCP"};
    app.add_option("--port", options.port, "port (0 picks a free one)");
    app.add_option("--threads", options.threads, "I/O threads (default: hardware concurrency)");
    CLI11_PARSE(app, argc, argv);
    return mcp::net::serve(answer, options);
}
