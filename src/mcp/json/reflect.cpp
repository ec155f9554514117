// The non-template half of the reflect walker: error paths, their text, and string coercion.
#include <mcp/json/reflect.hpp>

#include <boost/throw_exception.hpp>

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace mcp::json {

namespace {

// Joins a parent path and a child path: "items" + "[2].qty" -> "items[2].qty", "items" + "qty" ->
// "items.qty".
std::string join(std::string_view parent, std::string_view child) {
    std::string out(parent);
    if (!parent.empty() && !child.empty() && child.front() != '[')
        out += '.';
    out += child;
    return out;
}

// Parses all of `text` with std::from_chars; nullopt if any character is left over.
template <class N>
std::optional<N> parse_all(std::string_view text) {
    N n{};
    auto const* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, n);
    if (ec != std::errc{} || ptr != end)
        return std::nullopt;
    return n;
}

} // namespace

std::string conversion_error::to_string() const {
    if (path.empty())
        return message;
    return path + ": " + message;
}

std::string conversion_error::to_string(std::string_view root) const {
    std::string const full = join(root, path);
    if (full.empty())
        return message;
    return full + ": " + message;
}

void throw_exception_from_error(conversion_error const& e, boost::source_location const& loc) {
    boost::throw_exception(std::invalid_argument(e.to_string()), loc);
}

namespace detail {

conversion_error at_member(std::string_view name, conversion_error e) {
    e.path = join(name, e.path);
    return e;
}

conversion_error at_index(std::size_t index, conversion_error e) {
    e.path = join("[" + std::to_string(index) + "]", e.path);
    return e;
}

std::string out_of_range_message(std::intmax_t min, std::uintmax_t max) {
    return "integer out of range (" + std::to_string(min) + ".." + std::to_string(max) + ")";
}

std::optional<boost::json::value> number_from_string(std::string_view text) {
    if (auto i = parse_all<std::int64_t>(text))
        return boost::json::value(*i);
    if (auto u = parse_all<std::uint64_t>(text))
        return boost::json::value(*u);
    // from_chars also reads "inf" and "nan", which are no JSON numbers.
    if (auto d = parse_all<double>(text); d && std::isfinite(*d))
        return boost::json::value(*d);
    return std::nullopt;
}

std::optional<bool> bool_from_string(std::string_view text) {
    if (text == "true")
        return true;
    if (text == "false")
        return false;
    return std::nullopt;
}

} // namespace detail

} // namespace mcp::json
