// The measured loops of bench_stores (workloads.hpp). Each worker is a named coroutine taking its inputs by
// value (the stores by shared_ptr), so nothing it uses can end before it does.
#include "workloads.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>

#include <algorithm>
#include <future>
#include <vector>

namespace bench_stores {

namespace asio = boost::asio;
namespace storage = mcp::storage;
using clock = std::chrono::steady_clock;

namespace {

// What one worker did.
struct tally {
    std::uint64_t ok = 0;
    std::uint64_t errors = 0;
    std::string first_error;
    clock::time_point end;
    std::vector<double> latencies_ms; // replays only

    bool fail(std::string const& message) {
        if (errors++ == 0)
            first_error = message;
        return false;
    }
};

constexpr char const* stream_name = "post-1";

// Spawns `workers` coroutines made by start(i, deadline) on `ex`, waits for all, and sums them up.
template <class Start>
rate run_window(asio::any_io_executor ex, window w, Start start, std::vector<double>* latencies = nullptr) {
    auto begin = clock::now();
    auto deadline = begin + std::chrono::duration_cast<clock::duration>(w.length);
    std::vector<std::future<tally>> futures;
    for (std::size_t i = 0; i < w.workers; ++i)
        futures.push_back(asio::co_spawn(ex, start(i, deadline), asio::use_future));
    rate r;
    auto last = begin;
    for (auto& f : futures) {
        auto t = f.get();
        r.operations += t.ok;
        r.errors += t.errors;
        if (r.first_error.empty())
            r.first_error = t.first_error;
        last = std::max(last, t.end);
        if (latencies)
            latencies->insert(latencies->end(), t.latencies_ms.begin(), t.latencies_ms.end());
    }
    r.seconds = std::chrono::duration<double>(last - begin).count();
    return r;
}

std::string worker_session(std::string const& prefix, std::size_t i) {
    return prefix + "-" + std::to_string(i);
}

// Until the deadline, or `budget` appends when it is not 0. The first error ends the worker.
mcp::task<tally> appender(std::shared_ptr<storage::event_store> events, std::string session,
                          clock::time_point deadline, std::size_t budget) {
    tally t;
    auto const message = event_message();
    for (std::size_t n = 0; budget ? n < budget : clock::now() < deadline; ++n) {
        auto r = co_await events->append(session, stream_name, message);
        if (!r) {
            t.fail(r.error().message());
            break;
        }
        ++t.ok;
    }
    t.end = clock::now();
    co_return t;
}

mcp::task<tally> replayer(std::shared_ptr<storage::event_store> events, std::string session,
                          clock::time_point deadline, std::size_t expected) {
    tally t;
    while (clock::now() < deadline) {
        auto t0 = clock::now();
        auto r = co_await events->after(session, stream_name, 0);
        if (!r) {
            t.fail(r.error().message());
            break;
        }
        if (r->size() != expected) {
            t.fail("after() returned " + std::to_string(r->size()) + " events, not " +
                   std::to_string(expected));
            break;
        }
        t.latencies_ms.push_back(std::chrono::duration<double, std::milli>(clock::now() - t0).count());
        ++t.ok;
    }
    t.end = clock::now();
    co_return t;
}

// A record as a real client leaves it after initialize: what every load() decodes and every save() encodes.
storage::session_record sample_session(std::string id) {
    storage::session_record r;
    r.id = std::move(id);
    r.protocol_version = "2025-11-25";
    r.client_info = {{"name", "bench-client"}, {"version", "1.0.0"}};
    r.client_capabilities = {{"roots", {{"listChanged", true}}},
                             {"sampling", boost::json::object{}},
                             {"elicitation", boost::json::object{}}};
    r.operational = true;
    r.log_level = "info";
    r.subscriptions = {"file:///project/README.md"};
    r.state = {{"counter", 0}};
    return r;
}

mcp::task<tally> creator(std::shared_ptr<storage::session_store> sessions, std::string id) {
    tally t;
    if (auto r = co_await sessions->create(sample_session(id)); !r)
        t.fail(r.error().message());
    else
        ++t.ok;
    t.end = clock::now();
    co_return t;
}

// load() then save() with one change, as a request that changes the session does. A conflict cannot happen
// (one worker per session), so any error is the store's.
mcp::task<tally> load_saver(std::shared_ptr<storage::session_store> sessions, std::string id,
                            clock::time_point deadline) {
    tally t;
    while (clock::now() < deadline) {
        auto loaded = co_await sessions->load(id);
        if (!loaded || !*loaded) {
            t.fail(loaded ? "session " + id + " is gone" : loaded.error().message());
            break;
        }
        auto record = std::move(**loaded);
        record.state["counter"] = static_cast<std::int64_t>(t.ok);
        if (auto saved = co_await sessions->save(record); !saved) {
            t.fail(saved.error().message());
            break;
        }
        ++t.ok;
    }
    t.end = clock::now();
    co_return t;
}

} // namespace

double percentile(std::vector<double> v, double p) {
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    auto rank = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(rank, v.size() - 1)];
}

std::string event_message() {
    // 200 bytes: the shape of a tools/call answer as it goes out in an SSE event's data.
    std::string m = R"({"jsonrpc":"2.0","id":1042,"result":{"content":[{"type":"text","text":")";
    std::string const tail = R"("}],"isError":false}})";
    m.append(200 - m.size() - tail.size(), 'x');
    return m + tail;
}

rate append_rate(asio::any_io_executor ex, storage::stores const& s, std::string const& prefix, window w) {
    return run_window(ex, w, [&](std::size_t i, clock::time_point deadline) {
        return appender(s.events, worker_session(prefix, i), deadline, 0);
    });
}

replay_figures replay_rate(asio::any_io_executor ex, storage::stores const& s, std::string const& session,
                           std::size_t events, window w) {
    replay_figures f;
    f.stream_events = events;
    std::size_t const fillers = 8;
    auto fill =
        run_window(ex, {.length = w.length, .workers = fillers}, [&](std::size_t i, clock::time_point) {
            return appender(s.events, session, {}, events / fillers + (i < events % fillers ? 1 : 0));
        });
    if (fill.errors) {
        f.replays = fill;
        return f;
    }
    std::vector<double> latencies;
    f.replays = run_window(
        ex, {.length = w.length, .workers = 1},
        [&](std::size_t, clock::time_point deadline) {
            return replayer(s.events, session, deadline, events);
        },
        &latencies);
    f.p50_ms = percentile(latencies, 0.5);
    f.p99_ms = percentile(latencies, 0.99);
    return f;
}

rate session_pairs(asio::any_io_executor ex, storage::stores const& s, std::string const& prefix, window w) {
    auto created = run_window(ex, w, [&](std::size_t i, clock::time_point) {
        return creator(s.sessions, worker_session(prefix, i));
    });
    if (created.errors)
        return created;
    return run_window(ex, w, [&](std::size_t i, clock::time_point deadline) {
        return load_saver(s.sessions, worker_session(prefix, i), deadline);
    });
}

} // namespace bench_stores
