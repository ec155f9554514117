#include <mcp/server/session_state.hpp>

namespace mcp {

std::optional<boost::json::value> session_state::get(std::string_view key) const {
    std::lock_guard lock(mutex_);
    auto it = values_.find(key);
    if (it == values_.end()) return std::nullopt;
    return it->second;
}

void session_state::set(std::string_view key, boost::json::value value) {
    std::lock_guard lock(mutex_);
    values_.insert_or_assign(std::string(key), std::move(value));
}

bool session_state::erase(std::string_view key) {
    std::lock_guard lock(mutex_);
    auto it = values_.find(key);
    if (it == values_.end()) return false;
    values_.erase(it);
    return true;
}

boost::json::object session_state::snapshot() const {
    std::lock_guard lock(mutex_);
    boost::json::object out;
    for (auto const& [k, v] : values_) out[k] = v;
    return out;
}

} // namespace mcp
