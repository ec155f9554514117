// The reflect walker, from JSON: reading a described type out of a JSON value, with the failure's path and the
// options of from_json_options. Included by reflect.hpp only; not for direct use.
#pragma once

#include <mcp/json/detail/reflect_impl.hpp>

namespace mcp::json::detail {

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

} // namespace mcp::json::detail
