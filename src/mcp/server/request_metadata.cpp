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
std::size_t position(core::field_list const& fields, std::string_view lowercase_name) {
    std::size_t low = 0, high = fields.size();
    while (low < high) {
        auto mid = low + (high - low) / 2;
        if (fields[mid].first < lowercase_name)
            low = mid + 1;
        else
            high = mid;
    }
    return low;
}

} // namespace

bool is_reserved_metadata_name(std::string_view name) {
    for (std::string_view prefix : {"x-authorizer-", "x-lambda-", "x-mcp-auth-"})
        if (name.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), name.begin(),
                                                       [](char p, char c) { return p == (is_upper(c) ? char(c - 'A' + 'a') : c); }))
            return true;
    return false;
}

request_metadata request_metadata::from_fields(core::field_list fields) {
    for (std::size_t i = 0; i < fields.size(); ++i)
        fields.lowercase_name(i); // a no-op on the lowercase names front doors pass
    fields.sort_keeping_last();
    request_metadata m;
    m.fields_ = std::move(fields);
    return m;
}

std::optional<std::string_view> request_metadata::get(std::string_view name) const {
    std::string buffer;
    auto key = lowercase_in(name, buffer);
    auto i = position(fields_, key);
    if (i == fields_.size() || fields_[i].first != key)
        return std::nullopt;
    return fields_[i].second;
}

void request_metadata::set(std::string_view name, std::string_view value) {
    std::string buffer;
    auto key = lowercase_in(name, buffer);
    auto i = position(fields_, key);
    if (i != fields_.size() && fields_[i].first == key)
        fields_.set_value(i, value);
    else
        fields_.insert(i, key, value);
}

void request_metadata::erase(std::string_view name) {
    std::string buffer;
    auto key = lowercase_in(name, buffer);
    auto i = position(fields_, key);
    if (i != fields_.size() && fields_[i].first == key)
        fields_.erase(i);
}

} // namespace mcp
