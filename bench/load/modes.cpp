// The measured loops. Everything runs on one single-threaded io_context: one coroutine per connection, phases
// separated by io_context::run() returning (set-up, measured window, tear-down), so nothing untimed overlaps
// the window.
#include "modes.hpp"

#include "client.hpp"
#include "stats.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <exception>
#include <memory>
#include <thread>

namespace load {

namespace asio = boost::asio;
using clock = std::chrono::steady_clock;

namespace {

enum class work { calls, raw, churn };

using pool = std::vector<std::unique_ptr<connection>>;

void rethrow(std::exception_ptr e) {
    if (e)
        std::rethrow_exception(e);
}

struct counters {
    std::size_t ok = 0;
    std::size_t errors = 0;
    std::size_t sse = 0;       // answers that came as an SSE stream
    std::string first_failure; // what the first failed exchange got, for the report
};

// A failed exchange, counted; the first one is described (an error count alone says nothing about why).
void count_failure(counters& out, reply const& r) {
    ++out.errors;
    if (!out.first_failure.empty())
        return;
    if (r.status == 0)
        out.first_failure = "the socket failed (refused, reset or closed by the server)";
    else
        out.first_failure = "HTTP " + std::to_string(r.status) + ": " + r.body.substr(0, 200);
}

task<> prepare(connection* c, bool with_session, counters* out) {
    bool ok = co_await c->connect();
    if (ok && with_session)
        ok = co_await c->open_session();
    ++(ok ? out->ok : out->errors);
}

// What a connection does in the measured window: back to back until the deadline, or `budget` units.
struct drive_plan {
    work w;
    tool t;
    load::era era;
    clock::time_point deadline;
    std::size_t budget; // 0: until the deadline
};

// One unit of work; the reply that decides it (the call's, for a churned session).
task<reply> one(connection* c, drive_plan const& plan) {
    auto t = plan.t;
    switch (plan.w) {
    case work::calls:
        if (plan.era == era::modern) // not a ?: of two co_awaits: g++ 12 destroys such a result twice
            co_return co_await c->call_modern(t);
        co_return co_await c->call(t);
    case work::raw:
        co_return co_await c->post_raw("/");
    case work::churn: {
        if (!co_await c->open_session())
            co_return reply{};
        auto r = co_await c->call(t);
        if (answered(r, call_answer(t)) && !co_await c->close_session())
            r.status = 0;
        co_return r;
    }
    }
    co_return reply{};
}

// A failure ends this connection (it is counted, the others go on).
task<> drive(connection* c, drive_plan plan, std::vector<std::int64_t>* latencies, counters* out) {
    auto expect = plan.w == work::raw ? call_answer(tool::echo) : call_answer(plan.t);
    for (std::size_t n = 0; plan.budget ? n < plan.budget : clock::now() < plan.deadline; ++n) {
        auto t0 = clock::now();
        auto r = co_await one(c, plan);
        if (!(plan.era == era::modern ? answered_complete(r, expect) : answered(r, expect))) {
            count_failure(*out, r);
            co_return;
        }
        latencies->push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(clock::now() - t0).count());
        ++out->ok;
        out->sse += is_sse(r) ? 1 : 0;
    }
}

task<> tear_down(connection* c) {
    co_await c->close_session();
    c->close();
}

pool connect_all(asio::io_context& io, options const& o, std::size_t count, bool with_session,
                 counters& set_up) {
    pool conns;
    for (std::size_t i = 0; i < count; ++i) {
        conns.push_back(std::make_unique<connection>(io, o.port));
        asio::co_spawn(io, prepare(conns.back().get(), with_session, &set_up), rethrow);
    }
    io.run();
    io.restart();
    return conns;
}

// The connections of a measured run, each ready for its work: with its own session for calls, or with the
// first connection's session for calls --shared-session.
pool set_up_pool(asio::io_context& io, options const& o, work w, counters& set_up) {
    bool shared = o.shared_session && w == work::calls;
    bool sessions = w == work::calls && o.era == era::legacy;
    auto conns = connect_all(io, o, shared ? 1 : o.concurrency, sessions, set_up);
    if (shared) { // the others connect without a session and post on the first one's
        auto more = connect_all(io, o, o.concurrency - 1, false, set_up);
        for (auto& c : more) {
            c->adopt_session(*conns.front());
            conns.push_back(std::move(c));
        }
    }
    return conns;
}

// What the measured window produced.
struct window {
    counters done;
    std::vector<std::int64_t> latencies_ns;
    double elapsed_s = 0;
    double load_cpu_s = 0;
    double server_cpu_s = -1; // -1: no --pid
};

window run_window(asio::io_context& io, options const& o, work w, pool& conns) {
    window out;
    std::vector<std::vector<std::int64_t>> latencies(conns.size());
    double server_cpu0 = process_cpu_seconds(o.server_pid);
    double cpu0 = own_cpu_seconds();
    auto start = clock::now();
    auto deadline =
        start + std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(o.duration_s));
    for (std::size_t i = 0; i < conns.size(); ++i) {
        std::size_t budget = o.requests / conns.size() + (i < o.requests % conns.size() ? 1 : 0);
        if (o.requests && !budget)
            continue;
        drive_plan plan{w, o.tool, o.era, deadline, o.requests ? budget : 0};
        asio::co_spawn(io, drive(conns[i].get(), plan, &latencies[i], &out.done), rethrow);
    }
    io.run();
    out.elapsed_s = std::chrono::duration<double>(clock::now() - start).count();
    out.load_cpu_s = own_cpu_seconds() - cpu0;
    if (o.server_pid)
        out.server_cpu_s = process_cpu_seconds(o.server_pid) - server_cpu0;
    io.restart();
    for (auto& l : latencies)
        out.latencies_ns.insert(out.latencies_ns.end(), l.begin(), l.end());
    return out;
}

// Ends the sessions (a shared one once, by the connection that opened it) and closes the connections.
void tear_down_all(asio::io_context& io, pool& conns, bool shared) {
    for (std::size_t i = 0; i < conns.size(); ++i) {
        if (shared && i > 0)
            conns[i]->close();
        else
            asio::co_spawn(io, tear_down(conns[i].get()), rethrow);
    }
    io.run();
}

void add_figures(boost::json::object& report, window&& win) {
    auto const& done = win.done;
    report["sse_answers"] = done.sse;
    load::add_figures(report,
                      {done.ok, done.errors, done.first_failure, win.elapsed_s, win.load_cpu_s, win.server_cpu_s},
                      std::move(win.latencies_ns));
}

boost::json::object measure(options const& o, work w, char const* mode) {
    asio::io_context io(1);
    counters set_up;
    bool shared = o.shared_session && w == work::calls;
    auto conns = set_up_pool(io, o, w, set_up);
    boost::json::object report{{"mode", mode}, {"concurrency", o.concurrency}};
    if (shared)
        report["shared_session"] = true;
    if (w != work::raw)
        report["tool"] = o.tool == tool::echo ? "echo" : "add";
    if (w == work::calls)
        report["era"] = o.era == era::modern ? modern_protocol_version : protocol_version;
    if (set_up.errors) {
        report["errors"] = set_up.errors;
        report["error"] = "set-up failed on some connections";
        return report;
    }
    auto win = run_window(io, o, w, conns);
    if (w == work::calls && o.era == era::legacy) // 2026-07-28 calls opened no session to end
        tear_down_all(io, conns, shared);
    add_figures(report, std::move(win));
    return report;
}

task<> open_many(connection* c, std::size_t count, counters* out) {
    for (std::size_t i = 0; i < count; ++i)
        ++(co_await c->open_session() ? out->ok : out->errors);
    c->close();
}

task<> open_with_stream(connection* c, counters* out) {
    bool ok = co_await c->connect();
    if (ok)
        ok = co_await c->open_session();
    if (ok)
        ok = co_await c->open_stream();
    ++(ok ? out->ok : out->errors);
}

} // namespace

boost::json::object run_calls(options const& o) {
    return measure(o, work::calls, "calls");
}
boost::json::object run_raw(options const& o) {
    return measure(o, work::raw, "raw");
}
boost::json::object run_churn(options const& o) {
    return measure(o, work::churn, "churn");
}

boost::json::object run_idle(options const& o) {
    asio::io_context io(1);
    counters set_up;
    auto conns = connect_all(io, o, o.concurrency, false, set_up);
    counters done;
    auto start = clock::now();
    for (std::size_t i = 0; i < conns.size(); ++i) {
        std::size_t share = o.sessions / conns.size() + (i < o.sessions % conns.size() ? 1 : 0);
        asio::co_spawn(io, open_many(conns[i].get(), share, &done), rethrow);
    }
    io.run();
    double elapsed = std::chrono::duration<double>(clock::now() - start).count();
    return {{"mode", "idle"},
            {"sessions", done.ok},
            {"errors", done.errors + set_up.errors},
            {"seconds", elapsed},
            {"per_second", static_cast<double>(done.ok) / elapsed}};
}

boost::json::object run_streams(options const& o, void (*print)(boost::json::object const&)) {
    asio::io_context io(1);
    pool conns;
    counters done;
    for (std::size_t i = 0; i < o.sessions; ++i) {
        conns.push_back(std::make_unique<connection>(io, o.port));
        asio::co_spawn(io, open_with_stream(conns.back().get(), &done), rethrow);
    }
    io.run();
    boost::json::object report{{"mode", "streams"}, {"streams", done.ok}, {"errors", done.errors}};
    print(report);
    std::this_thread::sleep_for(std::chrono::duration<double>(o.hold_s)); // the caller measures meanwhile
    return report;
}

} // namespace load
