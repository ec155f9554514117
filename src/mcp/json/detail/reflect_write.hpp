// The reflect walker, to JSON: writing a described type as a JSON value (empty optionals left out, enums as
// their names). Included by reflect.hpp only; not for direct use.
#pragma once

#include <mcp/json/detail/reflect_impl.hpp>

namespace mcp::json::detail {

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
