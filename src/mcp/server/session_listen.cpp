// subscriptions/listen in a 2026-07-28 request scope (basic/patterns/subscriptions): the scope becomes a listener
// that the server's fan-out (list changes, resource updates) reaches like a session, and whose notifications are
// filtered to what the client opted into and tagged with the listen request's id.
#include <mcp/server/server.hpp>
#include <mcp/server/session.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace mcp {

namespace asio = boost::asio;

bool detail::tag_for_listen(session::listen_filter const& f, std::string_view method, boost::json::object& params) {
    constexpr std::string_view prefix = "notifications/", suffix = "/list_changed";
    bool wanted = method == "notifications/subscriptions/acknowledged" || method == "notifications/resources/updated";
    if (!wanted && method.starts_with(prefix) && method.ends_with(suffix))
        wanted = f.channels.contains(method.substr(prefix.size(), method.size() - prefix.size() - suffix.size()));
    if (!wanted) return false; // never progress or logs (2026-07-28 basic/patterns/subscriptions)
    auto& meta = params["_meta"];
    if (!meta.is_object()) meta = boost::json::object{};
    meta.as_object()["io.modelcontextprotocol/subscriptionId"] = f.subscription_id;
    return true;
}

void session::start_listening(listen_filter filter) {
    listen_ = std::make_shared<listen_filter const>(std::move(filter));
    mark_lists_seen(unseen_lists()); // told from now on, of changes after this point
}

// After the acknowledgement (nothing may precede it on the stream): the server's fan-out reaches this scope
// from now on, and a list change made since start_listening is told now.
task<> session::join_fanout() {
    server_.add_listener(shared_from_this());
    co_await announce_lists();
}

task<bool> session::listen_until_ended(std::chrono::milliseconds most) {
    listen_end_ = std::make_shared<asio::steady_timer>(strand_, most);
    auto [ec] = co_await listen_end_->async_wait(asio::as_tuple(asio::use_awaitable));
    co_return !ec || listen_ended_;
}

void session::end_listening() {
    asio::post(strand_, [self = shared_from_this()] {
        self->listen_ended_ = true;
        if (self->listen_end_) self->listen_end_->cancel();
    });
}

} // namespace mcp
