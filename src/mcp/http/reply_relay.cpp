#include <mcp/http/reply_relay.hpp>

#include <mcp/http/http_session.hpp>
#include <mcp/server/log.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace mcp::http {

task<> relay_reply(std::shared_ptr<http_session> s, boost::json::object answer) {
    auto data = boost::json::serialize(answer);
    auto stored = co_await s->events().append(s->id(), std::string(replies_stream), std::move(data));
    if (!stored)
        log::error("session {}: an answer for another process was lost, the event store failed: {}", s->id(),
                   stored.error().message());
}

namespace {

// Hands the stored answers after `seen` that a request here waits for to the session; returns the new `seen`.
task<std::uint64_t> take_answers(std::shared_ptr<http_session> s, std::uint64_t seen) {
    auto stored = co_await s->events().after(s->id(), std::string(replies_stream), seen);
    if (!stored) {
        log::warn("session {}: cannot read relayed answers: {}", s->id(), stored.error().message());
        co_return seen;
    }
    for (auto& e : *stored) {
        seen = e.sequence;
        auto answer = protocol::parse_message(std::string_view(e.data));
        if (!answer)
            continue;
        protocol::request_id const* id = nullptr;
        if (auto* r = std::get_if<protocol::response>(&*answer))
            id = &r->id;
        if (auto* r = std::get_if<protocol::error_response>(&*answer); r && r->id)
            id = &*r->id;
        if (id && s->core()->awaits(*id))
            co_await s->core()->handle(std::move(*answer));
    }
    co_return seen;
}

} // namespace

task<> poll_replies(std::shared_ptr<http_session> s, std::chrono::milliseconds every) {
    boost::asio::steady_timer timer(s->strand());
    while (s->core()->awaiting()) {
        timer.expires_after(every);
        auto [ec] = co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
        if (ec)
            break;
        s->set_replies_seen(co_await take_answers(s, s->replies_seen()));
    }
    s->set_reply_poller_running(false);
}

} // namespace mcp::http
