#include <mcp/server/request_metadata.hpp>

#include <algorithm>
#include <cctype>

namespace mcp {
namespace {
std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}
} // namespace

std::optional<std::string_view> request_metadata::get(std::string_view name) const {
    auto it = fields_.find(lower(name));
    if (it == fields_.end()) return std::nullopt;
    return it->second;
}

void request_metadata::set(std::string_view name, std::string value) { fields_[lower(name)] = std::move(value); }

void request_metadata::erase(std::string_view name) {
    if (auto it = fields_.find(lower(name)); it != fields_.end()) fields_.erase(it);
}

} // namespace mcp
