#include <mcp/http/exchange.hpp>

#include <algorithm>
#include <cctype>

namespace mcp::http {
std::string lowercase(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

headers::headers(std::initializer_list<std::pair<std::string, std::string>> fields) {
    for (auto const& [name, value] : fields) add(name, value);
}

std::optional<std::string_view> headers::get(std::string_view name) const {
    auto key = lowercase(name);
    for (auto const& [n, v] : fields_)
        if (n == key) return std::string_view(v);
    return std::nullopt;
}

std::optional<std::string> headers::get_joined(std::string_view name) const {
    auto key = lowercase(name);
    std::optional<std::string> out;
    for (auto const& [n, v] : fields_) {
        if (n != key) continue;
        if (out) out->append(", ").append(v);
        else out = v;
    }
    return out;
}

void headers::add(std::string_view name, std::string value) { fields_.emplace_back(lowercase(name), std::move(value)); }

void headers::set(std::string_view name, std::string value) {
    erase(name);
    add(name, std::move(value));
}

void headers::erase(std::string_view name) {
    auto key = lowercase(name);
    std::erase_if(fields_, [&](auto const& f) { return f.first == key; });
}

} // namespace mcp::http
