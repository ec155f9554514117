// The reflect walker's templates: one member walk for the schema, the conversion from JSON and back.
// Included by reflect.hpp only; not for direct use. The non-template pieces (paths, string coercion) live in
// reflect.cpp.
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

// --- from JSON ---------------------------------------------------------------------------------------------

template <class T>
result<T> read(boost::json::value const& v, from_json_options const& o);

// Whether a JSON integer fits I. Written out because std::in_range rejects the character types.
template <class I, class N>
bool fits(N n) {
    using limits = std::numeric_limits<I>;
    if constexpr (std::is_signed_v<N>) {
        if (n < 0)
            return std::is_signed_v<I> && n >= static_cast<std::intmax_t>(limits::min());
    }
    return static_cast<std::uintmax_t>(n) <= static_cast<std::uintmax_t>(limits::max());
}

// A whole double fits when min <= d < max + 1: max + 1 is a power of two, exact as a double, while max itself
// may not be (int64, uint64).
template <class I>
bool fits_double(double d) {
    using limits = std::numeric_limits<I>;
    return d >= static_cast<double>(limits::min()) && d < static_cast<double>(limits::max()) + 1.0;
}

template <class I>
result<I> out_of_range() {
    using limits = std::numeric_limits<I>;
    return detail::fail<I>(detail::out_of_range_message(static_cast<std::intmax_t>(limits::min()),
                                                        static_cast<std::uintmax_t>(limits::max())));
}

// `v` is a number (int64, uint64 or double).
template <class I>
result<I> read_whole_number(boost::json::value const& v) {
    if (v.is_int64())
        return detail::fits<I>(v.get_int64()) ? static_cast<I>(v.get_int64()) : out_of_range<I>();
    if (v.is_uint64())
        return detail::fits<I>(v.get_uint64()) ? static_cast<I>(v.get_uint64()) : out_of_range<I>();
    double const d = v.get_double();
    if (!std::isfinite(d) || d != std::trunc(d))
        return detail::fail<I>("expected integer");
    return detail::fits_double<I>(d) ? static_cast<I>(d) : out_of_range<I>();
}

template <class I>
result<I> read_integer(boost::json::value const& v, from_json_options const& o) {
    if (v.is_number())
        return detail::read_whole_number<I>(v);
    if (o.coerce_strings && v.is_string())
        if (auto n = detail::number_from_string(v.get_string()))
            return detail::read_whole_number<I>(*n);
    return detail::fail<I>("expected integer");
}

// `n` is a number. Narrowing a double beyond float's range is undefined behaviour, so it is an error instead.
template <class F>
result<F> narrow_floating(boost::json::value const& n) {
    double const d = n.to_number<double>();
    if constexpr (sizeof(F) < sizeof(double)) {
        if (std::abs(d) > static_cast<double>(std::numeric_limits<F>::max()))
            return detail::fail<F>("number out of range for float");
    }
    return static_cast<F>(d);
}

template <class F>
result<F> read_floating(boost::json::value const& v, from_json_options const& o) {
    if (v.is_number())
        return detail::narrow_floating<F>(v);
    if (o.coerce_strings && v.is_string())
        if (auto n = detail::number_from_string(v.get_string()))
            return detail::narrow_floating<F>(*n);
    return detail::fail<F>("expected number");
}

inline result<bool> read_bool(boost::json::value const& v, from_json_options const& o) {
    if (v.is_bool())
        return v.get_bool();
    if (o.coerce_strings && v.is_string())
        if (auto b = detail::bool_from_string(v.get_string()))
            return *b;
    return detail::fail<bool>("expected boolean");
}

template <class E>
std::string enumerator_names() {
    std::string names;
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>([&](auto d) {
        names += names.empty() ? "" : ", ";
        names += d.name;
    });
    return names;
}

template <class E>
result<E> read_enum(boost::json::value const& v) {
    std::optional<E> found;
    if (v.is_string())
        boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>([&](auto d) {
            if (v.get_string() == d.name)
                found = d.value;
        });
    if (found)
        return *found;
    return detail::fail<E>("expected one of: " + detail::enumerator_names<E>());
}

template <class V>
result<V> read_vector(boost::json::value const& v, from_json_options const& o) {
    if (!v.is_array())
        return detail::fail<V>("expected array");
    V out;
    out.reserve(v.get_array().size());
    for (std::size_t i = 0; i < v.get_array().size(); ++i) {
        auto element = detail::read<typename V::value_type>(v.get_array()[i], o);
        if (!element)
            return detail::forward_error<V>(detail::at_index(i, std::move(element.error())));
        out.push_back(std::move(*element));
    }
    return out;
}

template <class M>
result<M> read_map(boost::json::value const& v, from_json_options const& o) {
    if (!v.is_object())
        return detail::fail<M>("expected object");
    M out;
    for (auto const& [key, value] : v.get_object()) {
        auto element = detail::read<typename M::mapped_type>(value, o);
        if (!element)
            return detail::forward_error<M>(detail::at_member(key, std::move(element.error())));
        out.emplace(std::string(key), std::move(*element));
    }
    return out;
}

// Reads one member into `out`; a missing optional stays empty. Returns the failure, already under the member.
template <class T, class D>
std::optional<conversion_error> read_member(T& out, D d, boost::json::object const& from,
                                            from_json_options const& o) {
    using member_t = std::remove_cvref_t<decltype(out.*d.pointer)>;
    auto const* field = from.if_contains(d.name);
    if (!field) {
        if constexpr (is_optional<member_t>::value)
            return std::nullopt;
        return conversion_error{d.name, "required field is missing"};
    }
    auto value = detail::read<member_t>(*field, o);
    if (!value)
        return detail::at_member(d.name, std::move(value.error()));
    out.*d.pointer = std::move(*value);
    return std::nullopt;
}

template <class T>
result<T> read_struct(boost::json::value const& v, from_json_options const& o) {
    if (!v.is_object())
        return detail::fail<T>("expected object");
    T out{};
    std::optional<conversion_error> failure;
    boost::mp11::mp_for_each<members_of<T>>([&](auto d) {
        if (!failure)
            failure = detail::read_member(out, d, v.get_object(), o);
    });
    if (failure)
        return detail::forward_error<T>(std::move(*failure));
    return out;
}

template <class T>
result<T> read_optional(boost::json::value const& v, from_json_options const& o) {
    if (v.is_null())
        return T{};
    auto inner = detail::read<typename T::value_type>(v, o);
    if (!inner)
        return detail::forward_error<T>(std::move(inner.error()));
    return T{std::move(*inner)};
}

template <class T>
result<T> read_json(boost::json::value const& v) {
    if constexpr (std::is_same_v<T, boost::json::value>) {
        return v;
    } else if constexpr (std::is_same_v<T, boost::json::object>) {
        if (v.is_object())
            return v.get_object();
        return detail::fail<T>("expected object");
    } else {
        if (v.is_array())
            return v.get_array();
        return detail::fail<T>("expected array");
    }
}

template <class T>
result<T> read(boost::json::value const& v, from_json_options const& o) {
    if constexpr (std::is_same_v<T, bool>) {
        return detail::read_bool(v, o);
    } else if constexpr (is_integer<T>) {
        return detail::read_integer<T>(v, o);
    } else if constexpr (std::is_floating_point_v<T>) {
        return detail::read_floating<T>(v, o);
    } else if constexpr (std::is_same_v<T, std::string>) {
        // In place: conversion_error is constructible from a string too (parenthesized aggregate init).
        if (v.is_string())
            return result<T>(boost::system::in_place_value, v.get_string());
        return detail::fail<T>("expected string");
    } else if constexpr (is_optional<T>::value) {
        return detail::read_optional<T>(v, o);
    } else if constexpr (is_vector<T>::value) {
        return detail::read_vector<T>(v, o);
    } else if constexpr (is_string_map<T>::value) {
        return detail::read_map<T>(v, o);
    } else if constexpr (std::is_same_v<T, boost::json::value> || std::is_same_v<T, boost::json::object> ||
                         std::is_same_v<T, boost::json::array>) {
        return detail::read_json<T>(v);
    } else if constexpr (is_described_enum<T>) {
        return detail::read_enum<T>(v);
    } else if constexpr (is_described_struct<T>) {
        return detail::read_struct<T>(v, o);
    } else {
        static_assert(unsupported<T>,
                      "mcp::json: unsupported type (describe it with BOOST_DESCRIBE_STRUCT/ENUM)");
    }
}

// --- to JSON -----------------------------------------------------------------------------------------------

template <class T>
boost::json::value write(T const& v);

template <class E>
boost::json::value write_enum(E e) {
    if (char const* name = boost::describe::enum_to_string(e, nullptr))
        return boost::json::string(name);
    // Not a named enumerator: keep the number rather than lose it; the schema will reject it downstream.
    return static_cast<std::int64_t>(static_cast<std::underlying_type_t<E>>(e));
}

template <class T>
boost::json::value write_struct(T const& v) {
    boost::json::object out;
    boost::mp11::mp_for_each<members_of<T>>([&](auto d) {
        using member_t = std::remove_cvref_t<decltype(v.*d.pointer)>;
        if constexpr (is_optional<member_t>::value) {
            if (v.*d.pointer)
                out[d.name] = detail::write(*(v.*d.pointer));
        } else {
            out[d.name] = detail::write(v.*d.pointer);
        }
    });
    return out;
}

template <class T>
boost::json::value write_container(T const& v) {
    if constexpr (is_vector<T>::value) {
        boost::json::array out;
        out.reserve(v.size());
        for (auto const& element : v)
            out.push_back(detail::write<typename T::value_type>(element));
        return out;
    } else {
        boost::json::object out;
        for (auto const& [key, element] : v)
            out[key] = detail::write(element);
        return out;
    }
}

template <class T>
boost::json::value write(T const& v) {
    if constexpr (std::is_same_v<T, bool> || std::is_floating_point_v<T> || std::is_same_v<T, std::string>) {
        return boost::json::value(v);
    } else if constexpr (is_integer<T> && std::is_unsigned_v<T>) {
        return static_cast<std::uint64_t>(v);
    } else if constexpr (is_integer<T>) {
        return static_cast<std::int64_t>(v);
    } else if constexpr (is_optional<T>::value) {
        return v ? detail::write(*v) : boost::json::value(nullptr);
    } else if constexpr (is_vector<T>::value || is_string_map<T>::value) {
        return detail::write_container(v);
    } else if constexpr (std::is_same_v<T, boost::json::value> || std::is_same_v<T, boost::json::object> ||
                         std::is_same_v<T, boost::json::array>) {
        return boost::json::value(v);
    } else if constexpr (is_described_enum<T>) {
        return detail::write_enum(v);
    } else if constexpr (is_described_struct<T>) {
        return detail::write_struct(v);
    } else {
        static_assert(unsupported<T>,
                      "mcp::json: unsupported type (describe it with BOOST_DESCRIBE_STRUCT/ENUM)");
    }
}

} // namespace mcp::json::detail

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
