// Array keywords: items in their 2020-12 (prefixItems + items) and draft-07 (items array + additionalItems)
// forms, contains with its bounds, item counts, uniqueItems, unevaluatedItems.
#include <mcp/json/schema/keywords.hpp>

#include <mcp/json/schema/values.hpp>

#include <algorithm>

namespace mcp::json::schema {

namespace {

using boost::json::value;

std::string plural(std::size_t n, std::string_view what) {
    return std::to_string(n) + " " + std::string(what) + (n == 1 ? "" : "s");
}

// prefixItems/items (2020-12 core 10.3.1) and items/additionalItems (draft-07 validation 6.4.1-2) alike:
// schemas by position, then one schema for the rest.
class items_keyword final : public keyword {
public:
    items_keyword(std::vector<node_id> prefix, std::optional<node_id> rest, bool rest_forbidden)
        : prefix_(std::move(prefix)), rest_(rest), rest_forbidden_(rest_forbidden) {}

    bool check(evaluation& ev, value const& instance, location const& at, annotations* out) const override {
        auto const* arr = instance.if_array();
        if (!arr)
            return true;
        std::size_t const n = arr->size();
        if (rest_forbidden_ && n > prefix_.size())
            return ev.fail(at, [&] { return "must have at most " + plural(prefix_.size(), "item"); });
        for (std::size_t i = 0; i < n; ++i) {
            std::optional<node_id> const id = i < prefix_.size() ? std::optional(prefix_[i]) : rest_;
            if (!id)
                break;
            if (!ev.validate(*id, (*arr)[i], at.item(i), nullptr))
                return false;
        }
        if (out)
            out->mark_items(0, rest_ ? n : std::min(n, prefix_.size()), n);
        return true;
    }

private:
    std::vector<node_id> prefix_;
    std::optional<node_id> rest_;
    bool rest_forbidden_;
};

class contains_keyword final : public keyword {
public:
    contains_keyword(node_id schema, std::size_t min, std::optional<std::size_t> max)
        : schema_(schema), min_(min), max_(max) {}

    bool check(evaluation& ev, value const& instance, location const& at, annotations* out) const override {
        auto const* arr = instance.if_array();
        if (!arr)
            return true;
        std::size_t const matched = count(ev, *arr, at, out);
        if (ev.aborted())
            return false;
        if (matched < min_)
            return ev.fail(
                at, [&] { return "must contain at least " + plural(min_, "item") + " matching contains"; });
        if (max_ && matched > *max_)
            return ev.fail(
                at, [&] { return "must contain at most " + plural(*max_, "item") + " matching contains"; });
        return true;
    }

private:
    // Items that match; stops early when the answer is known and no annotation (2020-12 core 10.3.1.3) is
    // wanted.
    std::size_t count(evaluation& ev, boost::json::array const& arr, location const& at,
                      annotations* out) const {
        evaluation::muted quiet(ev);
        std::size_t matched = 0;
        for (std::size_t i = 0; i < arr.size(); ++i) {
            if (!ev.validate(schema_, arr[i], at.item(i), nullptr))
                continue;
            ++matched;
            if (out)
                out->mark_item(i, arr.size());
            else if (max_ ? matched > *max_ : matched >= min_)
                break;
        }
        return matched;
    }

    node_id schema_;
    std::size_t min_;
    std::optional<std::size_t> max_;
};

class item_count final : public keyword {
public:
    item_count(std::optional<std::size_t> min, std::optional<std::size_t> max) : min_(min), max_(max) {}
    bool check(evaluation& ev, value const& instance, location const& at, annotations*) const override {
        auto const* arr = instance.if_array();
        if (!arr)
            return true;
        if (min_ && arr->size() < *min_)
            return ev.fail(at, [&] { return "must have at least " + plural(*min_, "item"); });
        if (max_ && arr->size() > *max_)
            return ev.fail(at, [&] { return "must have at most " + plural(*max_, "item"); });
        return true;
    }

private:
    std::optional<std::size_t> min_, max_;
};

// Sorting by hash keeps this O(n log n) in the array's size (comparing every pair would be quadratic in
// client input); only items with equal hashes are compared.
class unique_items final : public keyword {
public:
    bool check(evaluation& ev, value const& instance, location const& at, annotations*) const override {
        auto const* arr = instance.if_array();
        if (!arr || arr->size() < 2)
            return true;
        std::vector<std::pair<std::size_t, std::size_t>> by_hash; // (hash, index)
        by_hash.reserve(arr->size());
        for (std::size_t i = 0; i < arr->size(); ++i)
            by_hash.emplace_back(hash_of((*arr)[i]), i);
        std::sort(by_hash.begin(), by_hash.end());
        for (std::size_t first = 0; first < by_hash.size();) {
            std::size_t last = first + 1;
            while (last < by_hash.size() && by_hash[last].first == by_hash[first].first)
                ++last;
            if (auto const dup = duplicate(*arr, by_hash, first, last))
                return ev.fail(at, [&] {
                    return "must not contain duplicates (items " + std::to_string(dup->first) + " and " +
                           std::to_string(dup->second) + " are equal)";
                });
            first = last;
        }
        return true;
    }

private:
    // Two equal items among by_hash[first, last), which share a hash (usually just one item).
    static std::optional<std::pair<std::size_t, std::size_t>>
    duplicate(boost::json::array const& arr, std::vector<std::pair<std::size_t, std::size_t>> const& by_hash,
              std::size_t first, std::size_t last) {
        for (std::size_t a = first; a < last; ++a)
            for (std::size_t b = a + 1; b < last; ++b)
                if (equal(arr[by_hash[a].second], arr[by_hash[b].second]))
                    return std::pair(by_hash[a].second, by_hash[b].second);
        return std::nullopt;
    }
};

// 2020-12 core 11.2: the items no adjacent keyword evaluated.
class unevaluated_items final : public keyword {
public:
    explicit unevaluated_items(node_id schema) : schema_(schema) {}
    bool check(evaluation& ev, value const& instance, location const& at, annotations* out) const override {
        auto const* arr = instance.if_array();
        if (!arr || !out)
            return true;
        for (std::size_t i = 0; i < arr->size(); ++i) {
            bool const evaluated = i < out->items.size() && out->items[i];
            if (!evaluated && !ev.validate(schema_, (*arr)[i], at.item(i), nullptr))
                return false;
        }
        out->mark_items(0, arr->size(), arr->size());
        return true;
    }

private:
    node_id schema_;
};

bool is_false(value const* v) {
    return v && v->is_bool() && !v->get_bool();
}

} // namespace

keyword_ptr build_items_2020(compiler& c) {
    std::vector<node_id> prefix;
    if (c.get("prefixItems"))
        prefix = c.schema_list("prefixItems", true);
    value const* items = c.get("items");
    if (items && items->is_array())
        return c.fail("items", "must be a schema (in 2020-12 an array of schemas is prefixItems)");
    auto const rest = c.schema_at("items");
    if (c.failed())
        return nullptr;
    return std::make_unique<items_keyword>(std::move(prefix), rest, is_false(items));
}

keyword_ptr build_items_7(compiler& c) {
    value const* items = c.get("items");
    if (!items) // additionalItems alone is ignored (draft-07 validation 6.4.2)
        return nullptr;
    if (!items->is_array()) {
        auto const rest = c.schema_at("items");
        return c.failed() ? nullptr
                          : std::make_unique<items_keyword>(std::vector<node_id>{}, rest, is_false(items));
    }
    auto prefix = c.schema_list("items", true);
    auto const rest = c.schema_at("additionalItems");
    if (c.failed())
        return nullptr;
    return std::make_unique<items_keyword>(std::move(prefix), rest, is_false(c.get("additionalItems")));
}

keyword_ptr build_contains(compiler& c) {
    auto const schema = c.schema_at("contains");
    std::optional<std::size_t> min, max;
    if (c.here().dialect == draft::v2020_12 && (c.here().vocabularies & validation)) {
        min = c.count("minContains");
        max = c.count("maxContains");
    }
    if (c.failed())
        return nullptr;
    return std::make_unique<contains_keyword>(*schema, min.value_or(1), max);
}

keyword_ptr build_item_count(compiler& c) {
    auto const min = c.count("minItems");
    auto const max = c.count("maxItems");
    return c.failed() ? nullptr : std::make_unique<item_count>(min, max);
}

keyword_ptr build_unique_items(compiler& c) {
    value const& v = *c.get("uniqueItems");
    if (!v.is_bool())
        return c.fail("uniqueItems", "must be a boolean");
    return v.get_bool() ? std::make_unique<unique_items>() : nullptr;
}

keyword_ptr build_unevaluated_items(compiler& c) {
    auto const schema = c.schema_at("unevaluatedItems");
    return c.failed() ? nullptr : std::make_unique<unevaluated_items>(*schema);
}

} // namespace mcp::json::schema
