// URI templates (RFC 6570) for resource templates: parsing and matching a concrete URI back to its variables.
// Supported expressions: {var} (simple: no '/', '?', '#', ',' in the value), {+var} (reserved: any characters),
// {#var}, and literal text. Matching is anchored at both ends; values are percent-decoded for {var}.
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
    bool match_from(std::size_t part_index, std::string_view rest, std::map<std::string, std::string>& out) const;

    std::string text_;
    std::vector<part> parts_;
};

} // namespace mcp
