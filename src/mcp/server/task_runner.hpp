// task_runner: runs task-augmented tools/call requests (2025-11-25 basic/utilities/tasks) past the request that
// started them, and keeps each task's record in the task store so that any process sharing the store can
// answer for it. One per server, made when server_options.tasks names a store.
//
//   tools/call {task} --start()--> store.create(working) --> CreateTaskResult, at once
//                                   \--> the tool's handler, on the session's strand, with a call_context bound
//                                        to the task; a heartbeat renews the lease every `heartbeat`
//   handler returns --> one conditional terminal write (completed | failed); lost to a cancel: dropped
//   tasks/cancel here --> cancelled in the store, then the handler's cancellation signal at once
//   tasks/cancel elsewhere --> this process's next renewal loses to it --> the handler's signal (<= heartbeat)
//   owner gone --> nobody renews --> a reader past lease_until fails the task (read())
//
// Invariants: the store is the truth (a process keeps only what it needs to run its own handlers); every write
// the owner makes is conditional on owning the task at the revision it last saw; a task is never failed for
// its age, only for a lease that ran out. Thread-safe: sessions on different strands share the runner.
#pragma once

#include <mcp/protocol/error.hpp>
#include <mcp/protocol/jsonrpc.hpp>
#include <mcp/server/handlers.hpp>
#include <mcp/server/request_metadata.hpp>
#include <mcp/server/task_options.hpp>
#include <mcp/storage/task_store.hpp>
#include <mcp/core/task.hpp>

#include <boost/json.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace mcp {

class session;



namespace detail {

struct task_job;

// Shared: each running task's coroutines hold the runner (and so its store) until they end, or until the
// io_context running them destroys them; the server lets go of a front door's runner when that front door ends.
class task_runner : public std::enable_shared_from_this<task_runner> {
public:
    explicit task_runner(task_options options);
    ~task_runner();

    task_options const& options() const { return options_; }
    // This process's owner name in records: host, pid and a random part.
    std::string const& instance() const { return instance_; }

    // Creates the task and starts `tool` on it; the CreateTaskResult ({"task": {...}}), or -32603 when the store
    // failed or the session runs max_running_per_session tasks.
    // `id` is the tools/call request's, `params` its params (params.task.ttl is read here).
    task<result<boost::json::value>> start(std::shared_ptr<session> s, std::shared_ptr<tool_entry const> tool,
                                           protocol::request_id const& id, boost::json::object arguments,
                                           boost::json::object const& params, request_metadata const& metadata);
    // The task as `s` may see it: nullopt when unknown, expired, another session's or another principal's. A live
    // task whose lease ran out is failed first (by this call, or by whoever won that write).
    task<result<std::optional<storage::task_record>>> read(session& s, std::string const& id,
                                                           request_metadata const& metadata);
    // `r` as it stands once a lease that ran out is settled: unchanged when live or ended; failed otherwise.
    task<result<std::optional<storage::task_record>>> settle_lease(session& s, storage::task_record r);
    // Stops the handler when it runs on this process (after the store says cancelled).
    void stop_local(std::string const& id);
    // tasks/cancel, both eras: cancelled stored unless the task ended (the write says which), then its handler
    // stopped where it runs here. `scope`: the session, or "@" + principal for 2026-07-28 tasks.
    task<storage::result<storage::task_write>> cancel(std::string const& scope, std::string const& id);
    // Suspends for `most`, or less when the task ends on this process meanwhile. Cancellable.
    task<> wait(std::string const& id, std::chrono::milliseconds most);
    // Marks `id` as having a tasks/result request `waiter` open on this process: the task's messages to the
    // client travel on that request's stream while it waits (2025-11-25 tasks, input required).
    void add_result_waiter(std::string const& id, protocol::request_id const& waiter);
    void remove_result_waiter(std::string const& id, protocol::request_id const& waiter);

    // Lambda (lambda/runtime.cpp, between the response and the next invocation): suspends until no task runs on
    // this process, or until `until`; tasks still running then end failed with a message that says so, and their
    // handlers are stopped. After it returns the container may be frozen: nothing of this process runs.
    task<> settle(std::chrono::system_clock::time_point until);
    // How many tasks run on this process now.
    std::size_t running() const;

    // The job no longer runs here: out of the running set, its waiting tasks/result woken. Called by the task's
    // coroutine as it ends, however it ends.
    void forget(task_job& job);

    // For call_context: the task's messages to the client, and its input_required rounds.
    std::optional<protocol::request_id> route(task_job& job);
    task<> set_waiting_for_input(task_job& job, bool waiting);

private:
    // `self` keeps the runner alive for as long as the coroutine frame exists.
    task<> run(std::shared_ptr<task_runner> self, std::shared_ptr<task_job> job);
    task<> heartbeat(std::shared_ptr<task_runner> self, std::shared_ptr<task_job> job);
    task<> finish(std::shared_ptr<task_job> job, storage::task_status to, storage::task_outcome outcome);
    // One conditional write as the owner; false when the task is no longer ours to write (cancelled, failed by
    // lease, expired): the handler is stopped.
    // `to` nullopt: a renewal (the status and message stay).
    task<storage::result<bool>> owner_write(task_job& job, std::optional<storage::task_status> to, std::string message,
                                   std::optional<storage::task_outcome> outcome);
    std::chrono::milliseconds requested_ttl(boost::json::object const& params) const;
    std::size_t running_in(std::string const& session) const;
    task<> fail_for_deadline(std::shared_ptr<task_job> job);

    task_options options_;
    std::string instance_;
    mutable std::mutex mutex_;
    std::map<std::string, std::shared_ptr<task_job>, std::less<>> running_; // by task id
};

// The principal a task is bound to: the validated token's subject, or an authorizer's `sub` claim; "" when the
// front door knows nobody.
std::string principal_of(request_metadata const& metadata);
// 2025-11-25 tasks, related-task metadata: `params._meta["io.modelcontextprotocol/related-task"] = {taskId}`.
void add_related_task(boost::json::object& params, std::string const& task_id);
// The Task object of 2025-11-25 (taskId, status, statusMessage, createdAt, lastUpdatedAt, ttl, pollInterval).
boost::json::object task_json(storage::task_record const& r);
// The tasks extension of 2026-07-28: the flat CreateTaskResult (resultType "task", ttlMs, pollIntervalMs) ...
boost::json::object created_task_json(storage::task_record const& r);
// ... and the DetailedTask of tasks/get, with `outcome` inlined once terminal: a tool's result (isError too) as
// completed + result, a JSON-RPC error as failed + error; cancelled carries neither.
boost::json::object detailed_task_json(storage::task_record const& r, storage::task_outcome const* outcome);
// The -32010 error a client sees when the task store fails; the store's own message is logged with `context`.
error task_store_error(storage::error const& e, std::string_view context);
std::int64_t epoch_ms_now();

} // namespace detail
} // namespace mcp
