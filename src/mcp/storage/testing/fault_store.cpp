// fault_stores (see fault_store.hpp): the controller, and the session and event stores that consult it.
#include <mcp/storage/testing/fault_store.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace mcp::storage::testing {
namespace {

namespace asio = boost::asio;

// Runs `call` between the controller's enter() and leave(): not at all on a `fail`, its answer held on a
// `hold`. An awaitable starts only when awaited, so the store is not reached before enter() lets it.
template <class T>
task<result<T>> guarded(fault_stores& faults, store_op op, task<result<T>> call) {
    auto entered = co_await faults.enter(op);
    if (!entered)
        co_return entered.error();
    auto answer = co_await std::move(call);
    co_await faults.leave(*entered);
    co_return answer;
}

class faulty_sessions : public session_store {
public:
    faulty_sessions(std::shared_ptr<fault_stores> f, std::shared_ptr<session_store> inner)
        : faults_(std::move(f)), inner_(std::move(inner)) {}

    task<result<>> create(session_record record) override {
        co_return co_await guarded(*faults_, store_op::create, inner_->create(std::move(record)));
    }
    task<result<std::optional<session_record>>> load(std::string id) override {
        co_return co_await guarded(*faults_, store_op::load, inner_->load(std::move(id)));
    }
    task<result<>> save(session_record& record) override {
        co_return co_await guarded(*faults_, store_op::save, inner_->save(record));
    }
    task<result<bool>> terminate(std::string id) override {
        co_return co_await guarded(*faults_, store_op::terminate, inner_->terminate(std::move(id)));
    }

private:
    std::shared_ptr<fault_stores> faults_;
    std::shared_ptr<session_store> inner_;
};

class faulty_events : public event_store {
public:
    faulty_events(std::shared_ptr<fault_stores> f, std::shared_ptr<event_store> inner)
        : faults_(std::move(f)), inner_(std::move(inner)) {}

    task<result<std::uint64_t>> append(std::string session, std::string stream, std::string data) override {
        co_return co_await guarded(*faults_, store_op::append,
                                   inner_->append(std::move(session), std::move(stream), std::move(data)));
    }
    task<result<std::vector<stored_event>>> after(std::string session, std::string stream,
                                                  std::uint64_t sequence) override {
        co_return co_await guarded(*faults_, store_op::after,
                                   inner_->after(std::move(session), std::move(stream), sequence));
    }
    task<result<>> forget(std::string session) override {
        co_return co_await guarded(*faults_, store_op::forget, inner_->forget(std::move(session)));
    }

private:
    std::shared_ptr<fault_stores> faults_;
    std::shared_ptr<event_store> inner_;
};

} // namespace

std::shared_ptr<fault_stores> fault_stores::wrap(stores inner) {
    return std::shared_ptr<fault_stores>(new fault_stores(std::move(inner)));
}

stores fault_stores::outer() {
    return {std::make_shared<faulty_sessions>(shared_from_this(), inner_.sessions),
            std::make_shared<faulty_events>(shared_from_this(), inner_.events)};
}

void fault_stores::set(store_op op, fault_kind kind, std::size_t times, std::chrono::milliseconds delay) {
    std::lock_guard lock(mutex_);
    rules_[static_cast<std::size_t>(op)] = {kind, times, delay};
}

void fault_stores::release() {
    std::vector<std::shared_ptr<asio::steady_timer>> wake;
    {
        std::lock_guard lock(mutex_);
        ++generation_;
        for (auto& r : rules_)
            if (r.kind == fault_kind::block || r.kind == fault_kind::hold)
                r = {};
        for (auto& w : waiting_)
            if (auto t = w.lock())
                wake.push_back(std::move(t));
        waiting_.clear();
    }
    // Through the timer's own executor: the waiting coroutine runs there, so the cancel cannot race it.
    for (auto& t : wake)
        asio::post(t->get_executor(), [t] { t->cancel(); });
}

std::size_t fault_stores::calls(store_op op) const {
    std::lock_guard lock(mutex_);
    return calls_[static_cast<std::size_t>(op)];
}

std::size_t fault_stores::blocked() const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (auto const& w : waiting_)
        n += w.expired() ? 0 : 1;
    return n;
}

fault_stores::rule fault_stores::take(store_op op) {
    std::lock_guard lock(mutex_);
    auto i = static_cast<std::size_t>(op);
    ++calls_[i];
    auto r = rules_[i];
    r.generation = generation_;
    if (r.kind != fault_kind::none && r.times > 0 && --rules_[i].times == 0)
        rules_[i] = {};
    return r;
}

task<> fault_stores::wait_released(std::uint64_t generation) {
    auto timer = std::make_shared<asio::steady_timer>(co_await asio::this_coro::executor,
                                                      asio::steady_timer::time_point::max());
    {
        std::lock_guard lock(mutex_);
        if (generation != generation_) // released between take() and here
            co_return;
        waiting_.push_back(timer);
    }
    co_await timer->async_wait(asio::as_tuple(asio::use_awaitable));
}

task<> fault_stores::leave(entry e) {
    if (e.hold)
        co_await wait_released(e.generation);
}

task<result<fault_stores::entry>> fault_stores::enter(store_op op) {
    auto r = take(op);
    switch (r.kind) {
    case fault_kind::none:
        break;
    case fault_kind::hold:
        co_return entry{true, r.generation};
    case fault_kind::fail:
        // Worded as a backend's own message would be, internals included: front doors must not show it.
        co_return error(errc::unavailable,
                        "Store unavailable: injected fault (connection to db.internal:5432 as user admin)");
    case fault_kind::block:
        co_await wait_released(r.generation);
        break;
    case fault_kind::delay: {
        asio::steady_timer timer(co_await asio::this_coro::executor, r.delay);
        co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
        break;
    }
    }
    co_return entry{};
}

} // namespace mcp::storage::testing
