// In-place applicators (allOf, anyOf, oneOf, not, if/then/else: 2020-12 core 10.2) and references ($ref,
// $dynamicRef: core 8.2.3). Branches that may fail without failing the whole run muted, and keep their
// annotations only when they pass.
#include <mcp/json/schema/keywords.hpp>

namespace mcp::json::schema {

namespace {

using boost::json::value;

class all_of final : public keyword {
public:
    explicit all_of(std::vector<node_id> schemas) : schemas_(std::move(schemas)) {}
    bool check(evaluation& ev, value const& instance, location const& at, annotations* out) const override {
        for (node_id id : schemas_)
            if (!ev.validate(id, instance, at, out))
                return false;
        return true;
    }

private:
    std::vector<node_id> schemas_;
};

class any_of final : public keyword {
public:
    explicit any_of(std::vector<node_id> schemas) : schemas_(std::move(schemas)) {}
    bool check(evaluation& ev, value const& instance, location const& at, annotations* out) const override {
        bool matched = false;
        {
            evaluation::muted quiet(ev);
            for (node_id id : schemas_) {
                annotations branch;
                if (!ev.validate(id, instance, at, out ? &branch : nullptr))
                    continue;
                matched = true;
                if (!out) // nobody needs the other branches' annotations
                    break;
                out->merge(branch);
            }
        }
        if (ev.aborted())
            return false;
        return matched || ev.fail(at, [] { return std::string("does not match any schema of anyOf"); });
    }

private:
    std::vector<node_id> schemas_;
};

class one_of final : public keyword {
public:
    explicit one_of(std::vector<node_id> schemas) : schemas_(std::move(schemas)) {}
    bool check(evaluation& ev, value const& instance, location const& at, annotations* out) const override {
        std::vector<std::size_t> matches;
        annotations kept;
        {
            evaluation::muted quiet(ev);
            for (std::size_t i = 0; i < schemas_.size() && matches.size() < 2; ++i) {
                annotations branch;
                if (!ev.validate(schemas_[i], instance, at, out ? &branch : nullptr))
                    continue;
                matches.push_back(i);
                kept = std::move(branch);
            }
        }
        if (ev.aborted())
            return false;
        if (matches.size() == 1) {
            if (out)
                out->merge(kept);
            return true;
        }
        if (matches.empty())
            return ev.fail(at, [] { return std::string("does not match any schema of oneOf"); });
        return ev.fail(at, [&] {
            return "matches more than one schema of oneOf (" + std::to_string(matches[0]) + " and " +
                   std::to_string(matches[1]) + ")";
        });
    }

private:
    std::vector<node_id> schemas_;
};

class not_keyword final : public keyword {
public:
    explicit not_keyword(node_id schema) : schema_(schema) {}
    bool check(evaluation& ev, value const& instance, location const& at, annotations*) const override {
        bool matched = false;
        {
            evaluation::muted quiet(ev);
            matched = ev.validate(schema_, instance, at, nullptr);
        }
        if (ev.aborted())
            return false;
        return !matched || ev.fail(at, [] { return std::string("must not match the schema of not"); });
    }

private:
    node_id schema_;
};

class if_keyword final : public keyword {
public:
    if_keyword(node_id condition, std::optional<node_id> then, std::optional<node_id> otherwise)
        : if_(condition), then_(then), else_(otherwise) {}
    bool check(evaluation& ev, value const& instance, location const& at, annotations* out) const override {
        annotations branch;
        bool holds = false;
        {
            evaluation::muted quiet(ev);
            holds = ev.validate(if_, instance, at, out ? &branch : nullptr);
        }
        if (ev.aborted())
            return false;
        if (!holds)
            return !else_ || ev.validate(*else_, instance, at, out);
        if (out)
            out->merge(branch);
        return !then_ || ev.validate(*then_, instance, at, out);
    }

private:
    node_id if_;
    std::optional<node_id> then_, else_;
};

class ref_keyword final : public keyword {
public:
    explicit ref_keyword(node_id target) : target_(target) {}
    bool check(evaluation& ev, value const& instance, location const& at, annotations* out) const override {
        return ev.follow(target_, instance, at, out);
    }

private:
    node_id target_;
};

class dynamic_ref_keyword final : public keyword {
public:
    dynamic_ref_keyword(node_id initial, std::optional<std::uint32_t> anchor)
        : initial_(initial), anchor_(anchor) {}
    bool check(evaluation& ev, value const& instance, location const& at, annotations* out) const override {
        node_id const target = anchor_ ? ev.dynamic_target(*anchor_, initial_) : initial_;
        return ev.follow(target, instance, at, out);
    }

private:
    node_id initial_;
    std::optional<std::uint32_t> anchor_;
};

std::optional<std::string_view> reference_text(compiler& c, std::string_view keyword) {
    value const& v = *c.get(keyword);
    if (!v.is_string()) {
        c.fail(keyword, "must be a string");
        return std::nullopt;
    }
    return std::string_view(v.get_string());
}

} // namespace

keyword_ptr build_ref(compiler& c) {
    auto const ref = reference_text(c, "$ref");
    if (!ref)
        return nullptr;
    node_id const target = c.reference("$ref", *ref);
    return c.failed() ? nullptr : std::make_unique<ref_keyword>(target);
}

keyword_ptr build_dynamic_ref(compiler& c) {
    auto const ref = reference_text(c, "$dynamicRef");
    if (!ref)
        return nullptr;
    auto const [initial, anchor] = c.dynamic_reference(*ref);
    return c.failed() ? nullptr : std::make_unique<dynamic_ref_keyword>(initial, anchor);
}

keyword_ptr build_all_of(compiler& c) {
    auto schemas = c.schema_list("allOf");
    return c.failed() ? nullptr : std::make_unique<all_of>(std::move(schemas));
}

keyword_ptr build_any_of(compiler& c) {
    auto schemas = c.schema_list("anyOf");
    return c.failed() ? nullptr : std::make_unique<any_of>(std::move(schemas));
}

keyword_ptr build_one_of(compiler& c) {
    auto schemas = c.schema_list("oneOf");
    return c.failed() ? nullptr : std::make_unique<one_of>(std::move(schemas));
}

keyword_ptr build_not(compiler& c) {
    auto const schema = c.schema_at("not");
    return c.failed() ? nullptr : std::make_unique<not_keyword>(*schema);
}

keyword_ptr build_if(compiler& c) {
    auto const condition = c.schema_at("if");
    auto const then = c.schema_at("then");
    auto const otherwise = c.schema_at("else");
    return c.failed() ? nullptr : std::make_unique<if_keyword>(*condition, then, otherwise);
}

} // namespace mcp::json::schema
