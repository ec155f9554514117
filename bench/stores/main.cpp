// bench_stores: how fast one store backend takes SSE events, replays them, and loads and saves sessions
// (issue 6), and how fast MCP tasks run through a server on it (issue 13), for bench/run --stores. Prints one
// JSON line; exits 1 when an operation failed.
//
//   bench_stores memory|sqlite|postgres|dynamodb [--duration S] [--writers N] [--threads N]
//                [--replay-events N] [--tasks-only] [--sqlite-dir DIR] [--postgres-url URL]
//                [--dynamodb-endpoint URL]
//
// PostgreSQL and DynamoDB need a server: MCP_TEST_POSTGRES_URL and MCP_TEST_DYNAMODB_ENDPOINT
// (scripts/services exports both) or the options. Every run uses a fresh SQLite file, table prefix or table
// pair, with the backend's default limits and pool sizes, and removes them at the end. Not a test: the
// contract suite checks the behaviour; this only counts.
#include "backends.hpp"
#include "task_workload.hpp"
#include "workloads.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/serialize.hpp>

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
    if (o.tasks_only) return report;
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
    auto opened =
        asio::co_spawn(io.executor(), storage::open(*config, io.executor()), asio::use_future).get();
    if (!opened) {
        report["error"] = "open: " + opened.error().message();
    } else {
        auto figures = measure(o, io.executor(), *opened);
        report.insert(figures.begin(), figures.end());
        *opened = {}; // the stores end before their files and tables go
    }
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
    app.add_flag("--tasks-only", o.tasks_only, "only the MCP task figures (bench/run --tasks)");
    app.add_option("--sqlite-dir", o.target.sqlite_dir, "directory of the SQLite file (default /tmp)");
    app.add_option("--postgres-url", o.target.postgres_url, "default: MCP_TEST_POSTGRES_URL");
    app.add_option("--dynamodb-endpoint", o.target.dynamodb_endpoint, "default: MCP_TEST_DYNAMODB_ENDPOINT");
    CLI11_PARSE(app, argc, argv);
    return run(o);
}
