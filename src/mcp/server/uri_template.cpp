#include <mcp/server/uri_template.hpp>

#include <cctype>

namespace mcp {
namespace {

bool is_varchar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'; }

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<std::string> percent_decode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        int hi = i + 1 < s.size() ? hex_value(s[i + 1]) : -1;
        int lo = i + 2 < s.size() ? hex_value(s[i + 2]) : -1;
        if (hi < 0 || lo < 0) return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

// Characters a simple {var} value may not contain (they delimit URI parts).
bool stops_simple(char c) { return c == '/' || c == '?' || c == '#' || c == ','; }

} // namespace

boost::system::result<uri_template, std::string> uri_template::parse(std::string_view text) {
    uri_template t;
    t.text_ = std::string(text);
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == '}') return "unmatched '}' at offset " + std::to_string(i);
        if (text[i] != '{') {
            std::size_t next = text.find_first_of("{}", i);
            if (next == std::string_view::npos) next = text.size();
            t.parts_.push_back({std::string(text.substr(i, next - i)), {}, 0});
            i = next;
            continue;
        }
        std::size_t close = text.find('}', i);
        if (close == std::string_view::npos) return "unclosed '{' at offset " + std::to_string(i);
        std::string_view expr = text.substr(i + 1, close - i - 1);
        part p;
        if (!expr.empty() && (expr[0] == '+' || expr[0] == '#')) {
            p.op = expr[0];
            expr.remove_prefix(1);
        }
        if (expr.empty()) return "empty expression at offset " + std::to_string(i);
        for (char c : expr)
            if (!is_varchar(c))
                return "unsupported character '" + std::string(1, c) + "' in expression {" + std::string(expr) +
                       "} (only {name}, {+name} and {#name} are supported)";
        if (!t.parts_.empty() && !t.parts_.back().name.empty())
            return "two expressions without a literal between them cannot be matched: " + std::string(text);
        p.name = std::string(expr);
        t.parts_.push_back(std::move(p));
        i = close + 1;
    }
    return t;
}

std::vector<std::string> uri_template::variable_names() const {
    std::vector<std::string> names;
    for (auto const& p : parts_)
        if (!p.name.empty()) names.push_back(p.name);
    return names;
}

std::optional<std::map<std::string, std::string>> uri_template::match(std::string_view uri) const {
    std::map<std::string, std::string> vars;
    if (!match_from(0, uri, vars)) return std::nullopt;
    return vars;
}

// Backtracking over the (few) expressions: each variable takes the shortest value that lets the rest match.
bool uri_template::match_from(std::size_t index, std::string_view rest,
                              std::map<std::string, std::string>& out) const {
    if (index == parts_.size()) return rest.empty();
    part const& p = parts_[index];
    if (p.name.empty()) {
        if (rest.substr(0, p.literal.size()) != p.literal) return false;
        return match_from(index + 1, rest.substr(p.literal.size()), out);
    }
    std::string_view prefix = p.op == '#' ? "#" : "";
    if (rest.substr(0, prefix.size()) != prefix) return false;
    rest.remove_prefix(prefix.size());
    for (std::size_t len = 1; len <= rest.size(); ++len) {
        if (p.op == 0 && stops_simple(rest[len - 1])) break;
        if (!match_from(index + 1, rest.substr(len), out)) continue;
        auto value = p.op == 0 ? percent_decode(rest.substr(0, len)) : std::optional(std::string(rest.substr(0, len)));
        if (!value) return false;
        out[p.name] = std::move(*value);
        return true;
    }
    return false;
}

} // namespace mcp
