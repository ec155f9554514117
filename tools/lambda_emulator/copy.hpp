// One copy of the function: the emulator's model of a Lambda execution environment. It runs the function
// binary as a child process with its own Runtime API server, hands it one invocation at a time (only when the
// process asks /next after finishing the previous one, as Lambda does), enforces the deadline, and turns what
// the process posts back into parts of the invocation's response.
//
//   cold --start()--> starting --GET /next--> ready --assign()--> busy --response/error--> answered
//   --/next--> ready
//     ^                  |                                          |
//     +---- the process exits, is killed (restart, timeout, init error) or the emulator stops ----+
//
// With --freeze, a copy left in ready with nothing to do has its process stopped until assign() or kill()
// (freeze.hpp).
//
// Invariants
// - A copy runs at most one invocation; it is offered a new one only in state ready.
// - Each start is a new generation: a new process and a new runtime_server (a new port). kill() closes the
// old
//   server at once, so nothing from a dying process can reach its successor's invocations.
// - An invocation is failed exactly once, by whichever comes first: the function's error, a broken response,
// the
//   deadline (504, and the copy is killed), or the process exiting (502).
// - Single-threaded: everything runs on the emulator's I/O thread.
#pragma once

#include <lambda_emulator/events.hpp>
#include <lambda_emulator/invocation.hpp>
#include <lambda_emulator/process.hpp>
#include <lambda_emulator/runtime_api.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lambda_emulator {

// What every copy runs, and how.
struct function_spec {
    std::vector<std::string> command;                     // the binary and its arguments
    std::vector<std::pair<std::string, std::string>> env; // in order; a later name overrides an earlier one
    event_format format = event_format::v2;
    std::chrono::seconds timeout{30};       // each invocation's deadline
    std::chrono::seconds queue_timeout{30}; // the longest wait in the queue for a ready copy
    bool freeze = false;                    // stop a process while it waits in /next with nothing to do
    std::string function_arn;
    std::string function_name;
};

// What a copy tells its pool.
class copy_observer {
public:
    virtual ~copy_observer() = default;
    virtual void changed() = 0;                                // a copy may now be ready: dispatch
    virtual void init_failed(std::size_t copy_index) = 0;      // it died or failed before its first /next
    virtual void requeue(std::shared_ptr<invocation> inv) = 0; // handed out but never received
};

class copy final : public runtime_handler {
public:
    enum class state { cold, starting, ready, busy, answered };

    copy(boost::asio::any_io_executor ex, std::size_t index, function_spec const& spec,
         copy_observer& observer);
    ~copy() override;

    std::size_t index() const { return index_; }
    state current_state() const { return state_; }
    std::chrono::steady_clock::time_point ready_since() const { return ready_since_; }
    bool has_process() const { return process_ != nullptr || !dying_.empty(); }

    // Spawns the process (state cold only). A failure to spawn is logged and reported as init_failed.
    void start();
    // Gives the waiting /next its invocation (state ready only), resuming a frozen process first, and arms
    // the deadline.
    void assign(std::shared_ptr<invocation> inv);
    // Kills the process group with `sig` (SIGKILL, or SIGTERM at shutdown) after resuming it if frozen, fails
    // the invocation in flight with 502, and goes cold at once; the process is reaped later. `why` is logged.
    void kill(int sig, std::string const& why);
    // SIGKILLs processes that were sent SIGTERM and are still there.
    void kill_stragglers();
    // The pool's waitpid() found `pid`: true when it was this copy's (current or dying) process.
    bool reap(pid_t pid, int wait_status);
    boost::json::object stats() const;

    // runtime_handler
    mcp::task<std::optional<next_invocation>> next() override;
    void undelivered(std::string const& id) override;
    id_check check(std::string_view id) override;
    void respond(std::string_view id, std::string payload) override;
    std::unique_ptr<response_stream> stream(std::string_view id, std::string content_type) override;
    void invocation_error(std::string_view id, std::string error_type, std::string body) override;
    void payload_too_large(std::string_view id) override;
    void init_error(std::string error_type, std::string body) override;

    // The current invocation got its whole answer (from the stream relay, or the handlers above).
    void answered(std::shared_ptr<invocation> const& inv);
    std::string const& label() const { return label_; }
    event_format format() const { return spec_.format; }

private:
    std::vector<std::string> environment(unsigned short runtime_port) const;
    void on_deadline(std::shared_ptr<invocation> const& inv);
    void lose_process(std::string const& why);
    void wake_waiter();
    void apply_freeze(bool parked);

    boost::asio::any_io_executor ex_;
    std::size_t index_;
    std::string label_; // "copy 0"
    function_spec const& spec_;
    copy_observer& observer_;
    state state_ = state::cold;
    std::unique_ptr<runtime_server> server_;
    std::unique_ptr<process> process_;
    std::vector<std::unique_ptr<process>> dying_; // killed, not reaped yet
    std::shared_ptr<invocation> current_;
    bool current_answered_ = false;
    boost::asio::steady_timer deadline_;
    boost::asio::steady_timer next_wake_;
    unsigned long waiter_seq_ = 0;          // the /next waiter that may take an invocation
    std::optional<next_invocation> handed_; // the invocation given to that waiter
    bool frozen_ = false;                   // the process was sent SIGSTOP and not SIGCONT since
    std::chrono::steady_clock::time_point ready_since_;
    // statistics
    unsigned starts_ = 0;
    unsigned served_ = 0;                 // this process
    unsigned served_total_ = 0;           // every process of this copy
    std::optional<double> init_ms_;       // spawn to the first /next (Lambda's "Init Duration")
    std::optional<double> cold_start_ms_; // spawn to the end of the first response
    std::optional<long> rss_after_first_kib_;
};

std::string_view state_name(copy::state s);

} // namespace lambda_emulator
