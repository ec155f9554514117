// The field walker of the protocol readers (detail/read_fields.hpp): JSON type checks and failure paths.
#include <mcp/protocol/detail/read_fields.hpp>

#include <cmath>
#include <limits>

namespace mcp::protocol::detail {

namespace json = boost::json;

std::string path_of(std::string_view at, std::string_view key) {
    if (at.empty())
        return std::string(key);
    if (key.empty())
        return std::string(at);
    std::string out;
    out.reserve(at.size() + 1 + key.size());
    out.append(at).append(".").append(key);
    return out;
}

std::string path_of(std::string_view at, std::size_t index) {
    std::string out(at);
    out.append("[").append(std::to_string(index)).append("]");
    return out;
}

error invalid_at(std::string_view path, std::string_view problem) {
    if (path.empty())
        return error::invalid_params(std::string(problem));
    std::string message;
    message.reserve(path.size() + 2 + problem.size());
    message.append(path).append(": ").append(problem);
    return error::invalid_params(std::move(message));
}

namespace {

// A whole number that fits in int64. A double qualifies when -2^63 <= d < 2^63 (both exact as doubles).
std::optional<std::int64_t> whole_number(json::value const& v) {
    if (auto const* i = v.if_int64())
        return *i;
    if (auto const* u = v.if_uint64()) {
        if (*u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            return std::nullopt;
        return static_cast<std::int64_t>(*u);
    }
    auto const* d = v.if_double();
    constexpr double bound = 9223372036854775808.0; // 2^63
    if (!d || *d != std::trunc(*d) || *d < -bound || *d >= bound)
        return std::nullopt;
    return static_cast<std::int64_t>(*d);
}

} // namespace

fields::fields(json::value const& v, std::string_view at) : object_(v.if_object()), at_(at) {
    if (!object_)
        error_ = invalid_at(at_, "expected an object");
}

void fields::fail(std::string_view key, std::string_view problem) {
    if (!error_)
        error_ = invalid_at(path_of(at_, key), problem);
}

json::value const* fields::find(std::string_view key, bool required) {
    if (error_)
        return nullptr;
    auto const* v = object_->if_contains(key);
    if (!v && required)
        fail(key, "missing required field");
    return v;
}

json::array const* fields::find_array(std::string_view key, bool required) {
    auto const* v = find(key, required);
    if (!v)
        return nullptr;
    if (auto const* a = v->if_array())
        return a;
    fail(key, "expected an array");
    return nullptr;
}

void fields::required(std::string_view key, std::string& out) {
    auto const* v = find(key, true);
    if (!v)
        return;
    if (auto const* s = v->if_string())
        out.assign(s->data(), s->size());
    else
        fail(key, "expected a string");
}

void fields::required(std::string_view key, json::object& out) {
    auto const* v = find(key, true);
    if (!v)
        return;
    if (auto const* o = v->if_object())
        out = *o;
    else
        fail(key, "expected an object");
}

void fields::optional(std::string_view key, std::optional<std::string>& out) {
    auto const* v = find(key, false);
    if (!v)
        return;
    if (auto const* s = v->if_string())
        out.emplace(s->data(), s->size());
    else
        fail(key, "expected a string");
}

void fields::optional(std::string_view key, std::optional<json::object>& out) {
    auto const* v = find(key, false);
    if (!v)
        return;
    if (auto const* o = v->if_object())
        out = *o;
    else
        fail(key, "expected an object");
}

void fields::optional(std::string_view key, std::optional<bool>& out) {
    auto const* v = find(key, false);
    if (!v)
        return;
    if (auto const* b = v->if_bool())
        out = *b;
    else
        fail(key, "expected a boolean");
}

void fields::optional(std::string_view key, bool& out) {
    std::optional<bool> b;
    optional(key, b);
    if (b)
        out = *b;
}

void fields::optional(std::string_view key, std::optional<double>& out) {
    auto const* v = find(key, false);
    if (!v)
        return;
    if (v->is_number())
        out = v->to_number<double>();
    else
        fail(key, "expected a number");
}

void fields::optional_integer(std::string_view key, std::optional<std::int64_t>& out) {
    auto const* v = find(key, false);
    if (!v)
        return;
    if (auto n = whole_number(*v)) {
        out = *n;
        return;
    }
    bool const whole =
        v->is_int64() || v->is_uint64() || (v->is_double() && v->get_double() == std::trunc(v->get_double()));
    fail(key, whole ? "integer out of range (int64)" : "expected an integer");
}

result<std::string> read_string_at(json::value const& v, std::string const& path) {
    if (auto const* s = v.if_string())
        return std::string(s->data(), s->size());
    return invalid_at(path, "expected a string");
}

} // namespace mcp::protocol::detail
