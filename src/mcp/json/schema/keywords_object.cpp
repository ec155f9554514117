// Object keywords: properties with patternProperties and additionalProperties, required, property counts,
// dependencies in both drafts' spellings, propertyNames, unevaluatedProperties.
#include <mcp/json/schema/keywords.hpp>

#include <mcp/json/schema/regex.hpp>
#include <mcp/json/schema/uri.hpp>

#include <algorithm>

namespace mcp::json::schema {

namespace {

using boost::json::value;

std::string quoted(std::string_view s) {
    return "\"" + std::string(s) + "\"";
}

// properties, patternProperties, additionalProperties (2020-12 core 10.3.2.1-3): one keyword, because
// additionalProperties applies to exactly the members the other two did not.
class members_keyword final : public keyword {
public:
    struct parts {
        std::vector<std::pair<std::string, node_id>> properties; // sorted by name
        std::vector<std::pair<regex, node_id>> patterns;
        std::optional<node_id> additional;
        bool additional_forbidden = false;
    };
    explicit members_keyword(parts p) : p_(std::move(p)) {}

    bool check(evaluation& ev, value const& instance, location const& at, annotations* out) const override {
        auto const* obj = instance.if_object();
        if (!obj)
            return true;
        std::size_t i = 0;
        for (auto const& member : *obj) {
            if (!check_member(ev, member.key(), member.value(), at, i, obj->size(), out))
                return false;
            ++i;
        }
        return true;
    }

private:
    bool check_member(evaluation& ev, std::string_view key, value const& v, location const& at, std::size_t i,
                      std::size_t n, annotations* out) const {
        location const here = at.member(key);
        bool matched = false;
        auto const named = std::lower_bound(p_.properties.begin(), p_.properties.end(), key,
                                            [](auto const& p, std::string_view k) { return p.first < k; });
        if (named != p_.properties.end() && named->first == key) {
            matched = true;
            if (!ev.validate(named->second, v, here, nullptr))
                return false;
        }
        for (auto const& [re, id] : p_.patterns) {
            if (!re.search(key))
                continue;
            matched = true;
            if (!ev.validate(id, v, here, nullptr))
                return false;
        }
        if (!matched && p_.additional) {
            if (p_.additional_forbidden)
                return ev.fail(at, [&] { return "unexpected property " + quoted(key); });
            matched = true;
            if (!ev.validate(*p_.additional, v, here, nullptr))
                return false;
        }
        if (matched && out)
            out->mark_property(i, n);
        return true;
    }

    parts p_;
};

class required_keyword final : public keyword {
public:
    explicit required_keyword(std::vector<std::string> names) : names_(std::move(names)) {}
    bool check(evaluation& ev, value const& instance, location const& at, annotations*) const override {
        auto const* obj = instance.if_object();
        if (!obj)
            return true;
        for (auto const& name : names_)
            if (!obj->contains(name))
                return ev.fail(at, [&] { return "missing required property " + quoted(name); });
        return true;
    }

private:
    std::vector<std::string> names_;
};

class property_count final : public keyword {
public:
    property_count(std::optional<std::size_t> min, std::optional<std::size_t> max) : min_(min), max_(max) {}
    bool check(evaluation& ev, value const& instance, location const& at, annotations*) const override {
        auto const* obj = instance.if_object();
        if (!obj)
            return true;
        if (min_ && obj->size() < *min_)
            return ev.fail(at, [&] { return "must have at least " + std::to_string(*min_) + " properties"; });
        if (max_ && obj->size() > *max_)
            return ev.fail(at, [&] { return "must have at most " + std::to_string(*max_) + " properties"; });
        return true;
    }

private:
    std::optional<std::size_t> min_, max_;
};

// dependentRequired and dependentSchemas (2020-12), or both as draft-07's dependencies: when a property is
// present, other properties must be, or the object must match a schema.
class dependent_keyword final : public keyword {
public:
    std::vector<std::pair<std::string, std::vector<std::string>>> required;
    std::vector<std::pair<std::string, node_id>> schemas;

    bool check(evaluation& ev, value const& instance, location const& at, annotations* out) const override {
        auto const* obj = instance.if_object();
        if (!obj)
            return true;
        for (auto const& dependency : required) {
            std::string const& name =
                dependency.first; // not a structured binding: clang 14 cannot capture those
            if (!obj->contains(name))
                continue;
            for (auto const& need : dependency.second)
                if (!obj->contains(need))
                    return ev.fail(at, [&] {
                        return "property " + quoted(name) + " requires property " + quoted(need);
                    });
        }
        for (auto const& [name, id] : schemas)
            if (obj->contains(name) && !ev.validate(id, instance, at, out))
                return false;
        return true;
    }
};

class property_names final : public keyword {
public:
    explicit property_names(node_id schema) : schema_(schema) {}
    bool check(evaluation& ev, value const& instance, location const& at, annotations*) const override {
        auto const* obj = instance.if_object();
        if (!obj)
            return true;
        for (auto const& member : *obj) {
            bool ok = false;
            {
                evaluation::muted quiet(ev);
                ok = ev.validate(schema_, value(member.key()), at.member(member.key()), nullptr);
            }
            if (ev.aborted())
                return false;
            if (!ok)
                return ev.fail(at, [&] {
                    return "property name " + quoted(member.key()) + " is not allowed by propertyNames";
                });
        }
        return true;
    }

private:
    node_id schema_;
};

// 2020-12 core 11.3: the members no adjacent keyword evaluated.
class unevaluated_properties final : public keyword {
public:
    unevaluated_properties(node_id schema, bool forbidden) : schema_(schema), forbidden_(forbidden) {}
    bool check(evaluation& ev, value const& instance, location const& at, annotations* out) const override {
        auto const* obj = instance.if_object();
        if (!obj || !out)
            return true;
        std::size_t i = 0;
        for (auto const& member : *obj) {
            bool const evaluated = i < out->properties.size() && out->properties[i];
            ++i;
            if (evaluated)
                continue;
            if (forbidden_)
                return ev.fail(at, [&] { return "unexpected property " + quoted(member.key()); });
            if (!ev.validate(schema_, member.value(), at.member(member.key()), nullptr))
                return false;
        }
        out->properties.assign(obj->size(), true);
        return true;
    }

private:
    node_id schema_;
    bool forbidden_;
};

bool is_false(value const* v) {
    return v && v->is_bool() && !v->get_bool();
}

std::vector<std::pair<regex, node_id>> pattern_schemas(compiler& c) {
    std::vector<std::pair<regex, node_id>> out;
    auto const schemas = c.schema_map("patternProperties");
    for (auto const& [source, id] : schemas) {
        auto re = regex::compile(source);
        if (!re) {
            c.fail("patternProperties/" + pointer_token(source), re.error());
            return {};
        }
        out.emplace_back(std::move(*re), id);
    }
    return out;
}

} // namespace

keyword_ptr build_members(compiler& c) {
    members_keyword::parts p;
    if (c.get("properties"))
        p.properties = c.schema_map("properties");
    std::sort(p.properties.begin(), p.properties.end());
    if (c.get("patternProperties") && !c.failed())
        p.patterns = pattern_schemas(c);
    p.additional = c.schema_at("additionalProperties");
    p.additional_forbidden = is_false(c.get("additionalProperties"));
    return c.failed() ? nullptr : std::make_unique<members_keyword>(std::move(p));
}

keyword_ptr build_required(compiler& c) {
    auto names = c.strings("required", *c.get("required"));
    return names ? std::make_unique<required_keyword>(std::move(*names)) : nullptr;
}

keyword_ptr build_property_count(compiler& c) {
    auto const min = c.count("minProperties");
    auto const max = c.count("maxProperties");
    return c.failed() ? nullptr : std::make_unique<property_count>(min, max);
}

keyword_ptr build_dependent_required(compiler& c) {
    value const& v = *c.get("dependentRequired");
    if (!v.is_object())
        return c.fail("dependentRequired", "must be an object whose values are arrays of strings");
    auto k = std::make_unique<dependent_keyword>();
    for (auto const& [name, needs] : v.get_object()) {
        auto names = c.strings("dependentRequired", needs);
        if (!names)
            return nullptr;
        k->required.emplace_back(std::string(name), std::move(*names));
    }
    return k;
}

keyword_ptr build_dependent_schemas(compiler& c) {
    auto k = std::make_unique<dependent_keyword>();
    k->schemas = c.schema_map("dependentSchemas");
    return c.failed() ? nullptr : std::move(k);
}

keyword_ptr build_dependencies(compiler& c) {
    value const& v = *c.get("dependencies");
    if (!v.is_object())
        return c.fail("dependencies", "must be an object");
    auto k = std::make_unique<dependent_keyword>();
    for (auto const& [name, dependency] : v.get_object()) {
        if (dependency.is_array()) {
            auto names = c.strings("dependencies", dependency);
            if (!names)
                return nullptr;
            k->required.emplace_back(std::string(name), std::move(*names));
        } else {
            k->schemas.emplace_back(std::string(name),
                                    c.subschema(dependency, "dependencies/" + pointer_token(name)));
        }
    }
    return c.failed() ? nullptr : std::move(k);
}

keyword_ptr build_property_names(compiler& c) {
    auto const schema = c.schema_at("propertyNames");
    return c.failed() ? nullptr : std::make_unique<property_names>(*schema);
}

keyword_ptr build_unevaluated_properties(compiler& c) {
    auto const schema = c.schema_at("unevaluatedProperties");
    if (c.failed())
        return nullptr;
    return std::make_unique<unevaluated_properties>(*schema, is_false(c.get("unevaluatedProperties")));
}

} // namespace mcp::json::schema
