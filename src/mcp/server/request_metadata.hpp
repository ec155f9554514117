// Request metadata: what a front door knows about one incoming message beyond its JSON (HTTP headers with
// lowercase names, and later the Lambda authorizer's `x-authorizer-*` fields). Read by middleware and handlers.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mcp {

// Names reserved for metadata that trusted code sets (the Lambda loop's x-lambda-*, an authorizer's
// x-authorizer-*, a validated token's x-mcp-auth-*; ARCHITECTURE.md section 7a): a client header with such a
// name is dropped by every front door, never passed on.
bool is_reserved_metadata_name(std::string_view lowercase_name);

class request_metadata {
public:
    using field = std::pair<std::string, std::string>;

    request_metadata() = default;
    // The fields as if set() one after the other: names lowercased, a later field of a name replacing an
    // earlier one. Takes the strings over (a front door's headers), where set() copies each name.
    static request_metadata from_fields(std::vector<field> fields);

    // Name lookup is case-insensitive (names are stored lowercase). A name appears once: set() replaces. A view
    // from get() is valid until the next set() or erase() (of any name).
    std::optional<std::string_view> get(std::string_view name) const;
    void set(std::string_view name, std::string value);
    void erase(std::string_view name);
    void reserve(std::size_t count) { fields_.reserve(count); }
    // Sorted by name.
    std::vector<field> const& fields() const { return fields_; }

private:
    // A request carries a handful of fields: a sorted vector is one allocation where a map is one per field.
    std::vector<field> fields_;
};

} // namespace mcp
