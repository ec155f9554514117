// bench_client: our client's side of `bench/run --client`. One mcp::client over Streamable HTTP (one session)
// calls a tool back to back against a server URL, with N calls in flight at once, for a warm-up window and
// then a measured one; prints one JSON line in bench/load's format (calls/s, latency percentiles, its own CPU
// as load_cpu_*, the server's with --pid). ts_client.mjs is the TypeScript SDK client's side: the same
// options, the same line.
//
//   bench_client --url http://127.0.0.1:PORT/mcp [--concurrency 1] [--duration 3] [--warmup 10000]
//                [--tool echo|add] [--pid SERVER] [--max-idle-links N]
//
// The warm-up is a number of calls, not a time, so that both clients get the same: Node's JIT needs about
// 10,000 calls of the SDK's client to reach its steady cost (docs/benchmarks.md); ours needs none, and gets
// them all the same.
//
// The client runs as a user runs it: default options (a GET listening stream after initialize, at most
// http_options::max_idle_links kept-alive connections) on an io_context run by one thread. The main thread
// only starts each phase and waits for it, so every CPU second counted is the client's.
// Not for: loading a server (bench/load does that with its own HTTP); this measures the client.
#include "../load/stats.hpp"

#include <mcp/client/client.hpp>
#include <mcp/client/http_connection.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/serialize.hpp>

#include <CLI/CLI.hpp>

#include <chrono>
#include <future>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace asio = boost::asio;
using clock_type = std::chrono::steady_clock;

struct options {
    std::string url;
    std::size_t concurrency = 1; // calls in flight at once, on the one session
    double duration_s = 3;
    std::size_t warmup_calls = 10'000; // before the measured window, not counted
    std::string tool = "echo";
    int server_pid = 0;
    std::optional<std::size_t> max_idle_links; // unset: the transport's default
};

struct tally {
    std::size_t ok = 0;
    std::size_t errors = 0;
    std::string first_failure; // what the first failed call got, for the report
};

// What every caller sends and expects, and when the window ends: at the deadline, or once `calls` is spent
// (shared by the callers, which all run on the client's one thread). Lives in run_window until they finish.
struct call_plan {
    std::string tool;
    boost::json::object arguments;
    clock_type::time_point deadline;
    std::optional<std::size_t> calls; // set: a budget of calls instead of the deadline

    bool another() {
        if (!calls)
            return clock_type::now() < deadline;
        if (*calls == 0)
            return false;
        --*calls;
        return true;
    }
};

call_plan plan_for(std::string const& tool) {
    if (tool == "add")
        return {tool, {{"a", 2}, {"b", 3}}, {}, {}};
    return {tool, {{"text", "hello"}}, {}, {}};
}

// The answer bench_server and ts_server.mjs give: echo's text, add's structured {sum: 5}.
bool answered(mcp::call_tool_result const& r, std::string const& tool) {
    if (r.is_error)
        return false;
    if (tool != "add")
        return mcp::text_of(r) == "hello";
    auto const* sum = r.structured_content ? r.structured_content->if_contains("sum") : nullptr;
    return sum && sum->is_number() && sum->to_number<double>() == 5;
}

// Calls back to back until the plan says stop; a failure is counted and ends this caller (the others go on).
mcp::task<> caller(mcp::client* c, call_plan* plan, std::vector<std::int64_t>* latencies, tally* out) {
    mcp::request_options per_call; // named: no temporary in the co_await'ed call (g++ 12)
    while (plan->another()) {
        auto t0 = clock_type::now();
        auto r = co_await c->call_tool(plan->tool, plan->arguments, per_call);
        if (!r || !answered(*r, plan->tool)) {
            ++out->errors;
            if (out->first_failure.empty())
                out->first_failure = r ? "an unexpected result: " + mcp::text_of(*r) : r.error().message();
            co_return;
        }
        latencies->push_back(
            std::chrono::duration_cast<std::chrono::nanoseconds>(clock_type::now() - t0).count());
        ++out->ok;
    }
}

struct window {
    tally done;
    std::vector<std::int64_t> latencies_ns;
    double elapsed_s = 0;
    double cpu_s = 0;
    double server_cpu_s = -1; // -1: no --pid
};

// `concurrency` callers on the client's io_context, from now for `seconds`, or for `calls` calls in all when
// set; returns when all have finished.
window run_window(asio::io_context& io, mcp::client& c, options const& o, double seconds,
                  std::optional<std::size_t> calls = {}) {
    auto plan = plan_for(o.tool);
    plan.calls = calls;
    window out;
    std::vector<std::vector<std::int64_t>> latencies(o.concurrency);
    double server_cpu0 = load::process_cpu_seconds(o.server_pid);
    double cpu0 = load::own_cpu_seconds();
    auto start = clock_type::now();
    plan.deadline =
        start + std::chrono::duration_cast<clock_type::duration>(std::chrono::duration<double>(seconds));
    std::vector<std::future<void>> callers;
    for (std::size_t i = 0; i < o.concurrency; ++i)
        callers.push_back(asio::co_spawn(io, caller(&c, &plan, &latencies[i], &out.done), asio::use_future));
    for (auto& f : callers)
        f.get();
    out.elapsed_s = std::chrono::duration<double>(clock_type::now() - start).count();
    out.cpu_s = load::own_cpu_seconds() - cpu0;
    if (o.server_pid)
        out.server_cpu_s = load::process_cpu_seconds(o.server_pid) - server_cpu0;
    for (auto& l : latencies)
        out.latencies_ns.insert(out.latencies_ns.end(), l.begin(), l.end());
    return out;
}

boost::json::object report_of(options const& o, window&& win) {
    boost::json::object report{
        {"mode", "client"}, {"client", "ours"}, {"concurrency", o.concurrency}, {"tool", o.tool}};
    auto const& done = win.done;
    load::add_figures(report, {done.ok, done.errors, done.first_failure, win.elapsed_s, win.cpu_s, win.server_cpu_s},
                      std::move(win.latencies_ns));
    return report;
}

boost::json::object failed(options const& o, std::string const& why) {
    return {{"mode", "client"},
            {"client", "ours"},
            {"concurrency", o.concurrency},
            {"errors", 1},
            {"error", why}};
}

// The whole run: connect, warm up, measure, close. The client (made here, in `c`) lives on `io`, which one
// other thread runs; the caller destroys it once that thread has stopped.
boost::json::object run(asio::io_context& io, std::unique_ptr<mcp::client>& c, options const& o) {
    mcp::transport::http_options http{.url = o.url};
    if (o.max_idle_links)
        http.max_idle_links = *o.max_idle_links;
    auto conn = mcp::transport::http(std::move(http));
    if (!conn)
        return failed(o, conn.error().message());
    c = std::make_unique<mcp::client>(io.get_executor(), std::move(*conn),
                                      mcp::client_options{.info = {"bench_client", "1.0.0", {}, {}, {}, {}}});
    auto init = asio::co_spawn(io, c->connect(), asio::use_future).get();
    if (!init)
        return failed(o, "connect: " + init.error().message());
    if (o.warmup_calls > 0)
        run_window(io, *c, o, 0, o.warmup_calls);
    auto report = report_of(o, run_window(io, *c, o, o.duration_s));
    asio::co_spawn(io, c->close(), asio::use_future).get();
    return report;
}

} // namespace

int main(int argc, char** argv) {
    options o;
    std::size_t idle_links = 0;
    CLI::App app{"bench_client: our client's tools/call rate against a server (bench/run --client)"};
    app.add_option("--url", o.url, "the server's MCP endpoint")->required();
    app.add_option("--concurrency,-c", o.concurrency, "calls in flight at once on the one session")
        ->check(CLI::PositiveNumber);
    app.add_option("--duration,-d", o.duration_s, "seconds of the measured window");
    app.add_option("--warmup", o.warmup_calls, "calls before it, not counted");
    app.add_option("--tool", o.tool, "the tool to call")->check(CLI::IsMember({"echo", "add"}));
    app.add_option("--pid", o.server_pid, "the server's pid, to report its CPU time too");
    auto* links =
        app.add_option("--max-idle-links", idle_links, "kept-alive connections (default: the client's)");
    CLI11_PARSE(app, argc, argv);
    if (links->count())
        o.max_idle_links = idle_links;

    asio::io_context io;
    std::unique_ptr<mcp::client> c; // destroyed before `io`, after its thread has stopped
    auto guard = asio::make_work_guard(io);
    std::thread runner([&io] { io.run(); });
    boost::json::object report;
    try {
        report = run(io, c, o);
    } catch (std::exception const& e) {
        report = failed(o, e.what());
    }
    guard.reset();
    io.stop(); // the listening stream may still be unwinding after close(): it has nothing left to say
    runner.join();
    std::cout << boost::json::serialize(report) << std::endl;
    return report.contains("error") || report.at("errors").to_number<std::int64_t>() ? 1 : 0;
}
