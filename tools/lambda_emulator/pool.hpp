// The copies of the function and the queue in front of them: the emulator's model of Lambda's scaling. An
// invocation waits in the queue until a copy is ready (its process waits in /next); when every running copy
// is busy and a copy is cold, that copy starts (a cold start), so N concurrent requests run on up to N
// copies.
//
// - Lazy by default: a copy starts when an invocation needs it; `eager` starts every copy at once (and again
//   right after a restart). A copy that exits or is killed stays cold until an invocation needs it.
// - A ready copy is picked least recently used first, so with warm copies load spreads across them.
// - An invocation that waits `queue_timeout` in the queue fails with 504; one waiting when a copy fails to
// start (init
//   error, exit before its first /next) fails with 502, as Lambda fails the invoke that triggered a failed
//   init.
// - Children are reaped here: SIGCHLD, then waitpid() for every pid, matched to its copy.
#pragma once

#include <lambda_emulator/copy.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/value.hpp>

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace lambda_emulator {

class pool final : public copy_observer {
public:
    pool(boost::asio::any_io_executor ex, function_spec spec, std::size_t copies, bool eager);
    ~pool() override;

    // Starts reaping children, and every copy when eager.
    void start();
    // Queues an invocation; its response comes through the invocation's parts.
    void submit(std::shared_ptr<invocation> inv);
    // Kills copy `which` (every copy when nullopt) to simulate a cold start; an invocation in flight fails
    // with 502. Returns the indexes of the copies restarted, empty when `which` is out of range.
    std::vector<std::size_t> restart(std::optional<std::size_t> which);
    // {"copies": [...], "queued": n, "event": "v2", "timeoutSeconds": s, "queueTimeoutSeconds": q,
    //  "freeze": false}.
    boost::json::value stats() const;
    // Fails what is queued, sends SIGTERM to every process and SIGKILL to those left after `grace`; `done`
    // runs once every child has been reaped.
    void stop(std::chrono::milliseconds grace, std::function<void()> done);

    std::size_t size() const { return copies_.size(); }
    function_spec const& spec() const { return spec_; }

    // copy_observer
    void changed() override { dispatch(); }
    void init_failed(std::size_t copy_index) override;
    void requeue(std::shared_ptr<invocation> inv) override;

private:
    struct queued {
        std::shared_ptr<invocation> inv;
        std::unique_ptr<boost::asio::steady_timer> timer;
    };

    void enqueue(std::shared_ptr<invocation> inv, bool front);
    void dispatch();
    void assign_ready();
    void start_for_demand();
    void on_queue_timeout(std::shared_ptr<invocation> const& inv);
    void watch_children();
    void on_children();
    void check_stopped();

    boost::asio::any_io_executor ex_;
    function_spec spec_;
    bool eager_;
    std::vector<std::unique_ptr<copy>> copies_;
    std::deque<queued> queue_;
    boost::asio::signal_set sigchld_;
    boost::asio::steady_timer grace_timer_;
    bool dispatching_ = false;
    bool dispatch_again_ = false;
    bool stopping_ = false;
    std::function<void()> on_stopped_;
};

} // namespace lambda_emulator
