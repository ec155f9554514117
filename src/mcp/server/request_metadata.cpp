#include <mcp/server/request_metadata.hpp>

#include <algorithm>

namespace mcp {
namespace {

// ASCII only, as HTTP field names are (RFC 9110 section 5.1); std::tolower would consult the C locale for
// every character of every header of every request.
bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}

bool is_lowercase(std::string_view s) {
    return std::none_of(s.begin(), s.end(), is_upper);
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (is_upper(c))
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// `name` in lowercase: itself when it is already (front doors pass such names), else a copy kept in `buffer`.
std::string_view lowercase_in(std::string_view name, std::string& buffer) {
    if (is_lowercase(name))
        return name;
    buffer = lower(name);
    return buffer;
}

// Where the field named `lowercase_name` is, or would go, in fields sorted by name.
template <class Fields>
auto position(Fields& fields, std::string_view lowercase_name) {
    return std::lower_bound(fields.begin(), fields.end(), lowercase_name,
                            [](auto const& f, std::string_view n) { return f.first < n; });
}

} // namespace

bool is_reserved_metadata_name(std::string_view name) {
    for (std::string_view prefix : {"x-authorizer-", "x-lambda-", "x-mcp-auth-"})
        if (name.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), name.begin(),
                                                       [](char p, char c) { return p == (is_upper(c) ? char(c - 'A' + 'a') : c); }))
            return true;
    return false;
}

std::optional<std::string_view> request_metadata::get(std::string_view name) const {
    std::string buffer;
    auto key = lowercase_in(name, buffer);
    auto it = position(fields_, key);
    if (it == fields_.end() || it->first != key)
        return std::nullopt;
    return std::string_view(it->second);
}

request_metadata request_metadata::from_fields(std::vector<field> fields) {
    for (auto& f : fields)
        if (!is_lowercase(f.first))
            f.first = lower(f.first);
    std::stable_sort(fields.begin(), fields.end(), [](field const& a, field const& b) { return a.first < b.first; });
    // Of each run of one name, the last (set() semantics): move it down over the earlier ones.
    std::size_t kept = 0;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i + 1 < fields.size() && fields[i + 1].first == fields[i].first)
            continue;
        if (kept != i)
            fields[kept] = std::move(fields[i]);
        ++kept;
    }
    fields.resize(kept);
    request_metadata m;
    m.fields_ = std::move(fields);
    return m;
}

void request_metadata::set(std::string_view name, std::string value) {
    std::string buffer;
    auto key = lowercase_in(name, buffer);
    auto it = position(fields_, key);
    if (it != fields_.end() && it->first == key)
        it->second = std::move(value);
    else
        fields_.emplace(it, std::string(key), std::move(value));
}

void request_metadata::erase(std::string_view name) {
    std::string buffer;
    auto key = lowercase_in(name, buffer);
    auto it = position(fields_, key);
    if (it != fields_.end() && it->first == key)
        fields_.erase(it);
}

} // namespace mcp
