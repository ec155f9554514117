// The reflect walker's templates, shared part: type classification, field docs, the helpers of reflect.cpp, and
// the schema walk. The conversions are in reflect_read.hpp (from JSON) and reflect_write.hpp (to JSON). Included
// by reflect.hpp only; not for direct use. The non-template pieces (paths, string coercion) live in reflect.cpp.
//
// Every call between the walkers is qualified (detail::read<U>, ...) so that a user's own
// `to_json`/`from_json` found by argument-dependent lookup can never hijack the walk.
#pragma once

#include <boost/describe.hpp>
#include <boost/json.hpp>
#include <boost/mp11/algorithm.hpp>

#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace mcp::json::detail {

// --- type classification -----------------------------------------------------------------------------------

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

template <class T>
struct is_vector : std::false_type {};
template <class T, class A>
struct is_vector<std::vector<T, A>> : std::true_type {};

template <class T>
struct is_string_map : std::false_type {};
template <class T, class C, class A>
struct is_string_map<std::map<std::string, T, C, A>> : std::true_type {};

template <class T>
inline constexpr bool is_integer = std::is_integral_v<T> && !std::is_same_v<T, bool>;

template <class T>
inline constexpr bool is_described_enum = boost::describe::has_describe_enumerators<T>::value;

template <class T>
inline constexpr bool unsupported = false;

// Members of a described struct, including those of described public bases.
template <class T>
using members_of =
    boost::describe::describe_members<T, boost::describe::mod_public | boost::describe::mod_inherited>;

// --- field docs --------------------------------------------------------------------------------------------

namespace adl {
// Stops ordinary lookup here, so that `field_docs(t)` below is a call found by ADL and never the type alias
// mcp::json::field_docs (a type found by ordinary lookup would turn the call into a cast and disable ADL).
void field_docs() = delete;

template <class T>
concept has_field_docs = requires(T const& t) {
    { field_docs(t) } -> std::convertible_to<json::field_docs>;
};

// Copies each documented member's text into its property schema as "description".
template <class T>
void add_descriptions(boost::json::object& properties) {
    if constexpr (has_field_docs<T>) {
        static_assert(
            std::is_default_constructible_v<T>,
            "field_docs(T const&) is called on a default-constructed T: make T default constructible");
        T const sample{};
        for (auto const& [name, text] : json::field_docs(field_docs(sample)))
            if (auto* property = properties.if_contains(name); property && property->is_object())
                property->get_object()["description"] = text;
    }
}
} // namespace adl

// --- non-template helpers (reflect.cpp) --------------------------------------------------------------------

// Prefixes a failure's path with a member name or map key ("items" + "[2].qty" -> "items[2].qty").
conversion_error at_member(std::string_view name, conversion_error e);
// Prefixes a failure's path with an array index ("[2]" + "qty" -> "[2].qty").
conversion_error at_index(std::size_t index, conversion_error e);
// "integer out of range (-128..127)".
std::string out_of_range_message(std::intmax_t min, std::uintmax_t max);
// A JSON number (int64, uint64 or double) from its text, for options.coerce_strings; nullopt if not a number.
std::optional<boost::json::value> number_from_string(std::string_view text);
// true/false from "true"/"false", for options.coerce_strings.
std::optional<bool> bool_from_string(std::string_view text);

template <class T>
result<T> fail(std::string message) {
    return result<T>(boost::system::in_place_error, conversion_error{{}, std::move(message)});
}

template <class T>
result<T> forward_error(conversion_error e) {
    return result<T>(boost::system::in_place_error, std::move(e));
}

// --- schema ------------------------------------------------------------------------------------------------

template <class T>
boost::json::object schema();

template <class T>
boost::json::object struct_schema() {
    boost::json::object properties;
    boost::json::array required;
    boost::mp11::mp_for_each<members_of<T>>([&](auto d) {
        using member_t = std::remove_cvref_t<decltype(std::declval<T const&>().*d.pointer)>;
        properties[d.name] = detail::schema<member_t>();
        if constexpr (!is_optional<member_t>::value)
            required.emplace_back(d.name);
    });
    adl::add_descriptions<T>(properties);
    boost::json::object out{{"type", "object"}, {"properties", std::move(properties)}};
    if (!required.empty())
        out["required"] = std::move(required);
    return out;
}

template <class T>
boost::json::object enum_schema() {
    boost::json::array names;
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<T>>(
        [&](auto d) { names.emplace_back(d.name); });
    return {{"type", "string"}, {"enum", std::move(names)}};
}

template <class T>
boost::json::object schema() {
    if constexpr (std::is_same_v<T, bool>) {
        return {{"type", "boolean"}};
    } else if constexpr (is_integer<T> && std::is_unsigned_v<T>) {
        return {{"type", "integer"}, {"minimum", 0}};
    } else if constexpr (is_integer<T>) {
        return {{"type", "integer"}};
    } else if constexpr (std::is_floating_point_v<T>) {
        return {{"type", "number"}};
    } else if constexpr (std::is_same_v<T, std::string>) {
        return {{"type", "string"}};
    } else if constexpr (is_optional<T>::value) {
        return detail::schema<typename T::value_type>();
    } else if constexpr (is_vector<T>::value) {
        return {{"type", "array"}, {"items", detail::schema<typename T::value_type>()}};
    } else if constexpr (is_string_map<T>::value) {
        return {{"type", "object"}, {"additionalProperties", detail::schema<typename T::mapped_type>()}};
    } else if constexpr (std::is_same_v<T, boost::json::value>) {
        return {};
    } else if constexpr (std::is_same_v<T, boost::json::object>) {
        return {{"type", "object"}};
    } else if constexpr (std::is_same_v<T, boost::json::array>) {
        return {{"type", "array"}};
    } else if constexpr (is_described_enum<T>) {
        return detail::enum_schema<T>();
    } else if constexpr (is_described_struct<T>) {
        return detail::struct_schema<T>();
    } else {
        static_assert(unsupported<T>,
                      "mcp::json: unsupported type (describe it with BOOST_DESCRIBE_STRUCT/ENUM)");
    }
}

} // namespace mcp::json::detail
