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

} // namespace

std::optional<std::string_view> request_metadata::get(std::string_view name) const {
    auto it = is_lowercase(name) ? fields_.find(name) : fields_.find(lower(name));
    if (it == fields_.end())
        return std::nullopt;
    return it->second;
}

// Front doors pass names that are lowercase already (http::headers stores them so): no copy to look them up.
void request_metadata::set(std::string_view name, std::string value) {
    if (!is_lowercase(name)) {
        fields_[lower(name)] = std::move(value);
        return;
    }
    if (auto it = fields_.find(name); it != fields_.end())
        it->second = std::move(value);
    else
        fields_.emplace(std::string(name), std::move(value));
}

void request_metadata::erase(std::string_view name) {
    auto it = is_lowercase(name) ? fields_.find(name) : fields_.find(lower(name));
    if (it != fields_.end())
        fields_.erase(it);
}

} // namespace mcp
