// JSON value semantics that JSON Schema needs and Boost.JSON's operator== lacks: numbers are equal by value
// (1 == 1.0, 2020-12 core section 4.2.2) whatever their stored kind, with a hash that agrees (uniqueItems).
// Internal to schema_validator.
#pragma once

#include <boost/json/value.hpp>

#include <compare>
#include <cstddef>
#include <string>
#include <string_view>

namespace mcp::json::schema {

// Structural equality, numbers by value; iterative, so a deeply nested instance cannot exhaust the stack.
bool equal(boost::json::value const& a, boost::json::value const& b);

// Agrees with `equal` (equal values hash alike). Looks 64 levels deep (parsed JSON has at most 32 by
// default), so distinct items rarely share a hash and uniqueItems stays near-linear.
std::size_t hash_of(boost::json::value const& v);

// Both `a` and `b` must be numbers. Exact between integers; through double when either is a double.
std::partial_ordering compare_numbers(boost::json::value const& a, boost::json::value const& b);

// An integer in the JSON Schema sense: any number without a fractional part (1.0 is one).
bool is_integer(boost::json::value const& v);

// `x` is an integer multiple of `divisor` (> 0). Exact for integers; for doubles, tolerant of the rounding of
// the division (0.0075 is a multiple of 0.0001).
bool is_multiple_of(boost::json::value const& x, boost::json::value const& divisor);

// Unicode code points in UTF-8 text (2020-12 validation section 6.3.1: lengths count characters, not bytes).
std::size_t code_points(std::string_view utf8);

// `v` serialized for a message, cut after about 80 characters.
std::string short_text(boost::json::value const& v);

} // namespace mcp::json::schema
