// Request metadata: what a front door knows about one incoming message beyond its JSON (HTTP headers with
// lowercase names, and later the Lambda authorizer's `x-authorizer-*` fields). Read by middleware and handlers.
#pragma once

#include <mcp/core/field_list.hpp>

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

// The principal a request speaks for, read from metadata that only trusted code sets: a validated token's
// subject (x-mcp-auth-subject, auth/resource_server.hpp), else an API Gateway authorizer's `sub` claim
// (x-authorizer-sub); "" when neither is there. Sessions and tasks are bound to it. `Fields`: anything with
// get(name) -> optional<string_view> (request_metadata, a front door's trusted http::headers).
template <class Fields>
std::string principal_from(Fields const& trusted) {
    if (auto subject = trusted.get("x-mcp-auth-subject"))
        return std::string(*subject);
    if (auto sub = trusted.get("x-authorizer-sub"))
        return std::string(*sub);
    return {};
}

class request_metadata {
public:
    using field = core::field_list::field; // (name, value) string_views

    request_metadata() = default;
    // The fields as if set() one after the other: names lowercased, a later field of a name replacing an
    // earlier one. Takes the list over (a front door's headers, their text in one buffer): nothing is copied.
    static request_metadata from_fields(core::field_list fields);

    // Name lookup is case-insensitive (names are stored lowercase). A name appears once: set() replaces. A view
    // from get() or fields() is valid until the next set() or erase() (of any name).
    std::optional<std::string_view> get(std::string_view name) const;
    void set(std::string_view name, std::string_view value);
    void erase(std::string_view name);
    void reserve(std::size_t count) { fields_.reserve(count, 0); }
    // Sorted by name.
    core::field_list const& fields() const { return fields_; }

private:
    // A request carries a handful of fields: one text buffer and a sorted index, where a map is an allocation
    // per field and a string per name and value one more each past 15 bytes.
    core::field_list fields_;
};

} // namespace mcp
