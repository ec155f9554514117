// Request metadata: what a front door knows about one incoming message beyond its JSON (HTTP headers with
// lowercase names, and later the Lambda authorizer's `x-authorizer-*` fields). Read by middleware and handlers.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace mcp {

class request_metadata {
public:
    request_metadata() = default;
    explicit request_metadata(std::map<std::string, std::string, std::less<>> fields) : fields_(std::move(fields)) {}

    // Name lookup is case-insensitive (names are stored lowercase).
    std::optional<std::string_view> get(std::string_view name) const;
    void set(std::string_view name, std::string value);
    void erase(std::string_view name);
    std::map<std::string, std::string, std::less<>> const& fields() const { return fields_; }

private:
    std::map<std::string, std::string, std::less<>> fields_;
};

} // namespace mcp
