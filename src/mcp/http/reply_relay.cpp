#include <mcp/http/reply_relay.hpp>

#include <mcp/core/log.hpp>
#include <mcp/http/poll_backoff.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace mcp::http {

std::optional<protocol::request_id> answer_id(protocol::message const& m) {
    if (auto* r = std::get_if<protocol::response>(&m))
        return r->id;
    if (auto* r = std::get_if<protocol::error_response>(&m); r && r->id)
        return *r->id;
    return std::nullopt;
}

reply_relay::reply_relay(std::shared_ptr<storage::event_store> events, std::string session_id,
                         io_strand strand, std::chrono::milliseconds first, std::chrono::milliseconds most)
    : events_(std::move(events)), session_id_(std::move(session_id)), strand_(std::move(strand)),
      first_(first), most_(most) {}

task<storage::result<>> reply_relay::relay(boost::json::object answer) {
    auto data = boost::json::serialize(answer);
    auto stream = std::string(replies_stream);
    auto stored = co_await events_->append(session_id_, std::move(stream), std::move(data));
    if (!stored) {
        log::error("session {}: an answer for another process cannot be stored: {}", session_id_,
                   stored.error().message());
        co_return stored.error();
    }
    co_return storage::result<>{};
}

namespace {
bool is_request(boost::json::object const& message) {
    return message.contains("method") && message.contains("id");
}
} // namespace

// A request of ours is going out: its answer may come back through another process.
void reply_relay::watch(boost::json::object const& message, std::shared_ptr<mcp::session> const& core) {
    if (!is_request(message) || polling_)
        return;
    polling_ = true;
    boost::asio::co_spawn(strand_, poll(shared_from_this(), core), boost::asio::detached);
}

// Hands the stored answers after seen_ that a request here waits for to the session.
// Answers are taken in order (stored_order.hpp) from the second look on.
task<reply_relay::look> reply_relay::take_answers(mcp::session& core, bool first) {
    auto stream = std::string(replies_stream);
    auto stored = co_await events_->after(session_id_, std::move(stream), seen_);
    if (!stored) {
        log::warn("session {}: cannot read relayed answers: {}", session_id_, stored.error().message());
        co_return look{seen_, false};
    }
    bool const found = !stored->empty();
    if (!first)
        stored->resize(order_.takeable(*stored, seen_));
    auto seen = seen_;
    for (auto& e : *stored) {
        seen = e.sequence;
        auto answer = protocol::parse_message(std::string_view(e.data));
        auto id = answer ? answer_id(*answer) : std::nullopt;
        if (!id || !core.awaits(*id))
            continue;
        auto handled = core.handle(std::move(*answer));
        co_await std::move(handled);
    }
    co_return look{seen, found};
}

task<> reply_relay::poll(std::shared_ptr<reply_relay> self, std::shared_ptr<mcp::session> core) {
    boost::asio::steady_timer timer(self->strand_);
    bool first_look = self->seen_ == 0;
    poll_backoff backoff(self->first_, self->most_);
    bool found = false;
    while (core->awaiting()) {
        timer.expires_after(backoff.next(found));
        auto [ec] = co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
        if (ec)
            break;
        auto taken = co_await self->take_answers(*core, first_look);
        self->seen_ = taken.seen;
        found = taken.found;
        first_look = false;
    }
    self->polling_ = false;
}

} // namespace mcp::http
