// Fuzzes URI templates (server/uri_template.hpp): the first line of an input is the template, the rest the
// URI. Checked: matching agrees with the backtracking matcher it replaced (kept here as the reference, run
// only where its cost stays small: it is polynomial in the URI's length with the number of expressions as the
// exponent), and every name it returns is one of the template's.
#include "fuzz_input.hpp"

#include <mcp/server/uri_template.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace {

// The template as the reference matcher reads it: literals and expressions ({name}, {+name}, {#name}).
struct part {
    std::string literal;
    std::string name;
    char op = 0;
};

// Parses what uri_template::parse accepted: literal text and well-formed expressions.
std::vector<part> parts_of(std::string_view text) {
    std::vector<part> out;
    while (!text.empty()) {
        if (text[0] != '{') {
            auto next = std::min(text.find('{'), text.size());
            out.push_back({std::string(text.substr(0, next)), {}, 0});
            text.remove_prefix(next);
            continue;
        }
        auto close = text.find('}');
        auto expr = text.substr(1, close - 1);
        part p;
        if (expr[0] == '+' || expr[0] == '#') {
            p.op = expr[0];
            expr.remove_prefix(1);
        }
        p.name = std::string(expr);
        out.push_back(std::move(p));
        text.remove_prefix(close + 1);
    }
    return out;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

std::optional<std::string> percent_decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        int hi = i + 1 < s.size() ? hex_value(s[i + 1]) : -1;
        int lo = i + 2 < s.size() ? hex_value(s[i + 2]) : -1;
        if (hi < 0 || lo < 0)
            return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

bool stops_simple(char c) {
    return c == '/' || c == '?' || c == '#' || c == ',';
}

// The matcher of uri_template.cpp before security finding 7, unchanged.
bool match_from(std::vector<part> const& parts, std::size_t index, std::string_view rest,
                std::map<std::string, std::string>& out) {
    if (index == parts.size())
        return rest.empty();
    part const& p = parts[index];
    if (p.name.empty()) {
        if (rest.substr(0, p.literal.size()) != p.literal)
            return false;
        return match_from(parts, index + 1, rest.substr(p.literal.size()), out);
    }
    std::string_view prefix = p.op == '#' ? "#" : "";
    if (rest.substr(0, prefix.size()) != prefix)
        return false;
    rest.remove_prefix(prefix.size());
    for (std::size_t len = 1; len <= rest.size(); ++len) {
        if (p.op == 0 && stops_simple(rest[len - 1]))
            break;
        if (!match_from(parts, index + 1, rest.substr(len), out))
            continue;
        auto value =
            p.op == 0 ? percent_decode(rest.substr(0, len)) : std::optional(std::string(rest.substr(0, len)));
        if (!value)
            return false;
        out[p.name] = std::move(*value);
        return true;
    }
    return false;
}

std::optional<std::map<std::string, std::string>> reference_match(std::vector<part> const& parts,
                                                                  std::string_view uri) {
    std::map<std::string, std::string> vars;
    if (!match_from(parts, 0, uri, vars))
        return std::nullopt;
    return vars;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    mcp::fuzz::input in(data, size);
    auto const text = in.line();
    auto const uri = in.rest();
    auto const t = mcp::uri_template::parse(text);
    if (!t)
        return 0;
    MCP_FUZZ_CHECK(t->text() == text);
    auto const names = t->variable_names();
    auto const vars = t->match(uri);
    if (vars)
        for (auto const& [name, value] : *vars)
            MCP_FUZZ_CHECK(std::find(names.begin(), names.end(), name) != names.end());
    if (std::pow(double(uri.size() + 1), double(names.size())) <= 1e5)
        MCP_FUZZ_CHECK(vars == reference_match(parts_of(text), uri));
    return 0;
}
