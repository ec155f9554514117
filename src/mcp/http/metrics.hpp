// The Streamable HTTP handler's Prometheus metrics (opt-in: streamable_options::metrics), and their text
// exposition, format 0.0.4. Not a general metrics library: the series are the few an operator of an MCP
// server needs (docs/operations.md), kept where the hot path adds to them without a lock.
//
//   mcp_http_requests_total{method,status}           counter    exchanges with the MCP endpoint
//   mcp_http_request_duration_seconds{method,le}     histogram  from the request to the end of its answer
//   mcp_http_sessions                                gauge      sessions this process holds
//   mcp_http_sse_streams                             gauge      SSE answers and GET streams open now
//   mcp_http_store_errors_total                      counter    answers that carried a store failure
//
// Invariants: label values come only from the fixed tables below (metric_methods, metric_statuses), never
// from a client's text, so the number of series is bounded and no session id, tool name or argument is ever
// shown. Counters are sharded by thread (a thread adds to its own cache lines; a scrape sums the shards),
// each cell a relaxed atomic: record() is wait-free and takes no lock.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace mcp::http {

// The `method` label: MCP methods a client sends (2025-11-25 and 2026-07-28), "response" for a client's
// answer to a server request, the HTTP methods of exchanges that carry no JSON-RPC method, and "other" for
// the rest.
inline constexpr std::array<std::string_view, 29> metric_methods = {
    "initialize",
    "ping",
    "tools/list",
    "tools/call",
    "resources/list",
    "resources/read",
    "resources/templates/list",
    "resources/subscribe",
    "resources/unsubscribe",
    "prompts/list",
    "prompts/get",
    "completion/complete",
    "logging/setLevel",
    "tasks/get",
    "tasks/result",
    "tasks/cancel",
    "tasks/list",
    "subscriptions/listen",
    "notifications/initialized",
    "notifications/cancelled",
    "notifications/progress",
    "notifications/roots/list_changed",
    "notifications/tasks/status",
    "response", // a client's answer to a request of the server
    "POST",     // a POST whose body has no readable method (refused as malformed)
    "GET",
    "DELETE",
    "OPTIONS",
    "other"};
// The index in metric_methods of a name in it, or of "other".
constexpr std::size_t metric_method(std::string_view method) {
    for (std::size_t i = 0; i + 1 < metric_methods.size(); ++i)
        if (metric_methods[i] == method)
            return i;
    return metric_methods.size() - 1;
}

// The `status` label: the statuses the handler answers with; any other is counted as "other".
inline constexpr std::array<int, 15> metric_statuses = {200, 202, 204, 400, 401, 403, 404, 405,
                                                        406, 413, 415, 429, 500, 503, 0 /* other */};

// Upper bounds of the latency histogram, in seconds (+Inf follows).
inline constexpr std::array<double, 14> metric_latency_buckets = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

class metrics {
public:
    metrics();
    ~metrics();
    metrics(metrics const&) = delete;
    metrics& operator=(metrics const&) = delete;

    // One exchange ended. `method`: an index from metric_method*. Thread-safe, wait-free.
    void record(std::size_t method, int status, std::chrono::nanoseconds duration, bool store_error);
    // An SSE response began or ended. Thread-safe.
    void stream_opened() { streams_.fetch_add(1, std::memory_order_relaxed); }
    void stream_closed() { streams_.fetch_sub(1, std::memory_order_relaxed); }

    // The exposition (text format 0.0.4), with `live_sessions` as mcp_http_sessions. Thread-safe; reads each
    // counter once, so a scrape during traffic may see a request in one series and not yet in another.
    std::string exposition(std::size_t live_sessions) const;

private:
    struct shard;
    std::size_t my_shard() const;
    template <class Read>
    std::uint64_t total(Read read) const; // one counter summed over the shards
    void write_requests(std::string& out) const;
    void write_latency(std::string& out) const;
    std::unique_ptr<shard[]> shards_;
    std::atomic<std::int64_t> streams_{0};
};

// The media type of the exposition.
inline constexpr std::string_view metrics_content_type = "text/plain; version=0.0.4; charset=utf-8";

} // namespace mcp::http
