// A session's side of dynamic lists (list_state.hpp): which lists its client has not been told of yet, and
// telling it once.
#include <mcp/server/server.hpp>
#include <mcp/server/session.hpp>

namespace mcp {

std::vector<std::pair<std::string, std::string>> session::unseen_lists() const {
    if ((modern_ && !listen_) || !operational() || server_.options().lists != list_mode::dynamic)
        return {};
    auto catalog = server_.list_catalog();
    auto const& filter = server_.options().visibility;
    boost::json::object seen;
    protocol::implementation client; // copies: any thread may ask while the strand adopts a newer record
    {
        std::lock_guard lock(durable_mutex_);
        seen = lists_seen_;
        if (filter)
            client = client_info_;
    }
    auto state = filter ? state_.snapshot() : boost::json::object{}; // only a filter reads them
    return detail::unseen_channels(*catalog, seen, filter, session_view{id_, state, client});
}

void session::mark_lists_seen(std::vector<std::pair<std::string, std::string>> const& seen) {
    for (auto const& [channel, fingerprint] : seen) {
        {
            std::lock_guard lock(durable_mutex_);
            lists_seen_[channel] = fingerprint;
        }
        record({session_change::kind::list_seen, channel, boost::json::string(fingerprint)});
    }
}

task<> session::announce_lists() {
    if (auto announcer = announcer_) // a copy: it may be replaced while it runs
        co_return co_await announcer();
    auto unseen = unseen_lists();
    mark_lists_seen(unseen);
    for (auto const& [channel, fingerprint] : unseen)
        notify(detail::list_changed_method(channel), {});
}

} // namespace mcp
