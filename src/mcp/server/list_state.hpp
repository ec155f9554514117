// list_state: what decides which tools, prompts and resources a session sees, as plain values (no I/O, no
// locks): the kinds and their list_changed channels, the change mode, the stored activation document, the
// catalog an instance serves and the fingerprints that tell a session its list changed (docs/dynamic-tools.md).
//
//   definitions (the binary) + start_inactive (code) + activation (state store) --build_catalog--> catalog
//   catalog + visibility filter + session --visible_fingerprint--> compared with the session's lists_seen
//
// A fingerprint is FNV-1a 64 over the (name, definition) pairs of a list in name order, as 16 hex digits: the
// same definitions give the same fingerprint in every process of every build that serializes them alike.
#pragma once

#include <mcp/protocol/types.hpp>

#include <boost/json.hpp>

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace mcp {

enum class list_kind { tools, prompts, resources, resource_templates };

// fixed: the lists are what the binary registered before serving; capabilities say listChanged: false and
// changes while serving are refused. dynamic: listChanged: true; activate, deactivate, add and remove while
// serving, and every session of every instance is told.
enum class list_mode { fixed, dynamic };

// What a visibility filter is asked about: one item of a list, and the session that would see it.
struct listed_item {
    list_kind kind;
    std::string_view name; // a tool's or prompt's name, a resource's URI, a template's URI template
};
struct session_view {
    std::string_view id;
    boost::json::object const& state;          // the session's state (middleware may put a principal there)
    protocol::implementation const& client;    // the initialize request's clientInfo
};
// True when the session may see the item. Called for every item of a list on tools/list and friends, and after
// each request to notice that what a session sees changed: keep it cheap, and a pure function of its inputs.
using visibility_filter = std::function<bool(listed_item const&, session_view const&)>;

namespace detail {

inline constexpr std::array<list_kind, 4> all_kinds{list_kind::tools, list_kind::prompts, list_kind::resources,
                                                    list_kind::resource_templates};
// The channels a client is told of: "tools", "prompts", "resources" (templates share the resources one).
inline constexpr std::array<std::string_view, 3> all_channels{"tools", "prompts", "resources"};

std::string_view kind_name(list_kind k); // "tools", "prompts", "resources", "resourceTemplates"
std::string_view channel_of(list_kind k);
std::string list_changed_method(std::string_view channel); // "notifications/tools/list_changed", ...

std::uint64_t definition_hash(boost::json::value const& definition);

class fingerprint {
public:
    void add(std::string_view name, std::uint64_t definition);
    std::string hex() const;

private:
    std::uint64_t state_ = 0xcbf29ce484222325ULL; // FNV-1a 64 offset basis
    void mix(std::string_view bytes);
};

// The stored document's meaning: activations set while serving, by kind and name (true active, false
// inactive); a name not here keeps what the binary said. Names the binary does not define are kept (another
// version of the server may define them) and ignored here.
struct activation {
    std::array<std::map<std::string, bool, std::less<>>, 4> by_kind;
    std::map<std::string, bool, std::less<>>& of(list_kind k) { return by_kind[static_cast<std::size_t>(k)]; }
    std::map<std::string, bool, std::less<>> const& of(list_kind k) const {
        return by_kind[static_cast<std::size_t>(k)];
    }
};
// {"tools": {"active": {"name": bool, ...}, "fingerprint": "..."}, "prompts": ..., "resources": ...,
//  "resourceTemplates": ...}; a missing kind is an empty one. nullopt: not that shape (written by something else).
std::optional<activation> activation_from(boost::json::object const& document);
// The document for `a`, with each channel's fingerprint as this instance serves it (for operators comparing
// instances: a rolling deploy shows two).
boost::json::object to_document(activation const& a,
                                std::map<std::string, std::string, std::less<>> const& fingerprints);

// One item as an instance serves it.
struct catalog_item {
    std::string name;
    std::uint64_t definition = 0; // definition_hash of its JSON
    bool active = true;
};

// What one instance serves: every registered item with its activation, and each channel's fingerprint over
// the active ones. Immutable once built; shared by every request.
struct catalog {
    std::array<std::vector<catalog_item>, 4> items; // by kind, sorted by name
    std::map<std::string, std::string, std::less<>> fingerprints; // by channel, active items only
    std::int64_t revision = 0; // the state store's revision it reflects

    bool active(list_kind k, std::string_view name) const;
};

// What the binary registered, per kind: (name, definition JSON) in any order, and the names it starts inactive.
struct definitions {
    std::array<std::vector<std::pair<std::string, boost::json::value>>, 4> items;
    std::array<std::set<std::string, std::less<>>, 4> start_inactive;
};

catalog build_catalog(definitions const& d, activation const& a, std::int64_t revision);

// The fingerprint of `channel` as `view` sees it: the active items `filter` lets through (all active ones when
// the filter is empty, which is the catalog's own fingerprint).
std::string visible_fingerprint(catalog const& c, std::string_view channel, visibility_filter const& filter,
                                session_view const& view);

// The channels whose visible fingerprint differs from `seen` (the session's lists_seen), with the new value.
std::vector<std::pair<std::string, std::string>> unseen_channels(catalog const& c, boost::json::object const& seen,
                                                                 visibility_filter const& filter,
                                                                 session_view const& view);

} // namespace detail
} // namespace mcp
