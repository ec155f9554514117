// session_state: small JSON values that middleware and handlers keep per session (a user id, a quota counter).
// Thread-safe. Lives as long as the session; the durable stores of a later layer persist it.
#pragma once

#include <boost/json.hpp>

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

private:
    mutable std::mutex mutex_;
    std::map<std::string, boost::json::value, std::less<>> values_;
};

} // namespace mcp
