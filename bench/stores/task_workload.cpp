#include "task_workload.hpp"

#include "session_client.hpp"

#include <mcp/server/server.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_future.hpp>

#include <atomic>
#include <future>
#include <thread>

namespace bench_stores {

namespace asio = boost::asio;
namespace storage = mcp::storage;
using clock = std::chrono::steady_clock;

namespace {

// The backend's task store, counting every call made through it.
class counting_task_store : public storage::task_store {
public:
    explicit counting_task_store(std::shared_ptr<storage::task_store> inner) : inner_(std::move(inner)) {}

    mcp::task<storage::result<>> create(storage::task_record r) override {
        ++calls;
        return inner_->create(std::move(r));
    }
    mcp::task<storage::result<std::optional<storage::task_record>>> get(std::string s, std::string id) override {
        ++calls;
        return inner_->get(std::move(s), std::move(id));
    }
    mcp::task<storage::result<storage::task_page>> list(std::string s, std::optional<std::string> after,
                                                         std::size_t limit) override {
        ++calls;
        return inner_->list(std::move(s), std::move(after), limit);
    }
    mcp::task<storage::result<storage::task_write>> transition(std::string s, std::string id,
                                                                storage::task_change c) override {
        ++calls;
        return inner_->transition(std::move(s), std::move(id), std::move(c));
    }
    mcp::task<storage::result<std::optional<storage::task_outcome>>> outcome(std::string s, std::string id) override {
        ++calls;
        return inner_->outcome(std::move(s), std::move(id));
    }

    std::atomic<std::uint64_t> calls{0};

private:
    std::shared_ptr<storage::task_store> inner_;
};

std::string task_id_of(boost::json::object const& created) {
    auto const* r = created.if_contains("result");
    auto const* t = r && r->is_object() ? r->as_object().if_contains("task") : nullptr;
    return t ? std::string(t->at("taskId").as_string()) : std::string();
}

struct tally {
    std::uint64_t ok = 0;
    std::string error;
    clock::time_point end;
    std::string last_task;
};

mcp::task<tally> tasker(std::shared_ptr<mcp::session> s, clock::time_point deadline) {
    tally t;
    co_await open_lifecycle(s);
    for (int n = 1; clock::now() < deadline; n += 2) {
        auto created = co_await ask(*s, request(n, "tools/call", R"({"name":"instant","task":{}})"));
        auto id = task_id_of(created);
        if (id.empty()) {
            t.error = "tools/call: " + boost::json::serialize(created);
            break;
        }
        auto result = co_await ask(*s, request(n + 1, "tasks/result", R"({"taskId":")" + id + R"("})"));
        if (!result.contains("result")) {
            t.error = "tasks/result: " + boost::json::serialize(result);
            break;
        }
        ++t.ok;
        t.last_task = id;
    }
    t.end = clock::now();
    co_return t;
}

mcp::task<int> gets(std::shared_ptr<mcp::session> s, std::string id, int count) {
    int answered = 0;
    for (int n = 0; n < count; ++n)
        if ((co_await ask(*s, request(1'000'000 + n, "tasks/get", R"({"taskId":")" + id + R"("})"))).contains("result"))
            ++answered;
    co_return answered;
}

} // namespace

task_figures task_rate(asio::any_io_executor ex, storage::stores const& s, window w) {
    task_figures f;
    if (!s.tasks) return f;
    auto counted = std::make_shared<counting_task_store>(s.tasks);
    mcp::server srv({.name = "bench", .version = "1", .tasks = {.store = counted}});
    srv.add_tool({.name = "instant", .execution = mcp::tool_execution{.task_support = mcp::task_support::optional}},
                 [] { return std::string("done"); });
    std::vector<std::shared_ptr<mcp::session>> sessions;
    std::vector<std::future<tally>> futures;
    auto begin = clock::now();
    auto deadline = begin + std::chrono::duration_cast<clock::duration>(w.length);
    for (std::size_t i = 0; i < w.workers; ++i) {
        sessions.push_back(srv.open_session(asio::make_strand(ex), std::make_shared<drop_all>()));
        futures.push_back(asio::co_spawn(sessions.back()->executor(), tasker(sessions.back(), deadline), asio::use_future));
    }
    auto last = begin;
    std::string one_task; // the first session's: tasks/get is asked on that session
    for (auto& fut : futures) {
        auto t = fut.get();
        if (&fut == &futures.front()) one_task = t.last_task;
        f.tasks.operations += t.ok;
        if (!t.error.empty() && f.tasks.errors++ == 0) f.tasks.first_error = t.error;
        last = std::max(last, t.end);
    }
    f.tasks.seconds = std::chrono::duration<double>(last - begin).count();
    if (f.tasks.operations) f.store_calls_per_task = double(counted->calls.load()) / double(f.tasks.operations);
    if (!one_task.empty()) {
        constexpr int count = 200;
        auto before = counted->calls.load();
        auto answered = asio::co_spawn(sessions.front()->executor(), gets(sessions.front(), one_task, count),
                                       asio::use_future).get();
        if (answered == count) f.store_calls_per_get = double(counted->calls.load() - before) / count;
    }
    // A task's coroutine may still be ending (its last store write answered, its bookkeeping not yet): the server
    // must outlive it.
    while (srv.tasks()->running() > 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return f;
}

} // namespace bench_stores
