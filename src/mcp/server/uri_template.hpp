// URI templates (RFC 6570) for resource templates: parsing and matching a concrete URI back to its variables.
// Supported expressions: {var} (simple: no '/', '?', '#', ',' in the value), {+var} (reserved: any
// characters),
// {#var}, and literal text. Matching is anchored at both ends; values are percent-decoded for {var}.
//
// When a URI can be split in several ways, each variable, from left to right, takes the shortest non-empty
// value that lets the rest of the template match; if that value of a {var} is not valid percent-encoding, the
// URI does not fit (no longer split is tried). A repeated variable keeps its first value. Matching takes time
// O(uri size * template size) and uri size * (expressions + literals) bits, whatever the URI (security
// finding 7: it used to backtrack, polynomial in the URI's length with the number of variables as the
// exponent).
#pragma once

#include <boost/system/result.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcp {

class uri_template {
public:
    // Parses `text`; an error says which brace or operator is wrong.
    static boost::system::result<uri_template, std::string> parse(std::string_view text);

    // The variables of a URI that fits the template, by name; nullopt when it does not fit.
    std::optional<std::map<std::string, std::string>> match(std::string_view uri) const;

    std::vector<std::string> variable_names() const;
    std::string const& text() const { return text_; }

private:
    struct part {
        std::string literal;  // when name is empty
        std::string name;
        char op = 0;          // 0, '+', '#'
    };
    uri_template() = default;

    std::string text_;
    std::vector<part> parts_;
};

} // namespace mcp
