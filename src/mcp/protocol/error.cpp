// mcp::error: named constructors for the codes with fixed messages, and the JSON-RPC error object form.
#include <mcp/protocol/error.hpp>
#include <mcp/protocol/version.hpp>

#include <boost/throw_exception.hpp>

#include <limits>

namespace mcp::protocol {

error error::method_not_found(std::string method) {
    return error(code::method_not_found, "Method not found: " + method);
}

error error::rate_limited(std::chrono::seconds retry_after, std::string message) {
    boost::json::object data{{"retryAfter", retry_after.count()}};
    return error(code::rate_limited, std::move(message), boost::json::value(std::move(data)));
}

// 2025-11-25 server/resources, error handling: -32002 with the uri in data.
error error::resource_not_found(std::string const& uri) {
    boost::json::object data{{"uri", uri}};
    return error(code::resource_not_found, "Resource not found: " + uri, boost::json::value(std::move(data)));
}

error error::missing_capability(boost::json::object required, std::string message) {
    boost::json::object data{{"requiredCapabilities", std::move(required)}};
    return error(code::missing_client_capability, std::move(message), boost::json::value(std::move(data)));
}

error error::unsupported_version(std::string_view requested) {
    boost::json::array supported;
    for (auto v : served_versions)
        supported.emplace_back(v);
    boost::json::object data{{"supported", std::move(supported)}, {"requested", requested}};
    return error(code::unsupported_protocol_version,
                 "Unsupported protocol version: " + std::string(requested), boost::json::value(std::move(data)));
}

boost::json::object error::to_json() const {
    boost::json::object o{{"code", code_}, {"message", message_}};
    if (data_)
        o["data"] = *data_;
    return o;
}

namespace {

// An integer that fits `int`, whatever Boost.JSON kind holds it; doubles are not integers here.
std::optional<int> int_of(boost::json::value const& v) {
    constexpr auto lo = std::numeric_limits<int>::min();
    constexpr auto hi = std::numeric_limits<int>::max();
    if (auto const* i = v.if_int64(); i && *i >= lo && *i <= hi)
        return static_cast<int>(*i);
    if (auto const* u = v.if_uint64(); u && *u <= static_cast<std::uint64_t>(hi))
        return static_cast<int>(*u);
    return std::nullopt;
}

} // namespace

std::optional<error> error::from_json(boost::json::value const& v) {
    auto const* o = v.if_object();
    if (!o)
        return std::nullopt;
    auto const* c = o->if_contains("code");
    auto const* m = o->if_contains("message");
    if (!c || !m || !m->is_string())
        return std::nullopt;
    auto code_value = int_of(*c);
    if (!code_value)
        return std::nullopt;
    std::optional<boost::json::value> data;
    if (auto const* d = o->if_contains("data"))
        data = *d;
    return error(*code_value, std::string(m->get_string()), std::move(data));
}

exception::exception(error e)
    : std::runtime_error(e.message() + " (code " + std::to_string(e.code()) + ")"), err_(std::move(e)) {}

void throw_exception_from_error(error const& e, boost::source_location const& loc) {
    boost::throw_exception(exception(e), loc);
}

} // namespace mcp::protocol
