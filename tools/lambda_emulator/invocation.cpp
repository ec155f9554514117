#include <lambda_emulator/invocation.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace lambda_emulator {
namespace {

constexpr auto as_value = boost::asio::as_tuple(boost::asio::use_awaitable);

// A timer used as a condition: wait until cancel() is called on it.
mcp::task<> wait_for_signal(boost::asio::steady_timer& t) {
    t.expires_at(boost::asio::steady_timer::time_point::max());
    co_await t.async_wait(as_value);
}

} // namespace

invocation::invocation(boost::asio::any_io_executor ex, std::string id, std::string event)
    : id_(std::move(id)), event_(std::move(event)), created_(std::chrono::steady_clock::now()),
      consumer_wake_(ex), producer_wake_(ex) {}

void invocation::deliver(part p) {
    if (terminal_ || abandoned_)
        return;
    bool terminal = p.k == part::kind::whole || p.k == part::kind::end || p.k == part::kind::abort;
    if (p.k == part::kind::head)
        head_sent_ = true;
    terminal_ = terminal;
    buffered_ += p.bytes.size();
    parts_.push_back(std::move(p));
    consumer_wake_.cancel();
}

void invocation::fail(event_format f, gateway_failure why) {
    if (head_sent_)
        deliver({part::kind::abort, {}, {}});
    else
        deliver({part::kind::whole, gateway_error(f, why), {}});
}

mcp::task<> invocation::room() {
    while (buffered_ > max_buffered && !abandoned_)
        co_await wait_for_signal(producer_wake_);
}

mcp::task<part> invocation::next() {
    while (parts_.empty())
        co_await wait_for_signal(consumer_wake_);
    part p = std::move(parts_.front());
    parts_.pop_front();
    buffered_ -= p.bytes.size();
    producer_wake_.cancel();
    co_return p;
}

void invocation::abandon() {
    abandoned_ = true;
    parts_.clear();
    buffered_ = 0;
    producer_wake_.cancel();
}

} // namespace lambda_emulator
