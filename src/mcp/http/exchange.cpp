#include <mcp/http/exchange.hpp>

#include <algorithm>

namespace mcp::http {
namespace {

// ASCII only, without the locale: header names and media types are ASCII (RFC 9110).
char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// `stored` is lowercase already (every name is stored lowercase); `name` may be in any case.
bool same_name(std::string_view stored, std::string_view name) {
    return stored.size() == name.size() && std::equal(stored.begin(), stored.end(), name.begin(),
                                                      [](char s, char n) { return s == lower(n); });
}

} // namespace

std::string lowercase(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        c = lower(c);
    return out;
}

std::string printable(std::string_view value, std::size_t limit) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (i == limit)
            return out + "...";
        auto const c = static_cast<unsigned char>(value[i]);
        if (c >= 0x20 && c < 0x7f && c != '\\') {
            out += static_cast<char>(c);
        } else {
            out += "\\x";
            out += digits[c >> 4];
            out += digits[c & 0x0f];
        }
    }
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

bool is_token(std::string_view s) {
    static constexpr std::string_view marks = "!#$%&'*+-.^_`|~";
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               marks.find(c) != marks.npos;
    });
}

headers::headers(std::initializer_list<std::pair<std::string_view, std::string_view>> fields) {
    std::size_t bytes = 0;
    for (auto const& [name, value] : fields)
        bytes += name.size() + value.size();
    fields_.reserve(fields.size(), bytes);
    for (auto const& [name, value] : fields)
        add(name, value);
}

std::optional<std::string_view> headers::get(std::string_view name) const {
    for (auto [n, v] : fields_)
        if (same_name(n, name))
            return v;
    return std::nullopt;
}

std::optional<std::string> headers::get_joined(std::string_view name) const {
    std::optional<std::string> out;
    for (auto [n, v] : fields_) {
        if (!same_name(n, name))
            continue;
        if (out)
            out->append(", ").append(v);
        else
            out = std::string(v);
    }
    return out;
}

std::optional<std::string_view> headers::get_joined(std::string_view name, std::string& buffer) const {
    std::optional<std::string_view> first;
    for (auto [n, v] : fields_) {
        if (!same_name(n, name))
            continue;
        if (!first) {
            first = v;
        } else {
            buffer = *get_joined(name);
            return buffer;
        }
    }
    return first;
}

void headers::add(std::string_view name, std::string_view value) {
    fields_.push_back(name, value);
    fields_.lowercase_name(fields_.size() - 1);
}

void headers::set(std::string_view name, std::string_view value) {
    erase(name);
    add(name, value);
}

void headers::erase(std::string_view name) {
    fields_.erase_if([&](core::field_list::field f) { return same_name(f.first, name); });
}

} // namespace mcp::http
