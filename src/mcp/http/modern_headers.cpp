// SEP-2243 header checks (modern_headers.hpp): reading one mirrored header, the standard headers, the
// x-mcp-header walk of an inputSchema and the Mcp-Param-* comparison. Pure functions only.
#include <mcp/http/modern_headers.hpp>

#include <mcp/json/bytes.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>

namespace mcp::http {
namespace {

using json_object = boost::json::object;
using json_value = boost::json::value;

// 2026-07-28 server/tools, x-mcp-header: integers within the safe range of an IEEE 754 double.
constexpr std::int64_t max_safe_integer = (std::int64_t(1) << 53) - 1;

// "'value'" for a message, safe in JSON and in a log line.
std::string quoted(std::string_view value) {
    return "'" + printable(value) + "'";
}

std::string_view trim_ows(std::string_view v) {
    auto const first = v.find_first_not_of(" \t");
    return first == v.npos ? std::string_view() : v.substr(first, v.find_last_not_of(" \t") - first + 1);
}

// RFC 9110 section 5.5: field-vchar (0x21-0x7E), SP and HTAB. obs-text (0x80-0xFF) is refused too: 2026-07-28
// "Value Encoding" sends anything outside ASCII as base64.
bool is_field_value(std::string_view v) {
    return std::all_of(v.begin(), v.end(), [](char c) { return (c >= 0x20 && c <= 0x7e) || c == '\t'; });
}

// One mirrored header as the body should hold it.
struct header_read {
    bool present = false;
    std::string value;
    std::optional<std::string> problem;
};

// Finds `name` (case-insensitive), refuses a repeat and bad characters, trims OWS and, where the header
// permits it, decodes the base64 sentinel.
header_read read_header(headers const& h, std::string_view name, bool sentinel_allowed) {
    std::optional<std::string_view> found;
    int count = 0;
    for (auto [n, v] : h.fields())
        if (iequals(n, name) && ++count == 1)
            found = v;
    if (count == 0)
        return {};
    std::string const label(name);
    if (count > 1)
        return {.problem =
                    "the " + label + " header appears " + std::to_string(count) + " times; send it once"};
    auto const value = trim_ows(*found);
    if (!is_field_value(value))
        return {.problem =
                    "the " + label + " header " + quoted(value) +
                    " has a character a header value may not hold (send such values as =?base64?...?=)"};
    if (!sentinel_allowed)
        return {.present = true, .value = std::string(value)};
    auto decoded = decode_header_value(value);
    if (!decoded)
        return {.problem = "the " + label + " header " + quoted(value) +
                           " is not valid =?base64?...?= (standard base64 with its '=' padding)"};
    return {.present = true, .value = std::move(*decoded)};
}

// The body field that Mcp-Name mirrors for `method`; empty for a method that has none. 2026-07-28
// streamable-http "Standard Request Headers"; the tasks methods: SEP-2663 "Streamable HTTP: Routing Headers".
std::string_view name_source(std::string_view method) {
    if (method == "tools/call" || method == "prompts/get")
        return "name";
    if (method == "resources/read")
        return "uri";
    if (method == "tasks/get" || method == "tasks/update" || method == "tasks/cancel")
        return "taskId";
    return {};
}

std::optional<std::string> name_problem(headers const& h, std::string_view method,
                                        json_object const& params) {
    auto const field = name_source(method);
    if (field.empty())
        return std::nullopt;
    auto const label = "params." + std::string(field);
    auto read = read_header(h, "Mcp-Name", true);
    if (read.problem)
        return read.problem;
    auto const* body = params.if_contains(field);
    if (!body || !body->is_string()) {
        if (read.present)
            return "the Mcp-Name header " + quoted(read.value) + " is sent, but the body has no string " +
                   label;
        return std::nullopt;
    }
    std::string_view const expected = body->get_string();
    if (!read.present)
        return "the Mcp-Name header is missing; " + std::string(method) + " requires it to repeat " + label +
               " " + quoted(expected);
    if (read.value != expected)
        return "the Mcp-Name header " + quoted(read.value) + " does not match " + label + " " +
               quoted(expected);
    return std::nullopt;
}

// --- x-mcp-header annotations ---

// RFC 6901: '~' and '/' escaped in a JSON pointer's tokens.
std::string pointer_token(std::string_view key) {
    std::string out;
    for (char c : key) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

// Keywords whose value is an instance, not a schema: an "x-mcp-header" key inside one is data.
bool is_instance_keyword(std::string_view key) {
    return key == "const" || key == "enum" || key == "default" || key == "examples";
}

// Keywords whose value maps names to schemas (the names are not keywords).
bool is_schema_map(std::string_view key) {
    return key == "properties" || key == "patternProperties" || key == "$defs" || key == "definitions" ||
           key == "dependentSchemas";
}

std::optional<param_header::kind> kind_of(json_object const& schema) {
    auto const* type = schema.if_contains("type");
    if (!type || !type->is_string())
        return std::nullopt;
    std::string_view const t = type->get_string();
    if (t == "string")
        return param_header::kind::string;
    if (t == "integer")
        return param_header::kind::integer;
    if (t == "boolean")
        return param_header::kind::boolean;
    return std::nullopt;
}

struct schema_walk {
    std::vector<param_header> found;
    std::vector<std::string> where; // the JSON pointer of each found annotation
    std::optional<std::string> problem;
};

// Records the annotation of `schema`, or says why it is invalid. `path`: the property names from the root
// when `schema` is reached through `properties` alone, else null.
std::optional<std::string> annotate(json_value const& annotation, json_object const& schema,
                                    std::string const& pointer, std::vector<std::string> const* path,
                                    schema_walk& w) {
    auto const at = pointer.empty() ? std::string(" at the root") : " at " + pointer;
    if (!path || path->empty())
        return "x-mcp-header" + at + " is not on a property reached from the root through properties alone";
    if (!annotation.is_string())
        return "x-mcp-header" + at + " is not a string";
    std::string_view const name = annotation.get_string();
    if (!is_token(name))
        return "x-mcp-header " + quoted(name) + at +
               " is not an HTTP field-name token (letters, digits and !#$%&'*+-.^_`|~, at least one)";
    auto const kind = kind_of(schema);
    if (!kind)
        return "x-mcp-header " + quoted(name) + at +
               " is on a property whose \"type\" is not \"string\", \"integer\" or \"boolean\"";
    for (std::size_t i = 0; i < w.found.size(); ++i)
        if (iequals(w.found[i].name, name))
            return "x-mcp-header " + quoted(name) + at + " repeats " + quoted(w.found[i].name) + " at " +
                   w.where[i] + " (names are unique regardless of case)";
    w.found.push_back({.name = std::string(name), .path = *path, .type = *kind});
    w.where.push_back(pointer);
    return std::nullopt;
}

void visit(json_value const& v, std::string const& pointer, std::vector<std::string> const* path,
           schema_walk& w);

void visit_object(json_object const& schema, std::string const& pointer, std::vector<std::string> const* path,
                  schema_walk& w) {
    if (auto const* a = schema.if_contains("x-mcp-header"))
        w.problem = annotate(*a, schema, pointer, path, w);
    for (auto const& [key, value] : schema) {
        if (w.problem)
            return;
        if (key == "x-mcp-header" || is_instance_keyword(key))
            continue;
        auto const here = pointer + "/" + pointer_token(key);
        if (!is_schema_map(key) || !value.is_object()) {
            visit(value, here, nullptr, w);
            continue;
        }
        for (auto const& [name, sub] : value.get_object()) {
            std::optional<std::vector<std::string>> child;
            if (key == "properties" && path) {
                child = *path;
                child->emplace_back(name);
            }
            visit(sub, here + "/" + pointer_token(name), child ? &*child : nullptr, w);
        }
    }
}

void visit(json_value const& v, std::string const& pointer, std::vector<std::string> const* path,
           schema_walk& w) {
    if (v.is_object()) {
        visit_object(v.get_object(), pointer, path, w);
    } else if (v.is_array()) {
        auto const& items = v.get_array();
        for (std::size_t i = 0; i < items.size() && !w.problem; ++i)
            visit(items[i], pointer + "/" + std::to_string(i), nullptr, w);
    }
}

// --- Mcp-Param-* ---

// The argument at `path`; null when absent (an absent object on the way included).
json_value const* argument_at(json_object const& arguments, std::vector<std::string> const& path) {
    json_object const* at = &arguments;
    json_value const* v = nullptr;
    for (auto const& key : path) {
        if (!at)
            return nullptr;
        v = at->if_contains(key);
        if (!v)
            return nullptr;
        at = v->if_object();
    }
    return v;
}

std::string argument_label(std::vector<std::string> const& path) {
    std::string out = "arguments";
    for (auto const& key : path)
        out += "." + key;
    return out;
}

// An integral JSON number within the safe range; nullopt otherwise (42.0 is 42: JSON Schema's integer).
std::optional<std::int64_t> safe_integer(json_value const& v) {
    if (v.is_int64() && v.get_int64() >= -max_safe_integer && v.get_int64() <= max_safe_integer)
        return v.get_int64();
    if (v.is_uint64() && v.get_uint64() <= std::uint64_t(max_safe_integer))
        return std::int64_t(v.get_uint64());
    if (v.is_double() && std::trunc(v.get_double()) == v.get_double() &&
        std::fabs(v.get_double()) <= double(max_safe_integer))
        return std::int64_t(v.get_double());
    return std::nullopt;
}

// A header holding a decimal number with no fractional value ("42", "-7", "042", "42.00"), within the safe
// range; nullopt for anything else (2026-07-28 "Server Validation": integers compare numerically).
std::optional<std::int64_t> header_integer(std::string_view s) {
    bool const negative = !s.empty() && s.front() == '-';
    if (negative)
        s.remove_prefix(1);
    auto const dot = s.find('.');
    auto whole = s.substr(0, dot);
    auto const fraction = dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
    auto const digits = [](std::string_view d) { return d.find_first_not_of("0123456789") == d.npos; };
    if (whole.empty() || !digits(whole) || (dot != s.npos && (fraction.empty() || !digits(fraction))))
        return std::nullopt;
    if (fraction.find_first_not_of('0') != fraction.npos)
        return std::nullopt; // "4.2": no integer equals it
    while (whole.size() > 1 && whole.front() == '0')
        whole.remove_prefix(1);
    if (whole.size() > 16) // 2^53 - 1 has 16 digits
        return std::nullopt;
    std::int64_t n = 0;
    for (char c : whole)
        n = n * 10 + (c - '0');
    if (n > max_safe_integer)
        return std::nullopt;
    return negative ? -n : n;
}

// Why `header` (decoded) does not stand for `body`; nullopt when it does.
std::optional<std::string> value_problem(param_header const& p, std::string const& header,
                                         json_value const& body) {
    auto const name = "the Mcp-Param-" + p.name + " header " + quoted(header);
    auto const label = argument_label(p.path);
    auto const shown = [&] { return printable(boost::json::serialize(body)); };
    switch (p.type) {
    case param_header::kind::string:
        if (!body.is_string())
            return label + " is " + shown() + ", not the string its x-mcp-header " + quoted(p.name) +
                   " requires";
        if (header != std::string_view(body.get_string()))
            return name + " does not match " + label + " " + quoted(body.get_string());
        return std::nullopt;
    case param_header::kind::integer: {
        auto const expected = safe_integer(body);
        if (!expected)
            return label + " is " + shown() +
                   ", not an integer within +/-(2^53 - 1) as x-mcp-header requires";
        if (header_integer(header) != expected)
            return name + " does not match " + label + " " + shown() + " (a decimal integer is expected)";
        return std::nullopt;
    }
    case param_header::kind::boolean:
        if (!body.is_bool())
            return label + " is " + shown() + ", not the boolean its x-mcp-header " + quoted(p.name) +
                   " requires";
        if (header != (body.get_bool() ? "true" : "false"))
            return name + " does not match " + label + " " + shown() + " (\"true\" or \"false\" is expected)";
        return std::nullopt;
    }
    return std::nullopt;
}

std::optional<std::string> one_param_problem(headers const& h, param_header const& p,
                                             json_object const& arguments) {
    auto const header = "Mcp-Param-" + p.name;
    auto read = read_header(h, header, true);
    if (read.problem)
        return read.problem;
    auto const* body = argument_at(arguments, p.path);
    if (!body || body->is_null()) {
        // 2026-07-28 "Server Behavior for Custom Headers": a client MUST omit the header for an absent or
        // null value; one that is sent anyway disagrees with the body ("Server Validation"), and an
        // intermediary may already have acted on it.
        if (read.present)
            return "the " + header + " header " + quoted(read.value) + " is sent, but " +
                   argument_label(p.path) + " has no value";
        return std::nullopt;
    }
    if (!read.present)
        return "the " + header + " header is missing; it must repeat " + argument_label(p.path) + " " +
               printable(boost::json::serialize(*body));
    return value_problem(p, read.value, *body);
}

} // namespace

std::optional<std::string> standard_header_problem(headers const& h, std::string_view method,
                                                   json_object const& params) {
    // 2026-07-28 streamable-http "Standard Request Headers": Mcp-Method on every request and notification.
    auto read = read_header(h, "Mcp-Method", false);
    if (read.problem)
        return read.problem;
    if (!read.present)
        return "the Mcp-Method header is missing; it must repeat the body's method " + quoted(method);
    if (read.value != method)
        return "the Mcp-Method header " + quoted(read.value) + " does not match the body's method " +
               quoted(method);
    return name_problem(h, method, params);
}

std::optional<std::string> decode_header_value(std::string_view value) {
    static constexpr std::string_view prefix = "=?base64?", suffix = "?=";
    if (value.size() < prefix.size() + suffix.size() || !value.starts_with(prefix) ||
        !value.ends_with(suffix))
        return std::string(value);
    auto const text = value.substr(prefix.size(), value.size() - prefix.size() - suffix.size());
    auto bytes = mcp::json::base64_decode(text);
    // base64_decode accepts missing padding and ignores the pad bits; encoding back refuses both, so one
    // header value stands for one body value.
    if (!bytes || mcp::json::base64_encode(*bytes) != text)
        return std::nullopt;
    return bytes;
}

mcp::result<std::vector<param_header>> tool_param_headers(json_object const& input_schema) {
    schema_walk w;
    std::vector<std::string> const root;
    visit_object(input_schema, "", &root, w);
    if (w.problem)
        return mcp::error::invalid_params(*w.problem);
    return std::move(w.found);
}

std::optional<std::string> param_header_problem(headers const& h, std::vector<param_header> const& params,
                                                json_object const& arguments) {
    for (auto const& p : params)
        if (auto problem = one_param_problem(h, p, arguments))
            return problem;
    return std::nullopt;
}

} // namespace mcp::http
