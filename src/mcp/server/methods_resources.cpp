// resources/list, resources/templates/list, resources/read, resources/subscribe and resources/unsubscribe
// (2025-11-25 server/resources).
#include <mcp/server/methods.hpp>
#include <mcp/server/server.hpp>

namespace mcp::detail {
namespace {

task<result<boost::json::value>> list_resources(method_call c) {
    auto after = cursor_param(c.params);
    if (!after) co_return after.error();
    sees visible(c);
    auto page = c.srv.resources().list(*after, c.srv.options().page_size, visible.of(list_kind::resources));
    co_return page_json("resources", page, [](resource_entry const& e) { return protocol::to_json(e.def); });
}

task<result<boost::json::value>> list_templates(method_call c) {
    auto after = cursor_param(c.params);
    if (!after) co_return after.error();
    sees visible(c);
    auto page = c.srv.templates().list(*after, c.srv.options().page_size, visible.of(list_kind::resource_templates));
    co_return page_json("resourceTemplates", page, [](template_entry const& e) { return protocol::to_json(e.def); });
}

// A fixed resource wins over a template; templates are tried in uriTemplate order.
task<result<boost::json::value>> read_resource(method_call c) {
    auto uri = string_param(c.params, "uri");
    if (!uri) co_return uri.error();
    result<protocol::read_resource_result> out = error::resource_not_found(*uri);
    sees visible(c);
    if (auto fixed = c.srv.resources().find(*uri); fixed && visible(list_kind::resources, *uri)) {
        out = co_await fixed->handler(*uri, {}, c.ctx);
    } else {
        for (auto const& t : c.srv.templates().all()) {
            if (!visible(list_kind::resource_templates, t->def.uri_template)) continue;
            auto vars = t->pattern.match(*uri);
            if (!vars) continue;
            out = co_await t->handler(*uri, std::move(*vars), c.ctx);
            break;
        }
    }
    if (!out) co_return out.error();
    co_return protocol::to_json(*out);
}

task<result<boost::json::value>> subscribe(method_call c) {
    auto uri = string_param(c.params, "uri");
    if (!uri) co_return uri.error();
    auto const& o = c.srv.options();
    if (uri->size() > o.max_subscription_uri_bytes)
        co_return error::invalid_params("resources/subscribe: the uri has " + std::to_string(uri->size()) +
                                        " bytes; this server keeps subscriptions of at most " +
                                        std::to_string(o.max_subscription_uri_bytes));
    if (!known_uri(c, *uri)) co_return error::resource_not_found(*uri);
    if (!c.sess.subscribed(*uri) && c.sess.subscription_count() >= o.max_subscriptions)
        co_return error::invalid_params("resources/subscribe: this session already has " +
                                        std::to_string(o.max_subscriptions) +
                                        " subscriptions, the most this server keeps; unsubscribe first");
    c.sess.subscribe(*uri);
    co_return boost::json::object{};
}

task<result<boost::json::value>> unsubscribe(method_call c) {
    auto uri = string_param(c.params, "uri");
    if (!uri) co_return uri.error();
    c.sess.unsubscribe(*uri);
    co_return boost::json::object{};
}

} // namespace

bool known_uri(method_call const& c, std::string const& uri) {
    sees visible(c);
    if (c.srv.resources().find(uri) && visible(list_kind::resources, uri)) return true;
    for (auto const& t : c.srv.templates().all())
        if (t->pattern.match(uri) && visible(list_kind::resource_templates, t->def.uri_template)) return true;
    return false;
}

void add_resource_methods(method_table& t) {
    t.emplace("resources/list", list_resources);
    t.emplace("resources/templates/list", list_templates);
    t.emplace("resources/read", read_resource);
    t.emplace("resources/subscribe", subscribe);
    t.emplace("resources/unsubscribe", unsubscribe);
}

} // namespace mcp::detail
