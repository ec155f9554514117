// Walking a compiled schema over an instance: nesting limits, the dynamic scope, annotations, failure text.
#include <mcp/json/schema/model.hpp>

#include <algorithm>

namespace mcp::json::schema {

std::string to_string(location const& at) {
    std::vector<location const*> chain;
    for (location const* l = &at; l->parent; l = l->parent)
        chain.push_back(l);
    std::string out;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        if ((*it)->is_index) {
            out += '[' + std::to_string((*it)->index) + ']';
        } else {
            if (!out.empty())
                out += '.';
            out += (*it)->name;
        }
    }
    return out;
}

void annotations::mark_property(std::size_t i, std::size_t count) {
    properties.resize(count);
    properties[i] = true;
}

void annotations::mark_items(std::size_t from, std::size_t to, std::size_t count) {
    items.resize(count);
    std::fill(items.begin() + std::ptrdiff_t(std::min(from, count)),
              items.begin() + std::ptrdiff_t(std::min(to, count)), true);
}

namespace {

void merge_bits(std::vector<bool>& into, std::vector<bool> const& from) {
    if (from.empty())
        return;
    into.resize(from.size());
    for (std::size_t i = 0; i < from.size(); ++i)
        if (from[i])
            into[i] = true;
}

} // namespace

void annotations::merge(annotations const& other) {
    merge_bits(properties, other.properties);
    merge_bits(items, other.items);
}

bool evaluation::validate(node_id id, boost::json::value const& instance, location const& at,
                          annotations* out) {
    if (aborted_)
        return false;
    node const& n = schema_.nodes[id];
    if (n.constant >= 0)
        return n.constant == 1 ||
               fail(at, [] { return std::string("not allowed here (the schema is false)"); });
    if (depth_ >= max_nesting)
        return abort(at, "the instance and schema are nested deeper than " + std::to_string(max_nesting) +
                             " subschemas");
    // 2020-12 core section 7.1: entering another schema resource extends the dynamic scope.
    scope const entered{n.resource, scope_};
    scope const* const outer = scope_;
    if (!scope_ || scope_->resource != n.resource)
        scope_ = &entered;
    ++depth_;
    bool const ok = run(n, instance, at, out);
    --depth_;
    scope_ = outer;
    return ok;
}

bool evaluation::run(node const& n, boost::json::value const& instance, location const& at,
                     annotations* out) {
    if (!n.tracks) {
        for (auto const& k : n.keywords)
            if (!k->check(*this, instance, at, out))
                return false;
        return true;
    }
    // unevaluated* needs what its siblings evaluated, whether or not the caller asked.
    annotations local;
    for (auto const& k : n.keywords)
        if (!k->check(*this, instance, at, &local))
            return false;
    if (out)
        out->merge(local);
    return true;
}

bool evaluation::follow(node_id target, boost::json::value const& instance, location const& at,
                        annotations* out) {
    auto const* const saved_instance = hop_instance_;
    int const saved_hops = hops_;
    hops_ = &instance == hop_instance_ ? hops_ + 1 : 1;
    hop_instance_ = &instance;
    bool const ok = hops_ > max_hops
                        ? abort(at, "more than " + std::to_string(max_hops) +
                                        " references followed without consuming input (a $ref cycle)")
                        : validate(target, instance, at, out);
    hop_instance_ = saved_instance;
    hops_ = saved_hops;
    return ok;
}

node_id evaluation::dynamic_target(std::uint32_t anchor, node_id fallback) const {
    node_id found = fallback;
    for (scope const* s = scope_; s; s = s->outer) { // innermost first: the last match is the outermost
        auto const& anchors = schema_.dynamic_anchors[s->resource];
        auto const it =
            std::find_if(anchors.begin(), anchors.end(), [&](auto const& a) { return a.first == anchor; });
        if (it != anchors.end())
            found = it->second;
    }
    return found;
}

bool evaluation::abort(location const& at, std::string reason) {
    if (aborted_) // the first limit hit names the place; later ones are its echoes
        return false;
    aborted_ = true;
    failure_.reset();
    record(at, std::move(reason));
    return false;
}

void evaluation::record(location const& at, std::string reason) {
    std::string const path = to_string(at);
    failure_ = path.empty() ? std::move(reason) : path + ": " + reason;
}

} // namespace mcp::json::schema
