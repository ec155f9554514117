// The compile loop: which builder runs for which keyword (per dialect and vocabulary), schema locations to
// nodes, references to node indices.
#include <mcp/json/schema/compile.hpp>

#include <mcp/json/schema/keywords.hpp>
#include <mcp/json/schema/values.hpp>

#include <algorithm>
#include <array>
#include <cstdint>

namespace mcp::json::schema {

namespace {

using boost::json::value;

constexpr std::uint8_t in_2020 = 1, in_7 = 2, in_both = 3;

struct builder {
    std::array<std::string_view, 4> keywords; // any of them present runs the builder once
    std::uint8_t drafts;
    std::uint8_t vocabulary; // 0: core, always on
    keyword_ptr (*build)(compiler&);
    bool unevaluated = false;
};

// In evaluation order: cheap assertions first, unevaluated* last (they read what the others evaluated).
constexpr builder builders[] = {
    {{"type"}, in_both, validation, build_type},
    {{"enum"}, in_both, validation, build_enum},
    {{"const"}, in_both, validation, build_const},
    {{"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"},
     in_both,
     validation,
     build_number_bounds},
    {{"multipleOf"}, in_both, validation, build_multiple_of},
    {{"minLength", "maxLength"}, in_both, validation, build_string_length},
    {{"pattern"}, in_both, validation, build_pattern},
    {{"minItems", "maxItems"}, in_both, validation, build_item_count},
    {{"uniqueItems"}, in_both, validation, build_unique_items},
    {{"required"}, in_both, validation, build_required},
    {{"minProperties", "maxProperties"}, in_both, validation, build_property_count},
    {{"dependentRequired"}, in_2020, validation, build_dependent_required},
    {{"$ref"}, in_both, 0, build_ref},
    {{"$dynamicRef"}, in_2020, 0, build_dynamic_ref},
    {{"prefixItems", "items"}, in_2020, applicator, build_items_2020},
    {{"items", "additionalItems"}, in_7, applicator, build_items_7},
    {{"contains"}, in_both, applicator, build_contains},
    {{"properties", "patternProperties", "additionalProperties"}, in_both, applicator, build_members},
    {{"dependentSchemas"}, in_2020, applicator, build_dependent_schemas},
    {{"dependencies"}, in_both, applicator, build_dependencies}, // 2020-12: kept for compatibility
    {{"propertyNames"}, in_both, applicator, build_property_names},
    {{"allOf"}, in_both, applicator, build_all_of},
    {{"anyOf"}, in_both, applicator, build_any_of},
    {{"oneOf"}, in_both, applicator, build_one_of},
    {{"not"}, in_both, applicator, build_not},
    {{"if"}, in_both, applicator, build_if},
    {{"unevaluatedItems"}, in_2020, unevaluated, build_unevaluated_items, true},
    {{"unevaluatedProperties"}, in_2020, unevaluated, build_unevaluated_properties, true},
};

bool applies(builder const& b, boost::json::object const& schema, site const& here) {
    if (!(b.drafts & (here.dialect == draft::v7 ? in_7 : in_2020)))
        return false;
    if (b.vocabulary && !(here.vocabularies & b.vocabulary))
        return false;
    // draft-07 core section 8.3: an object with "$ref" is only that reference.
    if (here.dialect == draft::v7 && schema.contains("$ref") && b.keywords[0] != "$ref")
        return false;
    return std::any_of(b.keywords.begin(), b.keywords.end(),
                       [&](std::string_view k) { return !k.empty() && schema.contains(k); });
}

} // namespace

boost::system::result<std::shared_ptr<compiled_schema const>, std::string> compiler::run(value const& root) {
    using result = boost::system::result<std::shared_ptr<compiled_schema const>, std::string>;
    if (auto e = index_.add_root(root))
        return result(boost::system::in_place_error, *e);
    site const* s = index_.site_of(&root);
    if (!s)
        return result(boost::system::in_place_error, "a schema must be an object or a boolean");
    out_.root = node_for(root, *s);
    while (next_ < out_.nodes.size() && !failed())
        compile_next();
    if (failed())
        return result(boost::system::in_place_error, *error_);
    out_.dynamic_anchors.resize(index_.resource_count());
    return std::make_shared<compiled_schema const>(std::move(out_));
}

node_id compiler::node_for(value const& v, site const& s) {
    if (auto const it = nodes_.find(&v); it != nodes_.end())
        return it->second;
    auto const id = static_cast<node_id>(out_.nodes.size());
    out_.nodes.emplace_back().resource = s.resource;
    nodes_.emplace(&v, id);
    sources_.emplace_back(&v, s);
    use_resource(s.resource);
    return id;
}

// A resource in use may be in the dynamic scope: its $dynamicAnchors must be compiled and findable.
void compiler::use_resource(std::uint32_t r) {
    if (r >= resources_used_.size())
        resources_used_.resize(std::max<std::size_t>(r + 1, index_.resource_count()));
    if (resources_used_[r])
        return;
    resources_used_[r] = true;
    auto const anchors = index_.resource_at(r).dynamic_anchors; // a copy: compiling may index more documents
    for (auto const& [name, schema] : anchors) {
        node_id const id = node_for(*schema, *index_.site_of(schema));
        auto const name_id =
            anchor_names_.emplace(name, static_cast<std::uint32_t>(anchor_names_.size())).first;
        if (out_.dynamic_anchors.size() <= r)
            out_.dynamic_anchors.resize(r + 1);
        out_.dynamic_anchors[r].emplace_back(name_id->second, id);
    }
}

void compiler::compile_next() {
    node_id const id = static_cast<node_id>(next_++);
    value const& v = *sources_[id].first;
    here_ = sources_[id].second; // a copy: compiling adds sources
    if (v.is_bool()) {
        out_.nodes[id].constant = v.get_bool() ? 1 : 0;
    } else if (v.is_object()) {
        schema_ = &v.get_object();
        compile_object(id, *schema_);
    } else {
        error_ = here_.where + ": a schema must be an object or a boolean";
    }
}

void compiler::compile_object(node_id id, boost::json::object const& obj) {
    std::vector<keyword_ptr> keywords;
    bool tracks = false;
    for (auto const& b : builders) {
        if (!applies(b, obj, here_))
            continue;
        keyword_ptr k = b.build(*this);
        if (failed())
            return;
        if (k) {
            tracks = tracks || b.unevaluated;
            keywords.push_back(std::move(k));
        }
    }
    node& n = out_.nodes[id]; // only now: the builders grew out_.nodes
    n.keywords = std::move(keywords);
    n.tracks = tracks;
}

node_id compiler::subschema(value const& v, std::string const& path) {
    if (!v.is_object() && !v.is_bool()) {
        fail(path, "must be a schema (an object or a boolean)");
        return 0;
    }
    if (site const* s = index_.site_of(&v))
        return node_for(v, *s);
    site s = here_; // not reached by the index walk: inherits from the schema it sits in
    s.where += "/" + path;
    return node_for(v, s);
}

boost::system::result<target, std::string> compiler::resolve(std::string_view ref) {
    auto const uri = resolve_uri(here_.base, ref);
    if (!uri)
        return boost::system::result<target, std::string>(boost::system::in_place_error, uri.error());
    return index_.find(*uri, here_.dialect);
}

node_id compiler::reference(std::string_view keyword, std::string_view ref) {
    auto const t = resolve(ref);
    if (!t) {
        fail(keyword, "cannot resolve \"" + std::string(ref) + "\": " + t.error());
        return 0;
    }
    return node_for(*t->schema, t->at);
}

std::pair<node_id, std::optional<std::uint32_t>> compiler::dynamic_reference(std::string_view ref) {
    node_id const id = reference("$dynamicRef", ref);
    auto const uri = resolve_uri(here_.base, ref);
    if (failed() || !uri || uri->fragment.empty() || uri->fragment.front() == '/')
        return {id, std::nullopt};
    auto const& target = *sources_[id].first;
    auto const* anchor = target.is_object() ? target.get_object().if_contains("$dynamicAnchor") : nullptr;
    if (!anchor || *anchor != value(uri->fragment))
        return {id, std::nullopt}; // no bookend: a plain $ref
    auto const name =
        anchor_names_.emplace(uri->fragment, static_cast<std::uint32_t>(anchor_names_.size())).first;
    return {id, name->second};
}

std::nullptr_t compiler::fail(std::string_view keyword, std::string const& reason) {
    if (!error_)
        error_ = here_.where + "/" + std::string(keyword) + ": " + reason;
    return nullptr;
}

// --- typed reads for the builders ---

value const* compiler::number(std::string_view keyword) {
    value const* v = get(keyword);
    if (v && !v->is_number()) {
        fail(keyword, "must be a number");
        return nullptr;
    }
    return v;
}

std::optional<std::size_t> compiler::count(std::string_view keyword) {
    value const* v = get(keyword);
    if (!v)
        return std::nullopt;
    if (!v->is_number() || !is_integer(*v) || v->to_number<double>() < 0) {
        fail(keyword, "must be a non-negative integer");
        return std::nullopt;
    }
    if (v->is_double()) // 2020-12 validation section 6: 2.0 is an integer too
        return v->get_double() >= 1.8e19 ? SIZE_MAX : static_cast<std::size_t>(v->get_double());
    return v->to_number<std::size_t>();
}

std::optional<std::vector<std::string>> compiler::strings(std::string_view keyword, value const& v) {
    std::vector<std::string> out;
    if (v.is_array()) {
        for (auto const& item : v.get_array()) {
            if (!item.is_string())
                break;
            out.emplace_back(item.get_string());
        }
        if (out.size() == v.get_array().size())
            return out;
    }
    fail(keyword, "must be an array of strings");
    return std::nullopt;
}

std::optional<node_id> compiler::schema_at(std::string_view keyword) {
    value const* v = get(keyword);
    if (!v)
        return std::nullopt;
    return subschema(*v, pointer_token(keyword));
}

std::vector<node_id> compiler::schema_list(std::string_view keyword, bool may_be_empty) {
    std::vector<node_id> out;
    value const* v = get(keyword);
    if (!v || !v->is_array() || (v->get_array().empty() && !may_be_empty)) {
        fail(keyword, may_be_empty ? "must be an array of schemas" : "must be a non-empty array of schemas");
        return out;
    }
    auto const& items = v->get_array();
    for (std::size_t i = 0; i < items.size() && !failed(); ++i)
        out.push_back(subschema(items[i], pointer_token(keyword) + "/" + std::to_string(i)));
    return out;
}

std::vector<std::pair<std::string, node_id>> compiler::schema_map(std::string_view keyword) {
    std::vector<std::pair<std::string, node_id>> out;
    value const* v = get(keyword);
    if (!v || !v->is_object()) {
        fail(keyword, "must be an object whose values are schemas");
        return out;
    }
    for (auto const& [name, sub] : v->get_object()) {
        if (failed())
            break;
        out.emplace_back(std::string(name),
                         subschema(sub, pointer_token(keyword) + "/" + pointer_token(name)));
    }
    return out;
}

} // namespace mcp::json::schema
