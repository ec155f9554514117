#include <mcp/http/sse_stream.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace mcp::http {
namespace {
constexpr std::size_t max_recent = 256; // older events are read back from the event store
} // namespace

sse_stream::sse_stream(std::string id, boost::asio::any_io_executor strand)
    : id_(std::move(id)), strand_(std::move(strand)) {}

void sse_stream::push(boost::json::object message, bool last) {
    if (closed_)
        return;
    pending_.push_back({std::move(message), last});
    if (last)
        closed_ = true;
    wake_all();
}

void sse_stream::close() {
    closed_ = true;
    wake_all();
}

task<std::optional<sse_stream::item>> sse_stream::next() {
    while (pending_.empty() && !closed_)
        co_await wait(std::chrono::hours(24));
    co_return try_next();
}

std::optional<sse_stream::item> sse_stream::try_next() {
    if (pending_.empty())
        return std::nullopt;
    auto out = std::move(pending_.front());
    pending_.pop_front();
    return out;
}

void sse_stream::stored(storage::stored_event e) {
    last_sequence_ = e.sequence;
    recent_.push_back(std::move(e));
    if (recent_.size() > max_recent)
        recent_.pop_front();
    wake_all();
}

void sse_stream::finish() {
    finished_ = true;
    closed_ = true;
    wake_all();
}

std::optional<std::vector<storage::stored_event>> sse_stream::recent_after(std::uint64_t sequence) const {
    std::vector<storage::stored_event> out;
    if (sequence >= last_sequence_)
        return out;
    if (recent_.empty() || recent_.front().sequence > sequence + 1)
        return std::nullopt; // evicted: use the store
    for (auto const& e : recent_)
        if (e.sequence > sequence)
            out.push_back(e);
    return out;
}

task<bool> sse_stream::wait(std::chrono::milliseconds timeout) {
    boost::asio::steady_timer timer(strand_, timeout);
    auto it = waiters_.insert(waiters_.end(), &timer);
    auto [ec] = co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    waiters_.erase(it);
    co_return ec == boost::asio::error::operation_aborted; // woken (or cancelled) rather than timed out
}

void sse_stream::wake_all() {
    for (auto* t : waiters_)
        t->cancel();
}

} // namespace mcp::http
