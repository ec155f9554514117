// `pattern` and `patternProperties` regexes: ECMA-262 syntax (2020-12 core section 6.4) run by RE2, whose
// matching is linear in the input and never recurses on it. Internal to schema_validator.
//
// RE2 has no lookaround and no backreferences (they need backtracking); a pattern using them does not compile
// here, with a message that says so, rather than being run by a backtracking engine on client input.
#pragma once

#include <boost/system/result.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace mcp::json::schema {

class regex {
public:
    // Translates the ECMA-262 pattern to RE2 syntax and compiles it; the error names the pattern and the
    // cause.
    static boost::system::result<regex, std::string> compile(std::string_view ecma);

    // True when the pattern matches somewhere in `text` (patterns are not anchored). Thread-safe.
    bool search(std::string_view text) const;
    std::string const& source() const { return source_; }

private:
    regex(std::shared_ptr<re2::RE2 const> re, std::string source)
        : re_(std::move(re)), source_(std::move(source)) {}
    std::shared_ptr<re2::RE2 const> re_;
    std::string source_;
};

// `ecma` in RE2 syntax, or why it cannot be: \uXXXX escapes, ECMA's \s and '.', named groups; exposed for
// tests.
boost::system::result<std::string, std::string> ecma_to_re2(std::string_view ecma);

} // namespace mcp::json::schema
