// bench_stores: how fast one store backend takes SSE events, replays them, and loads and saves sessions
// (issue 6), how fast MCP tasks run through a server on it (issue 13), for bench/run --stores, and what
// dynamic lists cost on it (issue 14: --lists-only, bench/run --lists). Prints one JSON line; exits 1 when an
// operation failed.
//
//   bench_stores memory|sqlite|postgres|dynamodb [--duration S] [--writers N] [--threads N]
//                [--replay-events N] [--tasks-only | --lists-only [--list-changes N]] [--sqlite-dir DIR]
//                [--postgres-url URL] [--dynamodb-endpoint URL]
//
// PostgreSQL and DynamoDB need a server: MCP_TEST_POSTGRES_URL and MCP_TEST_DYNAMODB_ENDPOINT
// (scripts/services exports both) or the options. Every run uses a fresh SQLite file, table prefix or table
// pair, with the backend's default limits and pool sizes, and removes them at the end. Not a test: the
// contract suite checks the behaviour; this only counts.
#include "backends.hpp"
#include "list_workload.hpp"
#include "task_workload.hpp"
#include "workloads.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>

#include <CLI/CLI.hpp>

#include <iostream>
#include <thread>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace storage = mcp::storage;
using bench_stores::rate;

struct options {
    bench_stores::target_options target;
    double duration_s = 2;
    std::size_t writers = 16;
    std::size_t threads = std::max(1u, std::thread::hardware_concurrency());
    std::size_t replay_events = 1'000;
    bool tasks_only = false;
    bool lists_only = false;
    std::size_t list_changes = 10;
};

// The io_context the stores' coroutines (and DynamoDB's connections) run on, with `threads` threads.
class runner {
public:
    explicit runner(std::size_t threads) {
        for (std::size_t i = 0; i < threads; ++i)
            threads_.emplace_back([this] { io_.run(); });
    }
    ~runner() {
        guard_.reset();
        for (auto& t : threads_)
            t.join();
    }
    asio::any_io_executor executor() { return io_.get_executor(); }

private:
    asio::io_context io_;
    asio::executor_work_guard<asio::io_context::executor_type> guard_{io_.get_executor()};
    std::vector<std::thread> threads_;
};

// Adds one figure's count, rate and errors to the report under `name`.
void add(boost::json::object& report, std::string const& name, rate const& r) {
    report[name + "_per_s"] = r.per_second();
    report[name + "_ops"] = r.operations;
    if (r.errors) {
        report["errors"] = report["errors"].as_int64() + static_cast<std::int64_t>(r.errors);
        if (!report.contains("error"))
            report["error"] = name + ": " + r.first_error;
    }
}

boost::json::object measure(options const& o, asio::any_io_executor ex, storage::stores const& s) {
    boost::json::object report;
    report["errors"] = 0;
    bench_stores::window one{.length = std::chrono::duration<double>(o.duration_s), .workers = 1};
    auto many = one;
    many.workers = o.writers;
    auto tasks = bench_stores::task_rate(ex, s, many);
    add(report, "tasks_n", tasks.tasks);
    report["task_store_calls_per_task"] = tasks.store_calls_per_task;
    report["task_store_calls_per_get"] = tasks.store_calls_per_get;
    if (o.tasks_only)
        return report;
    add(report, "append_1", bench_stores::append_rate(ex, s, "append1", one));
    add(report, "append_n", bench_stores::append_rate(ex, s, "appendn", many));
    auto replay = bench_stores::replay_rate(ex, s, "replay", o.replay_events, one);
    add(report, "replay", replay.replays);
    report["replay_events_per_s"] = replay.replays.per_second() * static_cast<double>(replay.stream_events);
    report["replay_p50_ms"] = replay.p50_ms;
    report["replay_p99_ms"] = replay.p99_ms;
    add(report, "pairs_1", bench_stores::session_pairs(ex, s, "pairs1", one));
    add(report, "pairs_n", bench_stores::session_pairs(ex, s, "pairsn", many));
    return report;
}

// The dynamic-list figures (list_workload.hpp). `other`: a second opening of the same backend, B's stores
// (for memory, the same stores: a memory store is one process's).
boost::json::object measure_lists(options const& o, asio::any_io_executor ex, storage::stores const& s,
                                  storage::stores const& other) {
    boost::json::object report;
    report["errors"] = 0;
    auto steady = bench_stores::list_request_rate(
        ex, s, {.length = std::chrono::duration<double>(o.duration_s), .workers = o.writers});
    auto interval_s = [](std::chrono::milliseconds ms) { return static_cast<double>(ms.count()) / 1000; };
    report["lists_check_interval_s"] = interval_s(steady.check_interval);
    add(report, "lists_counted", steady.counted);
    report["lists_state_calls"] = steady.state_calls;
    report["lists_state_calls_per_request"] = steady.state_calls_per_request;
    report["lists_state_calls_per_interval"] =
        steady.counted.seconds > 0
            ? double(steady.state_calls) * interval_s(steady.check_interval) / steady.counted.seconds
            : 0.0;
    add(report, "lists_requests", steady.with_checks);
    add(report, "lists_ceiling", steady.ceiling);
    if (steady.ceiling.per_second() > 0)
        report["lists_requests_vs_ceiling"] = steady.with_checks.per_second() / steady.ceiling.per_second();

    // Stores that do not push are looked at every second here (the default is 10 s), so that a run stays
    // short.
    bool pushes = o.target.backend == "memory" || o.target.backend == "postgres";
    auto change =
        bench_stores::list_change_latency(ex, s, other, o.list_changes, std::chrono::seconds(1), pushes);
    report["lists_change_by"] = pushes ? "push" : "look every 1 s (the default is 10 s)";
    report["lists_change_check_interval_s"] = interval_s(change.check_interval);
    report["lists_changes"] = change.notify_ms.size();
    report["lists_notifications"] = change.notifications;
    report["lists_told_before_return"] = change.told_before_return;
    report["lists_notify_ms"] = boost::json::value_from(change.notify_ms);
    auto notify_p50 = bench_stores::percentile(change.notify_ms, 0.5);
    auto floor_p50 = bench_stores::percentile(change.round_trip_ms, 0.5);
    report["lists_notify_p50_ms"] = notify_p50;
    report["lists_notify_max_ms"] = bench_stores::percentile(change.notify_ms, 1);
    report["lists_notify_from_call_ms"] = boost::json::value_from(change.notify_from_call_ms);
    report["lists_notify_from_call_p50_ms"] = bench_stores::percentile(change.notify_from_call_ms, 0.5);
    report["lists_floor_p50_ms"] = floor_p50;
    if (floor_p50 > 0)
        report["lists_notify_vs_floor"] = notify_p50 / floor_p50;
    if (change.errors) {
        report["errors"] = report["errors"].as_int64() + static_cast<std::int64_t>(change.errors);
        if (!report.contains("error"))
            report["error"] = "lists_change: " + change.first_error;
    }
    return report;
}

int run(options const& o) {
    boost::json::object report{{"backend", o.target.backend}};
    auto config = bench_stores::make_target(o.target);
    if (!config) {
        report["error"] = config.error().message();
        std::cout << boost::json::serialize(report) << std::endl;
        return 1;
    }
    report["store"] = storage::describe(*config);
    report["threads"] = o.threads;
    report["writers"] = o.writers;
    report["window_s"] = o.duration_s;
    report["event_bytes"] = bench_stores::event_message().size();
    report["replay_events"] = o.replay_events;
    runner io(o.threads);
    auto open = [&] {
        return asio::co_spawn(io.executor(), storage::open(*config, io.executor()), asio::use_future).get();
    };
    auto opened = open();
    // The lists' second instance opens the backend again, as a second process would.
    auto other = o.lists_only && o.target.backend != "memory" ? open() : opened;
    if (!opened || !other) {
        report["error"] = "open: " + (opened ? other : opened).error().message();
    } else {
        auto figures = o.lists_only ? measure_lists(o, io.executor(), *opened, *other)
                                    : measure(o, io.executor(), *opened);
        report.insert(figures.begin(), figures.end());
    }
    // The stores end before their files and tables go.
    if (opened)
        *opened = {};
    if (other)
        *other = {};
    if (auto problem = bench_stores::remove_target(*config, io.executor()); !problem.empty())
        std::cerr << "bench_stores: clean-up: " << problem << "\n";
    std::cout << boost::json::serialize(report) << std::endl;
    return report.contains("error") ? 1 : 0;
}

} // namespace

int main(int argc, char** argv) {
    options o;
    CLI::App app{"bench_stores: event append, replay and session load+save rates of one store backend"};
    app.add_option("backend", o.target.backend, "memory, sqlite, postgres or dynamodb")
        ->required()
        ->check(CLI::IsMember({"memory", "sqlite", "postgres", "dynamodb"}));
    app.add_option("--duration,-d", o.duration_s, "seconds of each measured window");
    app.add_option("--writers,-w", o.writers, "concurrent writers (each on its own session)");
    app.add_option("--threads", o.threads, "threads running the stores' coroutines");
    app.add_option("--replay-events", o.replay_events, "events in the replayed stream");
    auto tasks = app.add_flag("--tasks-only", o.tasks_only, "only the MCP task figures (bench/run --tasks)");
    app.add_flag("--lists-only", o.lists_only, "only the dynamic list figures (bench/run --lists)")
        ->excludes(tasks);
    app.add_option("--list-changes", o.list_changes,
                   "tool changes timed from one instance to another (--lists-only)");
    app.add_option("--sqlite-dir", o.target.sqlite_dir, "directory of the SQLite file (default /tmp)");
    app.add_option("--postgres-url", o.target.postgres_url, "default: MCP_TEST_POSTGRES_URL");
    app.add_option("--dynamodb-endpoint", o.target.dynamodb_endpoint, "default: MCP_TEST_DYNAMODB_ENDPOINT");
    CLI11_PARSE(app, argc, argv);
    return run(o);
}
