// The dynamic-list figures of bench_stores (list_workload.hpp). Each coroutine takes its session by
// shared_ptr and its server through the session; the servers live on the stack of the function that blocks on
// the coroutines' futures, so they outlive every coroutine started here.
#include "list_workload.hpp"

#include "session_client.hpp"

#include <mcp/server/server.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_future.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <future>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

namespace bench_stores {

namespace asio = boost::asio;
namespace storage = mcp::storage;
using clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

// The backend's state store, counting every load and save made through it. watch() is passed on uncounted: it
// is made once per server, not per request, and decides whether the server looks at all.
class counting_state_store : public storage::state_store {
public:
    explicit counting_state_store(std::shared_ptr<storage::state_store> inner) : inner_(std::move(inner)) {}

    mcp::task<storage::result<std::optional<storage::state_record>>> load(std::string key) override {
        ++calls;
        return inner_->load(std::move(key));
    }
    mcp::task<storage::result<>> save(storage::state_record& record) override {
        ++calls;
        return inner_->save(record);
    }
    std::shared_ptr<void> watch(watcher changed) override { return inner_->watch(std::move(changed)); }

    std::atomic<std::uint64_t> calls{0};

private:
    std::shared_ptr<storage::state_store> inner_;
};

constexpr std::size_t tool_count = 4;
constexpr char const* switched_tool = "t1";

// A dynamic server of four tools; every instance of the benchmark registers the same ones, as the instances
// of one server must (docs/dynamic-tools.md).
std::unique_ptr<mcp::server> make_server(milliseconds check_interval) {
    auto srv = std::make_unique<mcp::server>(
        mcp::server_options{.name = "bench-lists", .version = "1", .lists = mcp::list_mode::dynamic});
    for (std::size_t i = 0; i < tool_count; ++i)
        srv->add_tool({.name = "t" + std::to_string(i), .description = "A tool of the benchmark"},
                      [] { return std::string("ok"); });
    srv->configure_list_checks(check_interval);
    return srv;
}

std::size_t tools_listed(boost::json::object const& answer) {
    auto const* r = answer.if_contains("result");
    auto const* tools = r && r->is_object() ? r->as_object().if_contains("tools") : nullptr;
    return tools && tools->is_array() ? tools->as_array().size() : 0;
}

struct tally {
    std::uint64_t ok = 0;
    std::string error;
    clock::time_point end;
};

// One session's requests until the deadline: each refresh_lists_if_due() (when `checks`) then tools/list, as
// http::streamable serves a POST. A list without all four tools ends the worker.
mcp::task<tally> lister(std::shared_ptr<mcp::session> s, clock::time_point deadline, bool checks) {
    tally t;
    for (int n = 1; clock::now() < deadline; ++n) {
        if (checks)
            co_await s->server().refresh_lists_if_due();
        auto answer = co_await ask(*s, request(n, "tools/list", "{}"));
        if (tools_listed(answer) != tool_count) {
            t.error = "tools/list: " + boost::json::serialize(answer);
            break;
        }
        ++t.ok;
    }
    t.end = clock::now();
    co_return t;
}

// The window's figures of `r` added to `sum`.
void add(rate& sum, rate const& r) {
    sum.operations += r.operations;
    sum.seconds += r.seconds;
    if (r.errors && sum.errors == 0)
        sum.first_error = r.first_error;
    sum.errors += r.errors;
}

rate run_sessions(std::vector<std::shared_ptr<mcp::session>> const& sessions,
                  std::chrono::duration<double> length, bool checks) {
    auto begin = clock::now();
    auto deadline = begin + std::chrono::duration_cast<clock::duration>(length);
    std::vector<std::future<tally>> futures;
    for (auto const& s : sessions)
        futures.push_back(asio::co_spawn(s->executor(), lister(s, deadline, checks), asio::use_future));
    rate r;
    auto last = begin;
    for (auto& fut : futures) {
        auto t = fut.get();
        r.operations += t.ok;
        if (!t.error.empty() && r.errors++ == 0)
            r.first_error = t.error;
        last = std::max(last, t.end);
    }
    r.seconds = std::chrono::duration<double>(last - begin).count();
    return r;
}

// Records when B's session is told that the tools changed. send() runs on whichever thread told it.
class recorder : public mcp::outbound {
public:
    void send(boost::json::object message, std::optional<mcp::protocol::request_id> const&) override {
        auto now = clock::now();
        auto const* method = message.if_contains("method");
        if (!method || !method->is_string() || method->as_string() != "notifications/tools/list_changed")
            return;
        std::lock_guard lock(mutex_);
        told_.push_back(now);
        heard_.notify_all();
    }
    // When the n-th tools/list_changed (from 0) came, waiting up to `timeout` for it.
    std::optional<clock::time_point> wait_for(std::size_t n, clock::duration timeout) {
        std::unique_lock lock(mutex_);
        if (!heard_.wait_for(lock, timeout, [&] { return told_.size() > n; }))
            return std::nullopt;
        return told_[n];
    }
    std::size_t count() {
        std::lock_guard lock(mutex_);
        return told_.size();
    }

private:
    std::mutex mutex_;
    std::condition_variable heard_;
    std::vector<clock::time_point> told_;
};

struct switched {
    std::string error; // empty: done
    clock::time_point called;
    clock::time_point returned;
};

mcp::task<switched> switch_tool(mcp::server& srv, bool on) {
    auto called = clock::now();
    // Two statements: g++ 12 destroys an awaitable chosen by ?: twice.
    mcp::result<> done;
    if (on)
        done = co_await srv.activate_tool(switched_tool);
    else
        done = co_await srv.deactivate_tool(switched_tool);
    switched s{
        .error = done ? std::string() : done.error().message(), .called = called, .returned = clock::now()};
    co_return s;
}

struct round_trips {
    std::vector<double> ms;
    std::string error;
};

// `count` times: save a document through `a`, then load it through `b`, timed together.
mcp::task<round_trips> save_load(std::shared_ptr<storage::state_store> a,
                                 std::shared_ptr<storage::state_store> b, std::string key,
                                 std::size_t count) {
    round_trips out;
    storage::state_record record{.key = key};
    for (std::size_t i = 0; i < count; ++i) {
        record.value = {{"n", i}};
        auto begin = clock::now();
        auto saved = co_await a->save(record);
        if (!saved) {
            out.error = "save: " + saved.error().message();
            break;
        }
        auto loaded = co_await b->load(key);
        if (!loaded || !*loaded || (*loaded)->revision != record.revision) {
            out.error = loaded ? "load: not the document just saved" : "load: " + loaded.error().message();
            break;
        }
        out.ms.push_back(std::chrono::duration<double, std::milli>(clock::now() - begin).count());
    }
    co_return out;
}

void fail(list_change_figures& f, std::string message) {
    if (f.errors++ == 0)
        f.first_error = std::move(message);
}

} // namespace

list_request_figures list_request_rate(asio::any_io_executor ex, storage::stores const& s, window w) {
    list_request_figures f;
    auto counted = std::make_shared<counting_state_store>(s.state);
    auto quarter = std::chrono::duration_cast<milliseconds>(w.length) / 4;
    f.check_interval = std::clamp(quarter, milliseconds(1), milliseconds(10'000));
    auto srv = make_server(f.check_interval);
    srv->use_state_store(counted, ex);
    std::vector<std::shared_ptr<mcp::session>> sessions;
    for (std::size_t i = 0; i < w.workers; ++i) {
        sessions.push_back(srv->open_session(asio::make_strand(ex), std::make_shared<drop_all>()));
        asio::co_spawn(sessions.back()->executor(), open_lifecycle(sessions.back()), asio::use_future).get();
    }
    // Not steady yet: the first look reads the document, and PostgreSQL's listener reloads once more when its
    // LISTEN is in place.
    asio::co_spawn(ex, srv->refresh_lists_if_due(), asio::use_future).get();
    std::this_thread::sleep_for(milliseconds(300));

    auto before = counted->calls.load();
    f.counted = run_sessions(sessions, w.length, true);
    f.state_calls = counted->calls.load() - before;
    if (f.counted.operations)
        f.state_calls_per_request = double(f.state_calls) / double(f.counted.operations);

    // With and without checks in alternating slices (each pair in the other order than the last), so that
    // what else the machine does falls on both alike.
    auto pairs = std::max<long>(1, std::lround(w.length / std::chrono::duration<double>(0.2)));
    auto slice = w.length / static_cast<double>(pairs);
    for (long k = 0; k < pairs; ++k)
        for (bool checks : {k % 2 == 0, k % 2 != 0})
            add(checks ? f.with_checks : f.ceiling, run_sessions(sessions, slice, checks));
    return f;
}

list_change_figures list_change_latency(asio::any_io_executor ex, storage::stores const& a,
                                        storage::stores const& b, std::size_t changes, milliseconds interval,
                                        bool pushes) {
    list_change_figures f{.check_interval = interval};
    auto srv_a = make_server(interval);
    srv_a->use_state_store(a.state, ex);
    auto srv_b = make_server(interval);
    srv_b->use_state_store(b.state, ex);
    auto looks = srv_b->start_list_checks(ex);
    auto heard = std::make_shared<recorder>();
    auto session = srv_b->open_session(asio::make_strand(ex), heard);
    asio::co_spawn(session->executor(), open_lifecycle(session), asio::use_future).get();

    // The document exists before the first change (A stores t1 as active, which changes no list), and B has
    // looked since.
    if (auto first = asio::co_spawn(ex, switch_tool(*srv_a, true), asio::use_future).get();
        !first.error.empty())
        fail(f, "activate: " + first.error);
    std::this_thread::sleep_for(pushes ? milliseconds(50) : interval + milliseconds(100));

    std::mt19937 random(std::random_device{}());
    auto longest_pause =
        std::chrono::duration_cast<std::chrono::microseconds>(pushes ? milliseconds(50) : interval);
    std::uniform_int_distribution<std::int64_t> pause(0, longest_pause.count() - 1);
    auto timeout = 5 * interval + std::chrono::seconds(5);
    for (std::size_t i = 0; i < changes && !f.errors; ++i) {
        std::this_thread::sleep_for(std::chrono::microseconds(pause(random)));
        bool on = i % 2 == 1; // off first, then on again, ...
        auto done = asio::co_spawn(ex, switch_tool(*srv_a, on), asio::use_future).get();
        if (!done.error.empty()) {
            fail(f, std::string(on ? "activate: " : "deactivate: ") + done.error);
            break;
        }
        auto told = heard->wait_for(i, timeout);
        if (!told) {
            fail(f, "change " + std::to_string(i + 1) + ": B's session was not told within " +
                        std::to_string(std::chrono::duration_cast<milliseconds>(timeout).count()) + " ms");
            break;
        }
        if (*told < done.returned)
            ++f.told_before_return;
        auto ms = [](clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); };
        f.notify_ms.push_back(std::max(0.0, ms(*told - done.returned)));
        f.notify_from_call_ms.push_back(ms(*told - done.called));
    }

    auto floor =
        asio::co_spawn(ex, save_load(a.state, b.state, "bench-lists-floor", changes), asio::use_future).get();
    f.round_trip_ms = std::move(floor.ms);
    if (!floor.error.empty())
        fail(f, "save+load: " + floor.error);
    // Counted after the round trips: a second notice of the last change coming later than them goes unseen.
    f.notifications = heard->count();
    if (!f.errors && f.notifications != changes)
        fail(f, "B's session was told " + std::to_string(f.notifications) + " times of " +
                    std::to_string(changes) + " changes");
    looks.reset();
    return f;
}

} // namespace bench_stores
