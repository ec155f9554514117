#include <mcp/server/task_runner.hpp>

#include <mcp/core/log.hpp>
#include <mcp/server/call_context.hpp>
#include <mcp/server/server.hpp>
#include <mcp/server/session.hpp>
#include <mcp/server/task_state.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>

#include <unistd.h>

namespace mcp::detail {

namespace asio = boost::asio;
using storage::task_status;

// One task running on this process. Its coroutine frame owns the call_context; this owns what the context
// refers to, so nothing points into the request that started the task.
struct task_job {
    task_job(std::shared_ptr<session> s, std::shared_ptr<tool_entry const> t, protocol::request_id id)
        : sess(std::move(s)), tool(std::move(t)), request_id(std::move(id)), beat(sess->executor()) {}

    std::shared_ptr<session> sess;
    std::string const session_id = sess->id(); // read under the runner's mutex; `record` is the strand's
    std::shared_ptr<tool_entry const> tool;
    protocol::request_id request_id; // of the tools/call that started it
    boost::json::object arguments;   // default storage: the request's arena is gone
    boost::json::object params;
    request_metadata metadata;
    storage::task_record record; // as last written or read by this process
    asio::cancellation_signal signal;
    asio::steady_timer beat;
    bool done = false;    // the handler returned
    bool stopped = false; // the store says the task is no longer ours to run
    int open_questions = 0;
    // Guarded by the runner's mutex:
    std::vector<std::weak_ptr<asio::steady_timer>> wakers;
    std::vector<protocol::request_id> result_waiters;
};

std::int64_t epoch_ms_now() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

namespace {

std::string make_instance_name() {
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    return std::string(host) + "/" + std::to_string(getpid()) + "/" + random_id().substr(0, 8);
}

std::string error_json(error const& e) { return boost::json::serialize(e.to_json()); }

std::string what(std::exception_ptr const& failure) {
    try {
        std::rethrow_exception(failure);
    } catch (std::exception const& e) {
        return e.what();
    } catch (...) {
        return "a non-standard exception";
    }
}

} // namespace

task_runner::task_runner(task_options options) : options_(std::move(options)), instance_(make_instance_name()) {}

task_runner::~task_runner() = default;

std::size_t task_runner::running_in(std::string const& session) const {
    std::lock_guard lock(mutex_);
    return static_cast<std::size_t>(
        std::count_if(running_.begin(), running_.end(), [&](auto const& kv) { return kv.second->session_id == session; }));
}

task<result<boost::json::value>> task_runner::start(std::shared_ptr<session> s, std::shared_ptr<tool_entry const> tool,
                                                    protocol::request_id const& id, boost::json::object arguments,
                                                    boost::json::object const& params,
                                                    request_metadata const& metadata) {
    if (auto most = options_.max_running_per_session; running_in(s->id()) >= most)
        co_return error::internal("This session already runs " + std::to_string(most) +
                                  " tasks, the most this server allows at once: wait for one to end");
    auto job = std::make_shared<task_job>(s, std::move(tool), id);
    job->arguments = boost::json::object(arguments, boost::json::storage_ptr());
    job->params = boost::json::object(params, boost::json::storage_ptr());
    job->metadata = metadata;
    auto now = epoch_ms_now();
    auto& r = job->record;
    r.id = random_id();
    r.session = s->id();
    r.principal = principal_of(metadata);
    r.tool = job->tool->def.name;
    r.created_at_ms = r.updated_at_ms = now;
    r.ttl_ms = (s->modern() ? requested_ttl({}) : requested_ttl(params)).count(); // 2026: no hint, server's ttl
    r.poll_interval_ms = options_.poll_interval.count();
    r.owner = instance_;
    r.lease_until_ms = now + options_.lease.count();
    auto created = co_await options_.store->create(r);
    if (!created && created.error().code() == storage::errc::rejected) {
        log::warn("task store: creating a task for tool {}: {}", r.tool, created.error().message());
        co_return error::internal("This server keeps as many tasks as it may: try again once earlier tasks have "
                                  "expired (their ttl)");
    }
    if (!created) co_return task_store_error(created.error(), "creating a task for tool " + r.tool);
    {
        std::lock_guard lock(mutex_);
        running_.emplace(r.id, job);
    }
    auto answer = s->modern() ? created_task_json(r) : boost::json::object{{"task", task_json(r)}};
    asio::co_spawn(s->executor(), run(shared_from_this(), job), asio::detached);
    co_return answer;
}

task<storage::result<storage::task_write>> task_runner::cancel(std::string const& scope, std::string const& id) {
    auto message = std::string("Cancelled at the client's request (tasks/cancel)");
    storage::task_change change{
        .to = task_status::cancelled,
        .message = message,
        .outcome = storage::task_outcome{true, boost::json::serialize(error::internal(message).to_json())},
        .now_ms = epoch_ms_now()};
    auto w = co_await options_.store->transition(scope, id, std::move(change));
    if (w && w->applied) stop_local(id);
    co_return w;
}

// 2025-11-25 tasks: the receiver may override the requested ttl and reports the one it keeps; ours is never
// unlimited, so what a client can make the server keep stays bounded.
std::chrono::milliseconds task_runner::requested_ttl(boost::json::object const& params) const {
    auto const* t = params.if_contains("task");
    auto const* ttl = t && t->is_object() ? t->as_object().if_contains("ttl") : nullptr;
    if (!ttl || !ttl->is_int64()) return std::min(options_.default_ttl, options_.max_ttl);
    auto asked = std::chrono::milliseconds(std::max<std::int64_t>(ttl->as_int64(), 1'000));
    return std::min(asked, options_.max_ttl);
}

namespace {

// Takes a job out of the runner however its coroutine ends: it returns, or the io_context running it is destroyed
// with it suspended (a process shutting down). The job's timers then go while their io_context still exists.
struct running_guard {
    std::shared_ptr<task_runner> runner;
    task_job& job;
    ~running_guard() { runner->forget(job); }
};

} // namespace

void task_runner::forget(task_job& job) {
    std::lock_guard lock(mutex_);
    for (auto const& w : job.wakers)
        if (auto timer = w.lock()) asio::post(timer->get_executor(), [timer] { timer->cancel(); });
    running_.erase(job.record.id);
}

task<> task_runner::run(std::shared_ptr<task_runner> self, std::shared_ptr<task_job> job) {
    running_guard guard{std::move(self), *job};
    // The CreateTaskResult should reach the client before anything the task says: start() returns it through the
    // dispatcher's coroutines, each of which completes through the strand once; let those go first.
    for (int hop = 0; hop < 2; ++hop) co_await asio::post(job->sess->executor(), asio::use_awaitable);
    call_context ctx(job->sess, job->request_id, "tools/call", job->params, job->metadata);
    ctx.bind_task(*this, *job, job->record.id);
    asio::co_spawn(job->sess->executor(), heartbeat(guard.runner, job), asio::detached);
    auto [failure, out] = co_await asio::co_spawn(
        job->sess->executor(), job->tool->handler(std::move(job->arguments), ctx),
        asio::bind_cancellation_slot(job->signal.slot(), asio::as_tuple(asio::use_awaitable)));
    job->done = true;
    job->beat.cancel();
    if (!job->stopped) {
        if (failure) {
            log::error("task {} (tool {}): the handler threw: {}", job->record.id, job->record.tool, what(failure));
            storage::task_outcome outcome{true, error_json(error::internal())};
            co_await finish(job, task_status::failed, std::move(outcome));
        } else {
            // g++ 12: arguments of a co_awaited call are named locals, never brace-initialised temporaries.
            storage::task_outcome outcome{false, boost::json::serialize(protocol::to_json(out))};
            auto to = out.is_error ? task_status::failed : task_status::completed;
            co_await finish(job, to, std::move(outcome));
        }
    }
}

task<> task_runner::heartbeat(std::shared_ptr<task_runner>, std::shared_ptr<task_job> job) {
    while (!job->done && !job->stopped) {
        job->beat.expires_after(options_.heartbeat);
        co_await job->beat.async_wait(asio::as_tuple(asio::use_awaitable));
        if (job->done || job->stopped) break;
        auto renewed = co_await owner_write(*job, std::nullopt, job->record.status_message, std::nullopt);
        if (!renewed)
            log::warn("task {}: could not renew its lease (the task store failed): {}", job->record.id,
                      renewed.error().message());
    }
}

task<storage::result<bool>> task_runner::owner_write(task_job& job, std::optional<task_status> to, std::string message,
                                            std::optional<storage::task_outcome> outcome) {
    // Our own writes race each other (a renewal and a status change): a lost revision that is still ours and
    // still live is taken, and the write is made again over it.
    for (int attempt = 0; attempt < 16; ++attempt) {
        auto now = epoch_ms_now();
        storage::task_change change{.to = to.value_or(job.record.status),
                                    .message = to ? message : job.record.status_message,
                                    .expect_owner = instance_,
                                    .expect_revision = job.record.revision,
                                    .lease_until_ms = now + options_.lease.count(),
                                    .outcome = outcome,
                                    .now_ms = now};
        auto w = co_await options_.store->transition(job.record.session, job.record.id, std::move(change));
        if (!w) co_return w.error();
        if (w->current) job.record = *w->current;
        if (w->applied) co_return true;
        if (!w->current || storage::is_terminal(w->current->status) || w->current->owner != instance_) {
            log::info("task {} (tool {}): stopping its handler: the store has it {}", job.record.id, job.record.tool,
                      w->current ? storage::to_string(w->current->status) : "gone");
            job.stopped = true;
            job.signal.emit(asio::cancellation_type::terminal);
            co_return false;
        }
    }
    co_return storage::error(storage::errc::conflict, "task " + job.record.id + ": revision kept moving");
}

task<> task_runner::finish(std::shared_ptr<task_job> job, task_status to, storage::task_outcome outcome) {
    auto give_up_at = job->record.lease_until_ms;
    auto pause = std::chrono::milliseconds(100);
    std::string message = to == task_status::failed && !outcome.is_error ? "The tool returned an error result" : "";
    for (;;) {
        auto written = co_await owner_write(*job, to, message, outcome);
        if (written) {
            if (*written) job->sess->notify("notifications/tasks/status", task_json(job->record));
            co_return;
        }
        if (written.error().code() == storage::errc::rejected) { // too large to keep: say so instead
            auto size = outcome.json.size();
            to = task_status::failed;
            message = "The tool's result takes " + std::to_string(size) + " bytes, more than the " +
                      std::to_string(storage::max_task_outcome_bytes) + " a task may keep";
            outcome = {true, error_json(error::internal(message))};
            continue;
        }
        if (epoch_ms_now() >= give_up_at) {
            log::error("task {}: its outcome is lost: the task store failed until its lease ran out: {}",
                       job->record.id, written.error().message());
            co_return;
        }
        log::warn("task {}: storing its outcome failed, retrying: {}", job->record.id, written.error().message());
        asio::steady_timer pause_timer(job->sess->executor(), pause);
        co_await pause_timer.async_wait(asio::as_tuple(asio::use_awaitable));
        pause = std::min(pause * 2, std::chrono::milliseconds(2'000));
    }
}

task<result<std::optional<storage::task_record>>> task_runner::read(session& s, std::string const& id,
                                                                    request_metadata const& metadata) {
    auto got = co_await options_.store->get(s.id(), id);
    if (!got) co_return task_store_error(got.error(), "reading task " + id);
    if (!*got || (*got)->principal != principal_of(metadata)) co_return std::optional<storage::task_record>();
    co_return co_await settle_lease(s, std::move(**got));
}

task<result<std::optional<storage::task_record>>> task_runner::settle_lease(session& s, storage::task_record r) {
    auto now = epoch_ms_now();
    if (storage::is_terminal(r.status) || r.lease_until_ms >= now) co_return std::optional(std::move(r));
    auto message = lease_lost_message(r.owner, r.lease_until_ms);
    storage::task_change change{.to = task_status::failed,
                                .message = message,
                                .expect_owner = r.owner,
                                .expect_revision = r.revision,
                                .outcome = storage::task_outcome{true, error_json(error::internal(message))},
                                .now_ms = now};
    auto w = co_await options_.store->transition(r.session, r.id, std::move(change));
    if (!w) co_return task_store_error(w.error(), "failing task " + r.id + " whose lease ran out");
    if (w->applied) {
        log::warn("task {} (tool {}): failed: {}", r.id, r.tool, message);
        if (!s.modern()) s.notify("notifications/tasks/status", task_json(*w->current));
    }
    co_return w->current;
}

void task_runner::stop_local(std::string const& id) {
    std::shared_ptr<task_job> job;
    {
        std::lock_guard lock(mutex_);
        auto it = running_.find(id);
        if (it == running_.end()) return;
        job = it->second;
    }
    asio::post(job->sess->executor(), [job] {
        log::info("task {} (tool {}): stopping its handler: cancelled here", job->record.id, job->record.tool);
        job->stopped = true;
        job->signal.emit(asio::cancellation_type::terminal);
        job->beat.cancel();
    });
}

task<> task_runner::wait(std::string const& id, std::chrono::milliseconds most) {
    auto timer = std::make_shared<asio::steady_timer>(co_await asio::this_coro::executor, most);
    {
        std::lock_guard lock(mutex_);
        if (auto it = running_.find(id); it != running_.end()) {
            auto& wakers = it->second->wakers; // one per poll of a waiting tasks/result: drop the spent ones
            std::erase_if(wakers, [](auto const& w) { return w.expired(); });
            wakers.push_back(timer);
        }
    }
    co_await timer->async_wait(asio::as_tuple(asio::use_awaitable));
}

void task_runner::add_result_waiter(std::string const& id, protocol::request_id const& waiter) {
    std::lock_guard lock(mutex_);
    if (auto it = running_.find(id); it != running_.end()) it->second->result_waiters.push_back(waiter);
}

void task_runner::remove_result_waiter(std::string const& id, protocol::request_id const& waiter) {
    std::lock_guard lock(mutex_);
    if (auto it = running_.find(id); it != running_.end()) std::erase(it->second->result_waiters, waiter);
}

std::size_t task_runner::running() const {
    std::lock_guard lock(mutex_);
    return running_.size();
}

task<> task_runner::settle(std::chrono::system_clock::time_point until) {
    auto ex = co_await asio::this_coro::executor;
    while (running() > 0 && std::chrono::system_clock::now() < until) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::system_clock::now());
        asio::steady_timer tick(ex, std::clamp(left, std::chrono::milliseconds(1), std::chrono::milliseconds(20)));
        co_await tick.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    std::vector<std::shared_ptr<task_job>> late;
    {
        std::lock_guard lock(mutex_);
        for (auto const& [id, job] : running_) late.push_back(job);
    }
    for (auto& job : late) {
        auto strand = job->sess->executor();
        co_await asio::co_spawn(strand, fail_for_deadline(std::move(job)), asio::use_awaitable);
    }
}

// On the job's strand: one conditional write to failed (lost to a cancel or an end that came first: nothing to do),
// then the handler is stopped, so that nothing of the task runs once the container is frozen.
task<> task_runner::fail_for_deadline(std::shared_ptr<task_job> job) {
    if (job->done || job->stopped) co_return;
    auto message = deadline_message();
    storage::task_outcome outcome{true, error_json(error::internal(message))};
    auto written = co_await owner_write(*job, task_status::failed, message, std::move(outcome));
    if (!written)
        log::error("task {}: could not record that it reached the invocation's deadline ({}): its lease will fail it",
                   job->record.id, written.error().message());
    else if (*written)
        job->sess->notify("notifications/tasks/status", task_json(job->record));
    log::warn("task {} (tool {}): {}", job->record.id, job->record.tool, message);
    job->stopped = true;
    job->signal.emit(asio::cancellation_type::terminal);
    job->beat.cancel();
}

std::optional<protocol::request_id> task_runner::route(task_job& job) {
    std::lock_guard lock(mutex_);
    if (job.result_waiters.empty()) return std::nullopt;
    return job.result_waiters.front();
}

// 2025-11-25 tasks, input required: the task is input_required while any of its questions to the client is open.
task<> task_runner::set_waiting_for_input(task_job& job, bool waiting) {
    job.open_questions += waiting ? 1 : -1;
    if (job.open_questions != (waiting ? 1 : 0) || job.stopped) co_return;
    auto to = waiting ? task_status::input_required : task_status::working;
    auto written = co_await owner_write(job, to, waiting ? "Waiting for the client's answer" : "", std::nullopt);
    if (!written)
        log::warn("task {}: could not record status {}: {}", job.record.id, storage::to_string(to),
                  written.error().message());
    else if (*written)
        job.sess->notify("notifications/tasks/status", task_json(job.record));
}

} // namespace mcp::detail
