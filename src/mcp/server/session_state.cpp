#include <mcp/server/session_state.hpp>

namespace mcp {

std::optional<boost::json::value> session_state::get(std::string_view key) const {
    std::lock_guard lock(mutex_);
    auto it = values_.find(key);
    if (it == values_.end()) return std::nullopt;
    return it->second;
}

void session_state::set(std::string_view key, boost::json::value value) {
    {
        std::lock_guard lock(mutex_);
        values_.insert_or_assign(std::string(key), value);
    }
    if (observer_) observer_(std::string(key), value);
}

bool session_state::erase(std::string_view key) {
    {
        std::lock_guard lock(mutex_);
        auto it = values_.find(key);
        if (it == values_.end()) return false;
        values_.erase(it);
    }
    if (observer_) observer_(std::string(key), std::nullopt);
    return true;
}

void session_state::replace_all(boost::json::object const& values) {
    std::lock_guard lock(mutex_);
    values_.clear();
    for (auto const& [k, v] : values) values_.emplace(std::string(k), v);
}

boost::json::object session_state::snapshot() const {
    std::lock_guard lock(mutex_);
    boost::json::object out;
    for (auto const& [k, v] : values_) out[k] = v;
    return out;
}

} // namespace mcp
