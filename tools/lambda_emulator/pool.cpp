#include <lambda_emulator/pool.hpp>

#include <lambda_emulator/log.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <algorithm>
#include <csignal>
#include <sys/wait.h>

namespace lambda_emulator {

namespace asio = boost::asio;
namespace json = boost::json;

pool::pool(asio::any_io_executor ex, function_spec spec, std::size_t copies, bool eager)
    : ex_(ex), spec_(std::move(spec)), eager_(eager), sigchld_(ex, SIGCHLD), grace_timer_(ex) {
    for (std::size_t i = 0; i < copies; ++i)
        copies_.push_back(std::make_unique<copy>(ex, i, spec_, *this));
}

pool::~pool() {
    for (auto& q : queue_)
        q.inv->abandon();
}

void pool::start() {
    watch_children();
    if (eager_) {
        for (auto& c : copies_)
            c->start();
    }
}

void pool::submit(std::shared_ptr<invocation> inv) {
    if (stopping_) {
        inv->fail(spec_.format, gateway_failure::bad_gateway);
        return;
    }
    enqueue(std::move(inv), false);
    dispatch();
}

void pool::enqueue(std::shared_ptr<invocation> inv, bool front) {
    auto timer = std::make_unique<asio::steady_timer>(ex_, spec_.queue_timeout);
    timer->async_wait([this, weak = std::weak_ptr<invocation>(inv)](boost::system::error_code ec) {
        if (auto waiting = weak.lock(); waiting && !ec)
            on_queue_timeout(waiting);
    });
    queued q{std::move(inv), std::move(timer)};
    if (front)
        queue_.push_front(std::move(q));
    else
        queue_.push_back(std::move(q));
}

void pool::on_queue_timeout(std::shared_ptr<invocation> const& inv) {
    auto it = std::find_if(queue_.begin(), queue_.end(), [&](queued const& q) { return q.inv == inv; });
    if (it == queue_.end())
        return;
    queue_.erase(it);
    log::warn("invocation {} waited {} s for a free copy: 504", inv->id(), spec_.queue_timeout.count());
    inv->fail(spec_.format, gateway_failure::timeout);
}

// Reentrant calls (a copy's callback during dispatch) only ask for one more round.
void pool::dispatch() {
    if (dispatching_) {
        dispatch_again_ = true;
        return;
    }
    dispatching_ = true;
    do {
        dispatch_again_ = false;
        if (stopping_)
            break;
        assign_ready();
        start_for_demand();
    } while (dispatch_again_);
    dispatching_ = false;
}

void pool::assign_ready() {
    while (!queue_.empty()) {
        copy* best = nullptr;
        for (auto& c : copies_) {
            if (c->current_state() == copy::state::ready && (!best || c->ready_since() < best->ready_since()))
                best = c.get();
        }
        if (!best)
            return;
        auto q = std::move(queue_.front());
        queue_.pop_front();
        q.timer->cancel();
        best->assign(std::move(q.inv));
    }
}

// One cold copy starts for each queued invocation that no starting copy will take.
void pool::start_for_demand() {
    auto starting = static_cast<std::size_t>(std::count_if(copies_.begin(), copies_.end(), [](auto const& c) {
        return c->current_state() == copy::state::starting;
    }));
    for (auto& c : copies_) {
        if (queue_.size() <= starting)
            return;
        if (c->current_state() == copy::state::cold) {
            c->start();
            if (c->current_state() == copy::state::starting)
                ++starting;
        }
    }
}

void pool::init_failed(std::size_t copy_index) {
    if (queue_.empty())
        return;
    auto q = std::move(queue_.front());
    queue_.pop_front();
    q.timer->cancel();
    log::error("invocation {} failed: copy {} could not start: 502", q.inv->id(), copy_index);
    q.inv->fail(spec_.format, gateway_failure::bad_gateway);
}

void pool::requeue(std::shared_ptr<invocation> inv) {
    enqueue(std::move(inv), true);
    dispatch();
}

std::vector<std::size_t> pool::restart(std::optional<std::size_t> which) {
    std::vector<std::size_t> done;
    for (auto& c : copies_) {
        if (which && *which != c->index())
            continue;
        c->kill(SIGKILL, "restart requested");
        done.push_back(c->index());
        if (eager_)
            c->start();
    }
    dispatch();
    return done;
}

json::value pool::stats() const {
    json::array list;
    for (auto const& c : copies_)
        list.push_back(c->stats());
    return json::object{{"copies", std::move(list)},
                        {"queued", queue_.size()},
                        {"event", format_name(spec_.format)},
                        {"timeoutSeconds", spec_.timeout.count()},
                        {"queueTimeoutSeconds", spec_.queue_timeout.count()},
                        {"freeze", spec_.freeze}};
}

void pool::watch_children() {
    sigchld_.async_wait([this](boost::system::error_code ec, int) {
        if (ec)
            return;
        on_children();
        watch_children();
    });
}

void pool::on_children() {
    int status = 0;
    for (pid_t pid; (pid = ::waitpid(-1, &status, WNOHANG)) > 0;) {
        bool known =
            std::any_of(copies_.begin(), copies_.end(), [&](auto& c) { return c->reap(pid, status); });
        if (!known)
            log::debug("reaped pid {} of no copy", pid);
    }
    check_stopped();
}

void pool::stop(std::chrono::milliseconds grace, std::function<void()> done) {
    stopping_ = true;
    on_stopped_ = std::move(done);
    while (!queue_.empty()) {
        auto q = std::move(queue_.front());
        queue_.pop_front();
        q.timer->cancel();
        q.inv->fail(spec_.format, gateway_failure::bad_gateway);
    }
    for (auto& c : copies_)
        c->kill(SIGTERM, "the emulator is stopping");
    grace_timer_.expires_after(grace);
    grace_timer_.async_wait([this](boost::system::error_code ec) {
        if (ec)
            return;
        for (auto& c : copies_)
            c->kill_stragglers();
    });
    on_children(); // some may be gone already
}

void pool::check_stopped() {
    if (!stopping_ || !on_stopped_)
        return;
    if (std::any_of(copies_.begin(), copies_.end(), [](auto const& c) { return c->has_process(); }))
        return;
    grace_timer_.cancel();
    sigchld_.cancel();
    auto done = std::move(on_stopped_);
    on_stopped_ = nullptr;
    done();
}

} // namespace lambda_emulator
