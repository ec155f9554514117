#include <mcp/server/durable.hpp>

#include <algorithm>

namespace mcp {
namespace {

boost::json::object object_at(boost::json::value const& v, std::string_view key) {
    auto const* o = v.is_object() ? v.as_object().if_contains(key) : nullptr;
    return o && o->is_object() ? o->as_object() : boost::json::object{};
}

} // namespace

void apply(durable_session& d, session_change const& c) {
    using k = session_change::kind;
    auto& subs = d.subscriptions;
    switch (c.what) {
    case k::started:
        if (auto const* v = c.value.as_object().if_contains("protocolVersion"); v && v->is_string())
            d.protocol_version = std::string(v->as_string());
        d.client_info = object_at(c.value, "clientInfo");
        d.client_capabilities = object_at(c.value, "capabilities");
        break;
    case k::operational: d.operational = true; break;
    case k::log_level:
        if (auto level = protocol::log_level_from_string(c.key)) d.level = *level;
        break;
    case k::subscribed:
        if (!std::binary_search(subs.begin(), subs.end(), c.key))
            subs.insert(std::upper_bound(subs.begin(), subs.end(), c.key), c.key);
        break;
    case k::unsubscribed: std::erase(subs, c.key); break;
    case k::state_set: d.state[c.key] = c.value; break;
    case k::state_erased: d.state.erase(c.key); break;
    case k::list_seen: d.lists_seen[c.key] = c.value; break;
    }
}

} // namespace mcp
