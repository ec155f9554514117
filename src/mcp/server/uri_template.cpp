#include <mcp/server/uri_template.hpp>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>

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

// A '%' that percent_decode rejects wherever the value containing it ends.
bool bad_escape(std::string_view uri, std::size_t i) {
    return uri[i] == '%' && !(i + 2 < uri.size() && hex_value(uri[i + 1]) >= 0 && hex_value(uri[i + 2]) >= 0);
}

// Whether percent_decode accepts uri[begin, end), given the first bad_escape at or after begin: every '%' in
// a value is looked at (the two hex digits it skips are never '%'), and needs two characters after it in the
// value.
bool decodes(std::string_view uri, std::size_t begin, std::size_t end, std::size_t first_bad_escape) {
    if (first_bad_escape < end)
        return false;
    for (std::size_t i = end >= begin + 2 ? end - 2 : begin; i < end; ++i)
        if (uri[i] == '%')
            return false;
    return true;
}

// One row of the matching table: a bit per position in the URI, end included (vector<bool> costs a dozen
// calls per access in debug builds, which made the 1 MiB test take seconds).
class row {
public:
    explicit row(std::size_t positions) : words_(std::make_unique<std::uint64_t[]>(positions / 64 + 1)) {}
    bool operator[](std::size_t i) const { return (words_[i / 64] >> (i % 64)) & 1; }
    void set(std::size_t i) { words_[i / 64] |= std::uint64_t(1) << (i % 64); }

private:
    std::unique_ptr<std::uint64_t[]> words_;
};

// The smallest index at or after x where `holds` is true (`none` when there is none), for an x that never
// increases from one call to the next: each index is tested once, so a sweep from the end of the URI is
// linear.
template <class Predicate>
class nearest_at_or_after {
public:
    nearest_at_or_after(std::size_t none, Predicate holds)
        : found_(none), tested_(none), holds_(std::move(holds)) {}
    std::size_t operator()(std::size_t x) {
        while (tested_ > x)
            if (holds_(--tested_))
                found_ = tested_;
        return found_;
    }

private:
    std::size_t found_;
    std::size_t tested_; // indexes from here on have been tested
    Predicate holds_;
};

// The row of a literal: it matches at p when the URI has it there and the rest matches after it.
row literal_row(std::string_view uri, std::string_view literal, row const& next) {
    row out(uri.size() + 1);
    for (std::size_t p = 0; p + literal.size() <= uri.size(); ++p)
        if (next[p + literal.size()] && uri.compare(p, literal.size(), literal) == 0)
            out.set(p);
    return out;
}

// The row of an expression: at p, its value is the shortest non-empty uri[begin, end) after which the rest
// matches; a simple value must stop before '/', '?', '#' and ',' and decode, or the expression does not match
// at p.
row expression_row(std::string_view uri, char op, row const& next) {
    std::size_t const n = uri.size();
    std::size_t const skip = op == '#' ? 1 : 0;
    row out(n + 1);
    nearest_at_or_after next_fit(n + 1, [&](std::size_t i) { return next[i]; });
    nearest_at_or_after next_stop(n, [&](std::size_t i) { return stops_simple(uri[i]); });
    nearest_at_or_after next_bad(n, [&](std::size_t i) { return bad_escape(uri, i); });
    for (std::size_t p = n; p-- > 0;) {
        std::size_t begin = p + skip;
        if (begin >= n || (skip && uri[p] != '#'))
            continue;
        std::size_t end = next_fit(begin + 1);
        if (end > n)
            continue;
        if (op != 0 || (end <= next_stop(begin) && decodes(uri, begin, end, next_bad(begin))))
            out.set(p);
    }
    return out;
}

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

// Matching is a dynamic programme over (part, position), filled from the last part backwards: fits[i][p] says
// whether parts i.. match uri[p..] under the rules in the header. A row costs O(n) for an expression and
// O(n * literal size) at worst for a literal; the values are then read off along the one path that fits.
std::optional<std::map<std::string, std::string>> uri_template::match(std::string_view uri) const {
    std::vector<row> fits;
    fits.reserve(parts_.size() + 1);
    fits.emplace_back(uri.size() + 1); // past the last part: only the end of the URI fits
    fits.back().set(uri.size());
    for (std::size_t i = parts_.size(); i-- > 0;) {
        part const& p = parts_[i];
        fits.push_back(p.name.empty() ? literal_row(uri, p.literal, fits.back())
                                      : expression_row(uri, p.op, fits.back()));
    }
    std::reverse(fits.begin(), fits.end()); // built from the last part back; now fits[i] is part i's row
    if (!fits[0][0])
        return std::nullopt;

    std::map<std::string, std::string> vars;
    std::size_t pos = 0;
    for (std::size_t i = 0; i < parts_.size(); ++i) {
        part const& p = parts_[i];
        if (p.name.empty()) {
            pos += p.literal.size();
            continue;
        }
        std::size_t begin = pos + (p.op == '#' ? 1 : 0);
        std::size_t end = begin + 1;
        while (!fits[i + 1][end])
            ++end; // the shortest value; expression_row saw that it decodes
        std::string_view value = uri.substr(begin, end - begin);
        vars.emplace(p.name, p.op == 0 ? *percent_decode(value) : std::string(value));
        pos = end;
    }
    return vars;
}

} // namespace mcp
