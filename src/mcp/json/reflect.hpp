// The reflect walker: JSON Schema, conversion from JSON and conversion to JSON for Boost.Describe'd structs.
//
// Not for: MCP message types (protocol/ writes those by hand, because their wire names are camelCase).
//
//   struct item { std::string sku; int qty; std::optional<std::string> note; };
//   BOOST_DESCRIBE_STRUCT(item, (), (sku, qty, note))
//   inline mcp::json::field_docs field_docs(item const&) { return {{"sku", "Stock keeping unit"}}; }
//
//   schema_of<item>()   -> {"type":"object","required":["sku","qty"],
//                           "properties":{"sku":{"type":"string","description":"Stock..."},...}}
//   from_json<item>(v)  -> item, or conversion_error{"items[2].qty", "expected integer"}
//   to_json(item{...})  -> {"sku":"a","qty":2}            (empty optionals are omitted)
//
// Supported member types: bool, every integer width (range-checked), float, double, std::string,
// std::optional<T> (not required, omitted when empty), std::vector<T>, std::map<std::string, T>, nested
// described structs, described enums (schema `enum` of the enumerator names; converted by name),
// boost::json::value/object/array. Field descriptions come from one ADL-found function per struct:
// `mcp::json::field_docs field_docs(T const&)`, called on a default-constructed T. Members of described bases
// (BOOST_DESCRIBE_STRUCT(derived, (base), ...)) are included. Recursive types are not supported.
#pragma once

#include <boost/describe.hpp>
#include <boost/json.hpp>
#include <boost/system/result.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mcp::json {

// Descriptions of a struct's fields, by member name. Returned by the user's ADL `field_docs(T const&)`.
using field_docs = std::vector<std::pair<std::string_view, std::string_view>>;

// Where and why a conversion failed. `path` is relative to the converted value: "", "qty", "items[2].qty".
struct conversion_error {
    std::string path;
    std::string message;
    // "items[2].qty: expected integer", or just the message when the path is empty.
    std::string to_string() const;
    // The same, with `root` prefixed to the path: with_root("arguments") -> "arguments.items[2].qty: ...".
    std::string to_string(std::string_view root) const;
};

struct from_json_options {
    // Accept strings where numbers or booleans are expected ("42" -> 42, "true" -> true). Used for prompt
    // arguments and URI-template variables, which arrive as strings on the wire.
    bool coerce_strings = false;
};

template <class T>
using result = boost::system::result<T, conversion_error>;

// What result<T>::value() throws on a failure (found by ADL): std::invalid_argument with to_string().
[[noreturn]] void throw_exception_from_error(conversion_error const& e, boost::source_location const& loc);

// True for types the walker handles as a JSON object with named fields.
template <class T>
inline constexpr bool is_described_struct =
    boost::describe::has_describe_members<T>::value && !std::is_union_v<T>;

// The JSON Schema (draft 2020-12 subset; also valid draft 7) of T. Described structs give an object schema.
template <class T>
boost::json::object schema_of();

// Converts `v` to T; on failure names the first bad member by path.
template <class T>
result<T> from_json(boost::json::value const& v, from_json_options options = {});

// Converts T to JSON. Empty optionals are omitted; enums become their names.
template <class T>
boost::json::value to_json(T const& v);

} // namespace mcp::json

#include <mcp/json/detail/reflect_impl.hpp>
#include <mcp/json/detail/reflect_read.hpp>
#include <mcp/json/detail/reflect_write.hpp>

// The definitions of the templates above (the walkers are in detail/).
namespace mcp::json {

template <class T>
boost::json::object schema_of() {
    return detail::schema<T>();
}

template <class T>
result<T> from_json(boost::json::value const& v, from_json_options options) {
    return detail::read<T>(v, options);
}

template <class T>
boost::json::value to_json(T const& v) {
    return detail::write<T>(v);
}

} // namespace mcp::json
