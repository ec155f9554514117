// session_state: small JSON values that middleware and handlers keep per session (a user id, a quota counter).
// Thread-safe. Lives as long as the session; its session journals every change so a store can persist it.
#pragma once

#include <boost/json.hpp>

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace mcp {

class session_state {
public:
    std::optional<boost::json::value> get(std::string_view key) const;
    void set(std::string_view key, boost::json::value value);
    bool erase(std::string_view key);
    // A copy of every entry, as one JSON object.
    boost::json::object snapshot() const;

    // For the session: told of every set (a value) and erase (nullopt), under no lock of this object's.
    using observer = std::function<void(std::string const& key, std::optional<boost::json::value> const& value)>;
    void observe(observer o) { observer_ = std::move(o); }
    // Replaces every entry without telling the observer (a newer copy came from the store).
    void replace_all(boost::json::object const& values);

private:
    observer observer_;
    mutable std::mutex mutex_;
    std::map<std::string, boost::json::value, std::less<>> values_;
};

} // namespace mcp
