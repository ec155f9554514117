#include <mcp/http/reply_relay.hpp>

#include <mcp/http/http_session.hpp>
#include <mcp/http/poll_backoff.hpp>
#include <mcp/core/log.hpp>

#include <boost/asio/as_tuple.hpp>
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

task<result<>> relay_reply(std::shared_ptr<http_session> s, boost::json::object answer) {
    if (!s->shared()) {
        log::debug("session {}: an answer to no request of ours (late, or unknown): dropped", s->id());
        co_return result<>{};
    }
    auto data = boost::json::serialize(answer);
    auto stream = std::string(replies_stream);
    auto stored = co_await s->events().append(s->id(), std::move(stream), std::move(data));
    if (!stored) {
        log::error("session {}: an answer for another process cannot be stored: {}", s->id(),
                   stored.error().message());
        co_return stored.error();
    }
    co_return result<>{};
}

namespace {

struct look {
    std::uint64_t seen = 0; // the last answer taken
    bool found = false;     // the store held answers after the previous `seen` (a hole's too: they come soon)
};

// Hands the stored answers after `seen` that a request here waits for to the session.
// Answers are taken in order (stored_order.hpp) from the second look on.
task<look> take_answers(std::shared_ptr<http_session> s, std::uint64_t seen, bool first) {
    auto stream = std::string(replies_stream);
    auto stored = co_await s->events().after(s->id(), std::move(stream), seen);
    if (!stored) {
        log::warn("session {}: cannot read relayed answers: {}", s->id(), stored.error().message());
        co_return look{seen, false};
    }
    bool const found = !stored->empty();
    if (!first)
        stored->resize(s->replies_order().takeable(*stored, seen));
    for (auto& e : *stored) {
        seen = e.sequence;
        auto answer = protocol::parse_message(std::string_view(e.data));
        auto id = answer ? answer_id(*answer) : std::nullopt;
        if (!id || !s->core()->awaits(*id))
            continue;
        auto handled = s->core()->handle(std::move(*answer));
        co_await std::move(handled);
    }
    co_return look{seen, found};
}

} // namespace

task<> poll_replies(std::shared_ptr<http_session> s, std::chrono::milliseconds first,
                    std::chrono::milliseconds most) {
    boost::asio::steady_timer timer(s->strand());
    bool first_look = s->replies_seen() == 0;
    poll_backoff backoff(first, most);
    bool found = false;
    while (s->core()->awaiting()) {
        timer.expires_after(backoff.next(found));
        auto [ec] = co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
        if (ec)
            break;
        auto taken = co_await take_answers(s, s->replies_seen(), first_look);
        s->set_replies_seen(taken.seen);
        found = taken.found;
        first_look = false;
    }
    s->set_reply_poller_running(false);
}

} // namespace mcp::http
