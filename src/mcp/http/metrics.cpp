// The counters of metrics.hpp, sharded by thread, and their text exposition (Prometheus format 0.0.4:
// "# HELP" and "# TYPE" lines, then one `name{label="value",...} number` line per series).
#include <mcp/http/metrics.hpp>

#include <cstdio>

namespace mcp::http {
namespace {

constexpr std::size_t shard_count = 8;
constexpr std::size_t methods = metric_methods.size();
constexpr std::size_t statuses = metric_statuses.size();
constexpr std::size_t buckets = metric_latency_buckets.size() + 1; // +Inf last

using counter = std::atomic<std::uint64_t>;

std::size_t status_index(int status) {
    for (std::size_t i = 0; i + 1 < statuses; ++i)
        if (metric_statuses[i] == status)
            return i;
    return statuses - 1;
}

std::size_t bucket_index(std::chrono::nanoseconds d) {
    double const seconds = static_cast<double>(d.count()) / 1e9;
    std::size_t i = 0;
    while (i < metric_latency_buckets.size() && seconds > metric_latency_buckets[i])
        ++i;
    return i;
}

void add(counter& c, std::uint64_t n = 1) {
    c.fetch_add(n, std::memory_order_relaxed);
}

// A number as the exposition writes it: integers without a fraction, others with enough digits.
std::string number(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.9g", v);
    return text;
}

void family(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
    out.append("# HELP ").append(name).append(" ").append(help).append("\n");
    out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

// One sample line; label values here come from the fixed tables, which need no escaping.
void sample(std::string& out, std::string_view name, std::string_view labels, std::string const& value) {
    out.append(name);
    if (!labels.empty())
        out.append("{").append(labels).append("}");
    out.append(" ").append(value).append("\n");
}

std::string status_label(std::size_t s) {
    return metric_statuses[s] == 0 ? "other" : std::to_string(metric_statuses[s]);
}

} // namespace

struct alignas(64) metrics::shard {
    counter requests[methods][statuses] = {};
    counter latency[methods][buckets] = {}; // per bucket, not cumulative: the exposition sums them
    counter latency_micros[methods] = {};
    counter store_errors{0};
};

metrics::metrics() : shards_(std::make_unique<shard[]>(shard_count)) {}
metrics::~metrics() = default;

std::size_t metrics::my_shard() const {
    static std::atomic<std::size_t> next{0};
    thread_local std::size_t const mine = next.fetch_add(1, std::memory_order_relaxed) % shard_count;
    return mine;
}

void metrics::record(std::size_t method, int status, std::chrono::nanoseconds duration, bool store_error) {
    auto& s = shards_[my_shard()];
    method = method < methods ? method : methods - 1;
    add(s.requests[method][status_index(status)]);
    add(s.latency[method][bucket_index(duration)]);
    add(s.latency_micros[method],
        static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(duration).count()));
    if (store_error)
        add(s.store_errors);
}

template <class Read>
std::uint64_t metrics::total(Read read) const {
    std::uint64_t n = 0;
    for (std::size_t i = 0; i < shard_count; ++i)
        n += read(shards_[i]).load(std::memory_order_relaxed);
    return n;
}

void metrics::write_requests(std::string& out) const {
    constexpr std::string_view name = "mcp_http_requests_total";
    family(out, name, "counter",
           "Exchanges with the MCP endpoint by JSON-RPC method (or HTTP method) and HTTP status.");
    for (std::size_t m = 0; m < methods; ++m)
        for (std::size_t st = 0; st < statuses; ++st)
            if (auto n = total([&](shard const& s) -> counter const& { return s.requests[m][st]; }))
                sample(out, name,
                       "method=\"" + std::string(metric_methods[m]) + "\",status=\"" + status_label(st) +
                           "\"",
                       std::to_string(n));
}

// Cumulative buckets, as the format wants: each counts the requests at or under its bound.
void metrics::write_latency(std::string& out) const {
    std::string const name = "mcp_http_request_duration_seconds";
    family(out, name, "histogram", "Time from a request to the end of its answer (an SSE stream: its end).");
    for (std::size_t m = 0; m < methods; ++m) {
        std::uint64_t per_bucket[buckets];
        std::uint64_t count = 0;
        for (std::size_t b = 0; b < buckets; ++b)
            count += per_bucket[b] = total([&](shard const& s) -> counter const& { return s.latency[m][b]; });
        if (count == 0)
            continue;
        std::string const method = "method=\"" + std::string(metric_methods[m]) + "\"";
        std::uint64_t cumulative = 0;
        for (std::size_t b = 0; b < buckets; ++b) {
            cumulative += per_bucket[b];
            auto le = b + 1 < buckets ? number(metric_latency_buckets[b]) : "+Inf";
            sample(out, name + "_bucket", method + ",le=\"" + le + "\"", std::to_string(cumulative));
        }
        auto micros = total([&](shard const& s) -> counter const& { return s.latency_micros[m]; });
        sample(out, name + "_sum", method, number(static_cast<double>(micros) / 1e6));
        sample(out, name + "_count", method, std::to_string(cumulative));
    }
}

std::string metrics::exposition(std::size_t live_sessions) const {
    std::string out;
    out.reserve(4096);
    write_requests(out);
    write_latency(out);
    family(out, "mcp_http_sessions", "gauge", "Sessions this process holds.");
    sample(out, "mcp_http_sessions", "", std::to_string(live_sessions));
    family(out, "mcp_http_sse_streams", "gauge", "SSE answers and GET streams open now.");
    sample(out, "mcp_http_sse_streams", "", std::to_string(streams_.load(std::memory_order_relaxed)));
    family(out, "mcp_http_store_errors_total", "counter", "Answers that carried a store failure (503).");
    sample(out, "mcp_http_store_errors_total", "",
           std::to_string(total([](shard const& s) -> counter const& { return s.store_errors; })));
    return out;
}

} // namespace mcp::http
