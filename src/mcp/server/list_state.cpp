#include <mcp/server/list_state.hpp>

#include <algorithm>
#include <cstdio>

namespace mcp::detail {

std::string_view kind_name(list_kind k) {
    switch (k) {
    case list_kind::tools: return "tools";
    case list_kind::prompts: return "prompts";
    case list_kind::resources: return "resources";
    case list_kind::resource_templates: return "resourceTemplates";
    }
    return "tools";
}

std::string_view channel_of(list_kind k) {
    return k == list_kind::resource_templates ? "resources" : kind_name(k);
}

std::string list_changed_method(std::string_view channel) {
    return "notifications/" + std::string(channel) + "/list_changed";
}

namespace {
constexpr std::uint64_t fnv_prime = 0x100000001b3ULL;

std::uint64_t fnv(std::uint64_t state, std::string_view bytes) {
    for (unsigned char c : bytes) {
        state ^= c;
        state *= fnv_prime;
    }
    return state;
}
} // namespace

std::uint64_t definition_hash(boost::json::value const& definition) {
    return fnv(0xcbf29ce484222325ULL, boost::json::serialize(definition));
}

void fingerprint::mix(std::string_view bytes) { state_ = fnv(state_, bytes); }

// The name, a separator no name contains, and the definition's hash as 8 bytes.
void fingerprint::add(std::string_view name, std::uint64_t definition) {
    mix(name);
    mix(std::string_view("\0", 1));
    char bytes[8];
    for (int i = 0; i < 8; ++i)
        bytes[i] = static_cast<char>((definition >> (8 * i)) & 0xFF);
    mix(std::string_view(bytes, 8));
}

std::string fingerprint::hex() const {
    char out[17];
    std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(state_));
    return out;
}

std::optional<activation> activation_from(boost::json::object const& document) {
    activation a;
    for (auto k : all_kinds) {
        auto const* entry = document.if_contains(kind_name(k));
        if (!entry)
            continue;
        auto const* kind = entry->if_object();
        auto const* active = kind ? kind->if_contains("active") : nullptr;
        if (!active || !active->is_object())
            return std::nullopt;
        for (auto const& [name, on] : active->as_object()) {
            if (!on.is_bool())
                return std::nullopt;
            a.of(k).emplace(std::string(name), on.as_bool());
        }
    }
    return a;
}

boost::json::object to_document(activation const& a,
                                std::map<std::string, std::string, std::less<>> const& fingerprints) {
    boost::json::object doc;
    for (auto k : all_kinds) {
        boost::json::object active;
        for (auto const& [name, on] : a.of(k))
            active[name] = on;
        auto fp = fingerprints.find(std::string(channel_of(k)));
        doc[kind_name(k)] = {{"active", std::move(active)},
                             {"fingerprint", fp == fingerprints.end() ? "" : fp->second}};
    }
    return doc;
}

bool catalog::active(list_kind k, std::string_view name) const {
    auto const& list = items[static_cast<std::size_t>(k)];
    auto it = std::lower_bound(list.begin(), list.end(), name,
                               [](catalog_item const& i, std::string_view n) { return i.name < n; });
    return it != list.end() && it->name == name && it->active;
}

namespace {

std::vector<catalog_item> items_of(definitions const& d, activation const& a, list_kind k) {
    auto i = static_cast<std::size_t>(k);
    std::vector<catalog_item> out;
    out.reserve(d.items[i].size());
    for (auto const& [name, def] : d.items[i]) {
        auto set = a.of(k).find(name);
        bool on = set != a.of(k).end() ? set->second : !d.start_inactive[i].contains(name);
        out.push_back({name, definition_hash(def), on});
    }
    std::sort(out.begin(), out.end(), [](auto const& x, auto const& y) { return x.name < y.name; });
    return out;
}

// The kinds a channel covers, in a fixed order (resources, then templates).
std::vector<list_kind> kinds_of(std::string_view channel) {
    std::vector<list_kind> out;
    for (auto k : all_kinds)
        if (channel_of(k) == channel)
            out.push_back(k);
    return out;
}

template <class Keep>
std::string fingerprint_of(catalog const& c, std::string_view channel, Keep keep) {
    fingerprint fp;
    for (auto k : kinds_of(channel)) {
        fp.add(kind_name(k), 0); // so that a resource and a template of one name differ
        for (auto const& item : c.items[static_cast<std::size_t>(k)])
            if (item.active && keep(k, item))
                fp.add(item.name, item.definition);
    }
    return fp.hex();
}

} // namespace

catalog build_catalog(definitions const& d, activation const& a, std::int64_t revision) {
    catalog c;
    c.revision = revision;
    for (auto k : all_kinds)
        c.items[static_cast<std::size_t>(k)] = items_of(d, a, k);
    for (auto channel : all_channels)
        c.fingerprints.emplace(std::string(channel), fingerprint_of(c, channel, [](auto, auto const&) { return true; }));
    return c;
}

std::string visible_fingerprint(catalog const& c, std::string_view channel, visibility_filter const& filter,
                                session_view const& view) {
    if (!filter)
        return c.fingerprints.find(channel)->second;
    return fingerprint_of(c, channel, [&](list_kind k, catalog_item const& item) {
        return filter(listed_item{k, item.name}, view);
    });
}

std::vector<std::pair<std::string, std::string>> unseen_channels(catalog const& c, boost::json::object const& seen,
                                                                 visibility_filter const& filter,
                                                                 session_view const& view) {
    std::vector<std::pair<std::string, std::string>> out;
    for (auto channel : all_channels) {
        auto now = visible_fingerprint(c, channel, filter, view);
        auto const* told = seen.if_contains(channel);
        if (!told || !told->is_string() || told->as_string() != now)
            out.emplace_back(std::string(channel), std::move(now));
    }
    return out;
}

} // namespace mcp::detail
