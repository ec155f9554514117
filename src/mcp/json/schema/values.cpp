// Number-aware equality, hashing and arithmetic over Boost.JSON values.
#include <mcp/json/schema/values.hpp>

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <utility>
#include <vector>

namespace mcp::json::schema {

namespace {

using boost::json::value;
using pair_stack = std::vector<std::pair<value const*, value const*>>;

double as_double(value const& v) {
    return v.to_number<double>();
}

bool equal_numbers(value const& a, value const& b) {
    return compare_numbers(a, b) == 0;
}

bool equal_arrays(boost::json::array const& a, boost::json::array const& b, pair_stack& todo) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        todo.emplace_back(&a[i], &b[i]);
    return true;
}

bool equal_objects(boost::json::object const& a, boost::json::object const& b, pair_stack& todo) {
    if (a.size() != b.size())
        return false;
    for (auto const& [key, member] : a) {
        auto const* other = b.if_contains(key);
        if (!other)
            return false;
        todo.emplace_back(&member, other);
    }
    return true;
}

// Compares one level; the members of containers go on `todo`.
bool equal_level(value const& a, value const& b, pair_stack& todo) {
    if (a.is_number() && b.is_number())
        return equal_numbers(a, b);
    if (a.kind() != b.kind())
        return false;
    switch (a.kind()) {
    case boost::json::kind::string:
        return a.get_string() == b.get_string();
    case boost::json::kind::bool_:
        return a.get_bool() == b.get_bool();
    case boost::json::kind::array:
        return equal_arrays(a.get_array(), b.get_array(), todo);
    case boost::json::kind::object:
        return equal_objects(a.get_object(), b.get_object(), todo);
    default:
        return true; // null
    }
}

std::size_t mix(std::size_t seed, std::size_t h) {
    return seed ^ (h + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

std::size_t hash_at(value const& v, int depth) {
    if (v.is_number()) {
        double const d = as_double(v);
        return std::hash<double>{}(d == 0 ? 0.0 : d); // -0.0 == 0.0
    }
    switch (v.kind()) {
    case boost::json::kind::string:
        return std::hash<std::string_view>{}(v.get_string());
    case boost::json::kind::bool_:
        return v.get_bool() ? 0x51 : 0x52;
    case boost::json::kind::null:
        return 0x53;
    default:
        break;
    }
    if (depth == 0)
        return v.is_array() ? 0x54 : 0x55;
    std::size_t h = v.is_array() ? 0x56 : 0x57;
    if (v.is_array()) {
        for (auto const& item : v.get_array())
            h = mix(h, hash_at(item, depth - 1));
    } else {
        for (auto const& [key, member] : v.get_object()) // member order does not matter: sum
            h += mix(std::hash<std::string_view>{}(key), hash_at(member, depth - 1));
    }
    return h;
}

// |v| of an integer value as uint64 (both int64 and uint64 fit).
std::uint64_t magnitude(value const& v) {
    if (v.is_uint64())
        return v.get_uint64();
    std::int64_t const i = v.get_int64();
    return i < 0 ? std::uint64_t(0) - static_cast<std::uint64_t>(i) : static_cast<std::uint64_t>(i);
}

} // namespace

bool equal(value const& a, value const& b) {
    if (!a.is_structured() || !b.is_structured()) {
        pair_stack none;
        return equal_level(a, b, none);
    }
    pair_stack todo{{&a, &b}};
    while (!todo.empty()) {
        auto const [x, y] = todo.back();
        todo.pop_back();
        if (!equal_level(*x, *y, todo))
            return false;
    }
    return true;
}

std::size_t hash_of(value const& v) {
    return hash_at(v, 64);
}

std::partial_ordering compare_numbers(value const& a, value const& b) {
    if (a.is_double() || b.is_double())
        return as_double(a) <=> as_double(b);
    if (a.is_int64() && b.is_int64())
        return a.get_int64() <=> b.get_int64();
    if (a.is_uint64() && b.is_uint64())
        return a.get_uint64() <=> b.get_uint64();
    // One int64, one uint64: a negative int64 is below every uint64.
    if (a.is_int64())
        return a.get_int64() < 0 ? std::partial_ordering::less
                                 : static_cast<std::uint64_t>(a.get_int64()) <=> b.get_uint64();
    return b.get_int64() < 0 ? std::partial_ordering::greater
                             : a.get_uint64() <=> static_cast<std::uint64_t>(b.get_int64());
}

bool is_integer(value const& v) {
    if (v.is_int64() || v.is_uint64())
        return true;
    return v.is_double() && std::isfinite(v.get_double()) && std::trunc(v.get_double()) == v.get_double();
}

bool is_multiple_of(value const& x, value const& divisor) {
    if (!x.is_double() && !divisor.is_double())
        return magnitude(x) % magnitude(divisor) == 0;
    double const xv = as_double(x), dv = as_double(divisor);
    double const q = xv / dv;
    if (!std::isfinite(q)) // overflow: fmod is exact where the quotient is not representable
        return std::fmod(xv, dv) == 0;
    double const tolerance = std::max(1e-9, std::abs(q) * 4 * std::numeric_limits<double>::epsilon());
    return std::abs(q - std::round(q)) <= tolerance;
}

std::size_t code_points(std::string_view utf8) {
    std::size_t n = 0;
    for (unsigned char c : utf8)
        n += (c & 0xC0) != 0x80; // continuation bytes belong to the code point before them
    return n;
}

std::string short_text(value const& v) {
    std::string text = boost::json::serialize(v);
    if (text.size() > 80)
        text = text.substr(0, 77) + "...";
    return text;
}

} // namespace mcp::json::schema
