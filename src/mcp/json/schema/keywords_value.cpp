// Assertions on any instance (type, enum, const), on numbers and on strings: 2020-12 validation
// sections 6.1-6.3, draft-07 validation sections 6.1-6.3.
#include <mcp/json/schema/keywords.hpp>

#include <mcp/json/schema/regex.hpp>
#include <mcp/json/schema/values.hpp>

#include <array>

namespace mcp::json::schema {

namespace {

using boost::json::value;

constexpr std::array<std::string_view, 7> type_names{"null",   "boolean", "integer", "number",
                                                     "string", "array",   "object"};

unsigned type_bits(value const& v) {
    switch (v.kind()) {
    case boost::json::kind::null:
        return 1u << 0;
    case boost::json::kind::bool_:
        return 1u << 1;
    case boost::json::kind::string:
        return 1u << 4;
    case boost::json::kind::array:
        return 1u << 5;
    case boost::json::kind::object:
        return 1u << 6;
    default:
        return is_integer(v) ? (1u << 2 | 1u << 3) : 1u << 3; // every integer is a number
    }
}

class type_keyword final : public keyword {
public:
    type_keyword(unsigned allowed, std::string names) : allowed_(allowed), names_(std::move(names)) {}
    bool check(evaluation& ev, value const& instance, location const& at, annotations*) const override {
        return (type_bits(instance) & allowed_) || ev.fail(at, [&] { return "expected " + names_; });
    }

private:
    unsigned allowed_;
    std::string names_; // "integer or null"
};

class enum_keyword final : public keyword {
public:
    explicit enum_keyword(boost::json::array values) : values_(std::move(values)) {}
    bool check(evaluation& ev, value const& instance, location const& at, annotations*) const override {
        for (auto const& v : values_.get_array())
            if (equal(v, instance))
                return true;
        return ev.fail(at, [&] { return "must be one of " + short_text(values_); });
    }

private:
    value values_;
};

class const_keyword final : public keyword {
public:
    explicit const_keyword(value v) : value_(std::move(v)) {}
    bool check(evaluation& ev, value const& instance, location const& at, annotations*) const override {
        return equal(value_, instance) || ev.fail(at, [&] { return "must be " + short_text(value_); });
    }

private:
    value value_;
};

class number_bounds final : public keyword {
public:
    struct bound {
        std::optional<value> limit;
        std::string_view relation; // as the message shows it: "<="
        bool (*holds)(std::partial_ordering);
    };
    explicit number_bounds(std::array<bound, 4> bounds) : bounds_(std::move(bounds)) {}
    bool check(evaluation& ev, value const& instance, location const& at, annotations*) const override {
        if (!instance.is_number())
            return true;
        for (auto const& b : bounds_)
            if (b.limit && !b.holds(compare_numbers(instance, *b.limit)))
                return ev.fail(
                    at, [&] { return "must be " + std::string(b.relation) + " " + short_text(*b.limit); });
        return true;
    }

private:
    std::array<bound, 4> bounds_;
};

class multiple_of final : public keyword {
public:
    explicit multiple_of(value divisor) : divisor_(std::move(divisor)) {}
    bool check(evaluation& ev, value const& instance, location const& at, annotations*) const override {
        return !instance.is_number() || is_multiple_of(instance, divisor_) ||
               ev.fail(at, [&] { return "must be a multiple of " + short_text(divisor_); });
    }

private:
    value divisor_;
};

class string_length final : public keyword {
public:
    string_length(std::optional<std::size_t> min, std::optional<std::size_t> max) : min_(min), max_(max) {}
    bool check(evaluation& ev, value const& instance, location const& at, annotations*) const override {
        if (!instance.is_string())
            return true;
        std::size_t const n = code_points(instance.get_string());
        if (min_ && n < *min_)
            return ev.fail(at,
                           [&] { return "must be at least " + std::to_string(*min_) + " characters long"; });
        if (max_ && n > *max_)
            return ev.fail(at,
                           [&] { return "must be at most " + std::to_string(*max_) + " characters long"; });
        return true;
    }

private:
    std::optional<std::size_t> min_, max_;
};

class pattern_keyword final : public keyword {
public:
    explicit pattern_keyword(regex re) : re_(std::move(re)) {}
    bool check(evaluation& ev, value const& instance, location const& at, annotations*) const override {
        return !instance.is_string() || re_.search(instance.get_string()) ||
               ev.fail(at, [&] { return "must match the pattern \"" + re_.source() + "\""; });
    }

private:
    regex re_;
};

std::optional<unsigned> type_bit(std::string_view name) {
    for (std::size_t i = 0; i < type_names.size(); ++i)
        if (type_names[i] == name)
            return 1u << i;
    return std::nullopt;
}

} // namespace

keyword_ptr build_type(compiler& c) {
    value const& v = *c.get("type");
    boost::json::array const names = v.is_array() ? v.get_array() : boost::json::array{v};
    unsigned allowed = 0;
    std::string text;
    for (auto const& name : names) {
        auto const bit = name.is_string() ? type_bit(name.get_string()) : std::nullopt;
        if (!bit)
            return c.fail("type", "must be a type name or an array of them");
        allowed |= *bit;
        text += (text.empty() ? "" : " or ") + std::string(name.get_string());
    }
    return std::make_unique<type_keyword>(allowed, std::move(text));
}

keyword_ptr build_enum(compiler& c) {
    value const& v = *c.get("enum");
    if (!v.is_array())
        return c.fail("enum", "must be an array");
    return std::make_unique<enum_keyword>(v.get_array());
}

keyword_ptr build_const(compiler& c) {
    return std::make_unique<const_keyword>(*c.get("const"));
}

keyword_ptr build_number_bounds(compiler& c) {
    auto limit = [&](std::string_view k) -> std::optional<value> {
        value const* v = c.number(k);
        return v ? std::optional<value>(*v) : std::nullopt;
    };
    std::array<number_bounds::bound, 4> bounds{{
        {limit("minimum"), ">=", [](std::partial_ordering o) { return o >= 0; }},
        {limit("exclusiveMinimum"), ">", [](std::partial_ordering o) { return o > 0; }},
        {limit("maximum"), "<=", [](std::partial_ordering o) { return o <= 0; }},
        {limit("exclusiveMaximum"), "<", [](std::partial_ordering o) { return o < 0; }},
    }};
    if (c.failed())
        return nullptr;
    return std::make_unique<number_bounds>(std::move(bounds));
}

keyword_ptr build_multiple_of(compiler& c) {
    value const* v = c.number("multipleOf");
    if (!v)
        return nullptr;
    if (v->to_number<double>() <= 0)
        return c.fail("multipleOf", "must be greater than 0");
    return std::make_unique<multiple_of>(*v);
}

keyword_ptr build_string_length(compiler& c) {
    auto const min = c.count("minLength");
    auto const max = c.count("maxLength");
    if (c.failed())
        return nullptr;
    return std::make_unique<string_length>(min, max);
}

keyword_ptr build_pattern(compiler& c) {
    value const& v = *c.get("pattern");
    if (!v.is_string())
        return c.fail("pattern", "must be a string");
    auto re = regex::compile(v.get_string());
    if (!re)
        return c.fail("pattern", re.error());
    return std::make_unique<pattern_keyword>(std::move(*re));
}

} // namespace mcp::json::schema
