#include <mcp/server/session_state.hpp>

namespace mcp {

std::optional<boost::json::value> session_state::get(std::string_view key) const {
    std::lock_guard lock(mutex_);
    auto it = values_.find(key);
    if (it == values_.end()) return std::nullopt;
    return it->second;
}

// The value may come from a request's params, which live in the request's arena (mcp/json/arena.hpp): it is
// moved into the default storage (a copy only when it was elsewhere), since get() copies it on any thread.
void session_state::set(std::string_view key, boost::json::value value) {
    boost::json::value kept(std::move(value), boost::json::storage_ptr());
    {
        std::lock_guard lock(mutex_);
        values_.insert_or_assign(std::string(key), kept);
    }
    if (observer_) observer_(std::string(key), kept);
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
