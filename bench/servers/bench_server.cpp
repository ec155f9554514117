// bench_server: our side of the benchmarks (bench/run). An MCP server on the framework with the two tools
// every peer has, `echo {text}` -> text and `add {a, b}` -> structured {sum}, served over Streamable HTTP.
//
//   bench_server [--port 8080] [--sse] [--threads N] [--metrics]
//
// --port 0 picks a free port; the framework logs "listening on http://127.0.0.1:PORT/mcp" to stderr either
// way.
// --sse answers every POST with an SSE stream (http::streamable_options::always_sse) instead of JSON.
// --metrics serves Prometheus metrics at /metrics (docs/operations.md), to measure what counting costs.
// MCP_AUTH_* (src/mcp/auth/environment.hpp) put the access policy in front, as mcp::run does: bench/auth_cost
// measures what validating a bearer token on every request costs (mcp::auth is linked when it is built).
// Not for: anything but benchmarks (the limits below are raised so the memory runs can hold 10,000 sessions).
#include <mcp/http/environment.hpp>
#include <mcp/mcp.hpp>

#include <CLI/CLI.hpp>

#include "bench_tools.hpp"

#include <iostream>
#include <string>

int main(int argc, char** argv) {
    mcp::http_options http;
    // bench/run holds 10,000 idle sessions and 1,000 open GET streams at once, above the default bounds.
    http.listen.max_connections = 8192;
    // The session bound is the stores' (storage::store_limits: the handler's memory stores honour it).
    http.stores.limits.max_sessions = 100'000;
    CLI::App app{"bench_server: the framework's peer in bench/run"};
    app.add_option("--port", http.listen.port, "port (0 picks a free one)");
    app.add_option("--threads", http.listen.threads, "I/O threads (default: hardware concurrency)");
    app.add_flag("--sse", http.mcp.always_sse, "answer every request with an SSE stream");
    app.add_flag("--metrics", http.mcp.metrics.enabled, "serve Prometheus metrics at /metrics");
    CLI11_PARSE(app, argc, argv);
    // serve_http reads no environment: MCP_AUTH_ISSUER (or _INTROSPECTION_URL) turns authorization on here.
    auto access = mcp::http::access_from_environment();
    if (!access) {
        std::cerr << "bench_server: " << access.error().message() << "\n";
        return 2;
    }
    http.mcp.access = std::move(*access);

    mcp::server srv({.name = "bench", .version = "1.0.0"});
    bench::add_tools(srv);
    return mcp::serve_http(srv, std::move(http));
}
