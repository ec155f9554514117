// Indexing schema documents: identifiers, anchors and dialects by location, and resolution of absolute URIs.
#include <mcp/json/schema/index.hpp>

#include <mcp/json/schema/dialect.hpp>

#include <array>
#include <string_view>

namespace mcp::json::schema {

namespace {

using boost::json::object;
using boost::json::value;
using error_text = std::optional<std::string>;

constexpr int max_schema_depth = 128;

// Keywords whose value is a schema, an object of schemas, or an array of schemas (2020-12 core section 10,
// draft-07 validation section 6), per dialect. Anything else is data and is not walked.
struct children_of {
    std::string_view keyword;
    enum { one, map, list } shape;
    bool in_2020, in_7;
};
constexpr std::array<children_of, 22> subschema_keywords{{
    {"additionalProperties", children_of::one, true, true},
    {"contains", children_of::one, true, true},
    {"propertyNames", children_of::one, true, true},
    {"not", children_of::one, true, true},
    {"if", children_of::one, true, true},
    {"then", children_of::one, true, true},
    {"else", children_of::one, true, true},
    {"items", children_of::one, true, true},
    {"unevaluatedItems", children_of::one, true, false},
    {"unevaluatedProperties", children_of::one, true, false},
    {"additionalItems", children_of::one, false, true},
    {"properties", children_of::map, true, true},
    {"patternProperties", children_of::map, true, true},
    {"definitions", children_of::map, true, true},
    {"$defs", children_of::map, true, false},
    {"dependentSchemas", children_of::map, true, false},
    {"dependencies", children_of::map, true, true},
    {"allOf", children_of::list, true, true},
    {"anyOf", children_of::list, true, true},
    {"oneOf", children_of::list, true, true},
    {"prefixItems", children_of::list, true, false},
    {"items", children_of::list, false, true},
}};

site child_site(site const& parent, std::string_view token) {
    site s = parent;
    s.where += '/';
    s.where += token;
    return s;
}

} // namespace

document_index::document_index(schema_documents const& documents) {
    for (auto const& [uri, document] : documents) {
        auto const absolute = resolve_uri(default_base, uri);
        if (absolute)
            registered_.emplace(absolute->base, &document);
    }
}

error_text document_index::add_root(value const& schema) {
    return add(schema, std::string(default_base), "", draft::v2020_12);
}

error_text document_index::add(value const& document, std::string const& uri, std::string label,
                               draft fallback) {
    site s;
    s.base = uri;
    s.resource = resource_for(uri, &document);
    s.dialect = fallback;
    s.where = std::move(label) + "#";
    return walk(document, std::move(s), 0);
}

std::uint32_t document_index::resource_for(std::string const& uri, value const* root) {
    auto const [it, added] = by_uri_.emplace(uri, static_cast<std::uint32_t>(resources_.size()));
    if (added)
        resources_.push_back({uri, root, {}});
    return it->second;
}

error_text document_index::walk(value const& v, site s, int depth) {
    if (depth > max_schema_depth)
        return s.where + ": the schema is nested deeper than " + std::to_string(max_schema_depth) + " levels";
    auto const* obj = v.if_object();
    if (!obj) {
        if (v.is_bool())
            sites_.emplace(&v, std::move(s));
        return std::nullopt; // not a schema: compile reports it if it is used as one
    }
    if (depth == 0 || obj->contains("$id"))
        if (auto e = apply_schema_keyword(*obj, s))
            return e;
    // draft-07 core section 8.3: every sibling of $ref is ignored, $id included.
    if (!(s.dialect == draft::v7 && obj->contains("$ref")))
        if (auto e = apply_id(v, s))
            return e;
    apply_anchors(v, s);
    sites_.emplace(&v, s);
    return walk_children(*obj, s, depth);
}

error_text document_index::walk_children(object const& schema, site const& s, int depth) {
    for (auto const& k : subschema_keywords) {
        auto const* child = schema.if_contains(k.keyword);
        if (!child || !(s.dialect == draft::v7 ? k.in_7 : k.in_2020))
            continue;
        site const here = child_site(s, pointer_token(k.keyword));
        error_text e;
        if (k.shape == children_of::one && (child->is_object() || child->is_bool())) {
            e = walk(*child, here, depth + 1);
        } else if (k.shape == children_of::map && child->is_object()) {
            for (auto const& [name, sub] : child->get_object())
                if (!e)
                    e = walk(sub, child_site(here, pointer_token(name)), depth + 1);
        } else if (k.shape == children_of::list && child->is_array()) {
            auto const& items = child->get_array();
            for (std::size_t i = 0; i < items.size() && !e; ++i)
                e = walk(items[i], child_site(here, std::to_string(i)), depth + 1);
        }
        if (e)
            return e;
    }
    return std::nullopt;
}

error_text document_index::apply_schema_keyword(object const& schema, site& s) const {
    auto const* declared = schema.if_contains("$schema");
    if (!declared)
        return std::nullopt;
    if (!declared->is_string())
        return s.where + ": $schema must be a string";
    auto const chosen = dialect_of(declared->get_string(), registered_);
    if (!chosen)
        return s.where + ": " + chosen.error();
    s.dialect = chosen->dialect;
    s.vocabularies = chosen->vocabularies;
    return std::nullopt;
}

error_text document_index::apply_id(value const& v, site& s) {
    auto const* id = v.get_object().if_contains("$id");
    if (!id)
        return std::nullopt;
    if (!id->is_string())
        return s.where + ": $id must be a string";
    auto const resolved = resolve_uri(s.base, id->get_string());
    if (!resolved)
        return s.where + ": $id " + resolved.error();
    if (!resolved->fragment.empty()) {
        if (s.dialect != draft::v7)
            return s.where + ": $id \"" + std::string(id->get_string()) + "\" has a fragment (use $anchor)";
        anchors_.emplace(resolved->base + "#" + resolved->fragment, &v); // draft-07: "#name" is an anchor
        if (id->get_string().starts_with("#"))
            return std::nullopt;
    }
    s.base = resolved->base;
    s.resource = resource_for(resolved->base, &v);
    return std::nullopt;
}

void document_index::apply_anchors(value const& v, site const& s) {
    if (s.dialect == draft::v7)
        return;
    auto const& obj = v.get_object();
    if (auto const* name = obj.if_contains("$anchor"); name && name->is_string())
        anchors_.emplace(s.base + "#" + std::string(name->get_string()), &v);
    if (auto const* name = obj.if_contains("$dynamicAnchor"); name && name->is_string()) {
        // 2020-12 core section 8.2.2: a $dynamicAnchor is also a plain-name fragment for $ref.
        anchors_.emplace(s.base + "#" + std::string(name->get_string()), &v);
        resources_[s.resource].dynamic_anchors.emplace_back(std::string(name->get_string()), &v);
    }
}

boost::system::result<target, std::string> document_index::find(uri_parts const& uri, draft referrer) {
    auto it = by_uri_.find(uri.base);
    if (it == by_uri_.end()) {
        auto const doc = registered_.find(uri.base);
        if (doc == registered_.end())
            return boost::system::result<target, std::string>(
                boost::system::in_place_error,
                "no schema has the URI \"" + uri.base +
                    "\" (nothing is fetched: register the document with compile)");
        if (auto e = add(*doc->second, uri.base, uri.base, referrer))
            return boost::system::result<target, std::string>(boost::system::in_place_error, *e);
        it = by_uri_.find(uri.base);
    }
    return find_fragment(it->second, uri);
}

boost::system::result<target, std::string> document_index::find_fragment(std::uint32_t r,
                                                                         uri_parts const& uri) const {
    resource const& res = resources_[r];
    value const* found = nullptr;
    if (uri.fragment.empty() || uri.fragment.front() == '/') {
        found = walk_pointer(*res.root, uri.fragment);
    } else if (auto const a = anchors_.find(uri.base + "#" + uri.fragment); a != anchors_.end()) {
        found = a->second;
    }
    if (!found)
        return boost::system::result<target, std::string>(
            boost::system::in_place_error, "nothing at \"" + uri.base + "#" + uri.fragment + "\"");
    if (auto const* s = site_of(found))
        return target{found, *s};
    // Reached through a keyword the walk does not know: its base is that of the resource it was found in.
    site const* const root_site = site_of(res.root);
    site s = root_site ? *root_site : site{};
    s.base = res.uri;
    s.resource = r;
    s.where = res.uri + "#" + uri.fragment;
    return target{found, std::move(s)};
}

site const* document_index::site_of(value const* schema) const {
    auto const it = sites_.find(schema);
    return it == sites_.end() ? nullptr : &it->second;
}

} // namespace mcp::json::schema
