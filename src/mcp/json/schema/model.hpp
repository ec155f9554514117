// The compiled form of a JSON Schema and the state of one validation over it. Internal to schema_validator:
// compile.cpp builds it, the keywords_*.cpp files implement its keywords, evaluation.cpp walks it.
//
//   compiled_schema: nodes[]  (one per schema object or boolean, keywords resolved; $ref is an index)
//        node: keywords[] --check(evaluation, instance, location, annotations*)--> bool
//
// Invariants: a compiled_schema is immutable after compile and shared by every copy of a schema_validator;
// everything a validation changes lives in one `evaluation` on the caller's stack. Regexes are RE2 (linear
// time, const matching is thread-safe). Recursion is bounded by `evaluation`'s limits, never by the stack.
#pragma once

#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mcp::json::schema {

using node_id = std::uint32_t;

// An instance location as a chain through the callers' frames: free to extend, turned into text
// ("items[2].qty") only when a failure is reported.
struct location {
    location const* parent = nullptr;
    std::string_view name;
    std::size_t index = 0;
    bool is_index = false;

    location member(std::string_view n) const { return {this, n, 0, false}; }
    location item(std::size_t i) const { return {this, {}, i, true}; }
};

std::string to_string(location const& at);

// Which members of an object and which items of an array the keywords at one instance location have
// evaluated, by position (2020-12 core section 11: what unevaluatedProperties and unevaluatedItems look at).
// Empty until the first mark; then as long as the instance.
struct annotations {
    std::vector<bool> properties;
    std::vector<bool> items;

    void mark_property(std::size_t i, std::size_t count);
    void mark_items(std::size_t from, std::size_t to, std::size_t count); // [from, to)
    void mark_item(std::size_t i, std::size_t count) { mark_items(i, i + 1, count); }
    void merge(annotations const& other);
};

class evaluation;

// One keyword (or a group that must be evaluated together, such as properties with additionalProperties).
class keyword {
public:
    virtual ~keyword() = default;
    // True when `instance` (at `at`) satisfies the keyword; when false, the reason has been given to `ev`.
    // `out` is non-null when the caller tracks evaluated members/items: mark what this keyword evaluated.
    virtual bool check(evaluation& ev, boost::json::value const& instance, location const& at,
                       annotations* out) const = 0;
};

using keyword_ptr = std::unique_ptr<keyword const>;

struct node {
    std::vector<keyword_ptr> keywords; // evaluation order: unevaluated* last
    std::uint32_t resource = 0;        // the schema resource it belongs to: the unit of the dynamic scope
    std::int8_t constant = -1;         // a boolean schema: 1 true, 0 false; -1 otherwise
    bool tracks = false;               // has unevaluated*: collects its keywords' annotations itself
};

struct compiled_schema {
    std::vector<node> nodes;
    // Per schema resource: its $dynamicAnchor names (interned) and their nodes (2020-12 core
    // section 8.2.3.2).
    std::vector<std::vector<std::pair<std::uint32_t, node_id>>> dynamic_anchors;
    node_id root = 0;
};

// One validation: the first failure, the dynamic scope, and the limits that keep recursion off the stack's
// edge.
class evaluation {
public:
    // Nested subschema evaluations (instance depth times the schema's own nesting); bounds the stack: at the
    // limit, under 300 KiB in a debug build, about 2 MiB under ASan (threads get 8 MiB). Parsed JSON is at most
    // 32 levels deep (Boost.JSON's default), far below it.
    static constexpr int max_nesting = 400;
    // References followed in a row without moving to another instance location: a cycle that consumes no
    // input.
    static constexpr int max_hops = 64;

    explicit evaluation(compiled_schema const& schema) : schema_(schema) {}

    // Applies node `id` to `instance`.
    bool validate(node_id id, boost::json::value const& instance, location const& at, annotations* out);
    // Applies the target of a $ref or $dynamicRef, counting the hop.
    bool follow(node_id target, boost::json::value const& instance, location const& at, annotations* out);
    // The outermost resource in the dynamic scope with a $dynamicAnchor `anchor`, else `fallback`.
    node_id dynamic_target(std::uint32_t anchor, node_id fallback) const;

    // Records a failure (unless muted or one is already recorded) and returns false. `reason` is a callable
    // returning the text, so that muted branches never build strings.
    template <class Reason>
    bool fail(location const& at, Reason&& reason) {
        if (muted_ == 0 && !failure_)
            record(at, std::forward<Reason>(reason)());
        return false;
    }
    // A limit was hit: the whole validation fails, even under `not` or inside a passing anyOf.
    bool aborted() const { return aborted_; }
    std::optional<std::string> const& failure() const { return failure_; }

    // While alive, failures are not recorded: anyOf/oneOf/not/if/contains try branches and give their own
    // reason.
    class muted {
    public:
        explicit muted(evaluation& ev) : ev_(ev) { ++ev_.muted_; }
        ~muted() { --ev_.muted_; }
        muted(muted const&) = delete;
        muted& operator=(muted const&) = delete;

    private:
        evaluation& ev_;
    };

private:
    struct scope {
        std::uint32_t resource;
        scope const* outer;
    };

    bool run(node const& n, boost::json::value const& instance, location const& at, annotations* out);
    bool abort(location const& at, std::string reason);
    void record(location const& at, std::string reason);

    compiled_schema const& schema_;
    scope const* scope_ = nullptr;
    boost::json::value const* hop_instance_ = nullptr;
    int hops_ = 0;
    int depth_ = 0;
    int muted_ = 0;
    bool aborted_ = false;
    std::optional<std::string> failure_;
};

} // namespace mcp::json::schema
