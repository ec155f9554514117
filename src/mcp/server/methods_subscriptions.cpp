// subscriptions/listen (2026-07-28 basic/patterns/subscriptions; schema SubscriptionsListenRequest,
// SubscriptionFilter): one long request whose stream carries the list changes and resource updates the client
// opted into, first acknowledged with the subset the server honours. It ends when the client closes the stream
// (the request is cancelled: no answer), when the front door shuts down or listen_max_time passes (the graceful
// result, tagged with the subscription id).
#include <mcp/server/methods.hpp>
#include <mcp/server/server.hpp>

namespace mcp::detail {
namespace {

constexpr std::string_view subscription_id_key = "io.modelcontextprotocol/subscriptionId";

// The list filters a server can honour: only lists that may change (list_mode::dynamic) and that it has.
bool honours_list(mcp::server const& srv, std::string_view channel) {
    if (srv.options().lists != list_mode::dynamic) return false;
    if (channel == "tools") return !srv.tools().empty();
    if (channel == "prompts") return !srv.prompts().empty();
    return !srv.resources().empty() || !srv.templates().empty();
}

result<bool> flag(boost::json::object const& filter, std::string_view name) {
    auto const* v = filter.if_contains(name);
    if (!v) return false;
    if (!v->is_bool()) return error::invalid_params("subscriptions/listen: notifications." + std::string(name) +
                                                    " must be a boolean");
    return v->as_bool();
}

// The resource URIs to follow: known to this caller, within the bounds a session has for resources/subscribe.
result<boost::json::array> resource_uris(method_call const& c, boost::json::object const& filter) {
    auto const* v = filter.if_contains("resourceSubscriptions");
    if (!v) return boost::json::array{};
    if (!v->is_array()) return error::invalid_params("subscriptions/listen: resourceSubscriptions must be an array");
    auto const& o = c.srv.options();
    if (v->as_array().size() > o.max_subscriptions)
        return error::invalid_params("subscriptions/listen: at most " + std::to_string(o.max_subscriptions) +
                                     " resourceSubscriptions");
    boost::json::array honoured;
    for (auto const& uri : v->as_array()) {
        if (!uri.is_string()) return error::invalid_params("subscriptions/listen: resourceSubscriptions holds strings");
        if (uri.as_string().size() > o.max_subscription_uri_bytes)
            return error::invalid_params("subscriptions/listen: a resource URI has more than " +
                                         std::to_string(o.max_subscription_uri_bytes) + " bytes");
        if (known_uri(c, std::string(uri.as_string()))) honoured.push_back(uri);
    }
    return honoured;
}

// The filter as honoured: the acknowledgement's `notifications`, and the scope's filter.
result<boost::json::object> honoured_filter(method_call const& c, boost::json::object const& want,
                                            session::listen_filter& filter) {
    boost::json::object honoured;
    for (auto [name, channel] : {std::pair{"toolsListChanged", "tools"}, std::pair{"promptsListChanged", "prompts"},
                                 std::pair{"resourcesListChanged", "resources"}}) {
        auto on = flag(want, name);
        if (!on) return on.error();
        if (*on && honours_list(c.srv, channel)) {
            honoured[name] = true;
            filter.channels.insert(channel);
        }
    }
    auto uris = resource_uris(c, want);
    if (!uris) return uris.error();
    if (!uris->empty()) honoured["resourceSubscriptions"] = std::move(*uris);
    return honoured;
}

// taskIds belong to the tasks extension (SEP-2663), which this server does not serve yet: a client that did not
// declare it gets -32021; one that did gets no taskIds in the acknowledgement.
result<> check_task_ids(method_call const& c, boost::json::object const& want) {
    if (!want.contains("taskIds")) return {};
    return require_tasks_extension(c.sess, "subscriptions/listen with taskIds");
}

task<result<boost::json::value>> listen(method_call c) {
    auto const* n = c.params.if_contains("notifications");
    if (!n || !n->is_object())
        co_return error::invalid_params("subscriptions/listen: params.notifications must be an object");
    if (auto ok = check_task_ids(c, n->as_object()); !ok) co_return ok.error();
    session::listen_filter filter{{}, protocol::to_json(c.ctx.request_id())};
    auto honoured = honoured_filter(c, n->as_object(), filter);
    if (!honoured) co_return honoured.error();
    if (auto const* uris = honoured->if_contains("resourceSubscriptions"))
        for (auto const& uri : uris->as_array()) c.sess.subscribe(std::string(uri.as_string()));
    auto id = filter.subscription_id;
    c.sess.start_listening(std::move(filter));
    c.sess.notify("notifications/subscriptions/acknowledged", {{"notifications", std::move(*honoured)}});
    co_await c.sess.join_fanout();
    co_await c.sess.listen_until_ended(c.srv.options().listen_max_time);
    co_return boost::json::object{{"_meta", {{subscription_id_key, id}}}};
}

} // namespace

void add_subscription_methods(method_table& t) { t.emplace("subscriptions/listen", listen); }

} // namespace mcp::detail
