// ECMA-262 to RE2 translation and matching. RE2 already shares most of ECMA's syntax; the translation covers
// what differs in meaning (\s, '.', \uXXXX, \cX, [^], named groups) and refuses what RE2 cannot run.
#include <mcp/json/schema/regex.hpp>

#include <re2/re2.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <optional>

namespace mcp::json::schema {

namespace {

// ECMA-262 WhiteSpace and LineTerminator (\s), as the inside of a character class.
constexpr std::string_view ecma_space =
    R"(\t\n\v\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff})";
// ECMA's '.' stops at every line terminator, RE2's only at '\n'.
constexpr std::string_view ecma_dot = R"([^\n\r\x{2028}\x{2029}])";

// Unicode general categories by their long names (Unicode PropertyValueAliases.txt), which ECMA-262 accepts
// in \p{...} and RE2 does not; RE2 knows the short names and the script names.
constexpr std::array<std::pair<std::string_view, std::string_view>, 37> category_aliases{{
    {"Letter", "L"},
    {"Uppercase_Letter", "Lu"},
    {"Lowercase_Letter", "Ll"},
    {"Titlecase_Letter", "Lt"},
    {"Modifier_Letter", "Lm"},
    {"Other_Letter", "Lo"},
    {"Mark", "M"},
    {"Combining_Mark", "M"},
    {"Nonspacing_Mark", "Mn"},
    {"Spacing_Mark", "Mc"},
    {"Enclosing_Mark", "Me"},
    {"Number", "N"},
    {"Decimal_Number", "Nd"},
    {"digit", "Nd"},
    {"Letter_Number", "Nl"},
    {"Other_Number", "No"},
    {"Punctuation", "P"},
    {"Connector_Punctuation", "Pc"},
    {"Dash_Punctuation", "Pd"},
    {"Open_Punctuation", "Ps"},
    {"Close_Punctuation", "Pe"},
    {"Initial_Punctuation", "Pi"},
    {"Final_Punctuation", "Pf"},
    {"Other_Punctuation", "Po"},
    {"Symbol", "S"},
    {"Math_Symbol", "Sm"},
    {"Currency_Symbol", "Sc"},
    {"Modifier_Symbol", "Sk"},
    {"Other_Symbol", "So"},
    {"Separator", "Z"},
    {"Space_Separator", "Zs"},
    {"Line_Separator", "Zl"},
    {"Paragraph_Separator", "Zp"},
    {"Other", "C"},
    {"Control", "Cc"},
    {"Format", "Cf"},
    {"Private_Use", "Co"},
}};

// "General_Category=Letter", "gc=L", "Script=Greek", "sc=Greek", "Letter": the name RE2 knows.
std::string_view property_name(std::string_view name) {
    for (std::string_view prefix :
         {"General_Category=", "gc=", "Script=", "sc=", "Script_Extensions=", "scx="})
        if (name.starts_with(prefix))
            name.remove_prefix(prefix.size());
    for (auto const& [alias, short_name] : category_aliases)
        if (alias == name)
            return short_name;
    return name;
}

std::string code_point(unsigned long cp) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "\\x{%lx}", cp);
    return buf;
}

class translator {
public:
    explicit translator(std::string_view in) : in_(in) {}

    boost::system::result<std::string, std::string> run() {
        while (i_ < in_.size() && error_.empty())
            step();
        if (!error_.empty())
            return boost::system::result<std::string, std::string>(boost::system::in_place_error, error_);
        return boost::system::result<std::string, std::string>(boost::system::in_place_value, out_);
    }

private:
    void step() {
        char const c = in_[i_];
        if (c == '\\')
            return escape();
        if (c == '(' && !in_class_)
            return group();
        if (c == '[' && !in_class_)
            return open_class();
        if (c == ']' && in_class_)
            in_class_ = false;
        if (c == '.' && !in_class_)
            out_ += ecma_dot;
        else
            out_ += c;
        ++i_;
    }

    char at(std::size_t k) const { return k < in_.size() ? in_[k] : '\0'; }

    void unsupported(std::string_view what) {
        error_ = std::string(what) + " needs backtracking, which RE2 (linear-time matching) does not do";
    }

    void escape() {
        char const c = at(i_ + 1);
        i_ += 2;
        if (c == '\0')
            error_ = "it ends with a lone backslash";
        else if (c == 'u')
            unicode_escape();
        else if (c == 'c')
            control_escape();
        else if ((c == 'p' || c == 'P') && at(i_) == '{')
            property(c);
        else if (c == 'k' && at(i_) == '<')
            unsupported("a named backreference (\\k<name>)");
        else if (c >= '1' && c <= '9')
            unsupported("a backreference (\\" + std::string(1, c) + ")");
        else if (auto const replaced = replacement(c))
            out_ += *replaced;
        else
            out_ += std::string("\\") + c;
    }

    // ECMA escapes that RE2 spells differently: \s and \S (Unicode spaces), \b in a class (backspace), \0.
    std::optional<std::string> replacement(char c) const {
        std::string const space(ecma_space);
        switch (c) {
        case 's':
            return in_class_ ? space : "[" + space + "]";
        case 'S':
            return in_class_ ? std::string("\\S") : "[^" + space + "]";
        case 'b':
            return std::string(in_class_ ? "\\x08" : "\\b");
        case '0':
            if (!std::isdigit(static_cast<unsigned char>(at(i_))))
                return std::string("\\x00");
            return std::nullopt;
        default:
            return std::nullopt;
        }
    }

    std::optional<unsigned long> hex(std::size_t from, std::size_t count) const {
        if (from + count > in_.size() || count == 0)
            return std::nullopt;
        unsigned long v = 0;
        for (std::size_t k = from; k < from + count; ++k) {
            if (!std::isxdigit(static_cast<unsigned char>(in_[k])))
                return std::nullopt;
            char const d = static_cast<char>(std::tolower(static_cast<unsigned char>(in_[k])));
            v = v * 16 + static_cast<unsigned long>(d <= '9' ? d - '0' : d - 'a' + 10);
        }
        return v;
    }

    // \uXXXX (a surrogate pair as two of them) or \u{X...}, as RE2's \x{...}.
    void unicode_escape() {
        if (at(i_) == '{') {
            auto const close = in_.find('}', i_);
            auto const v = close == std::string_view::npos ? std::nullopt : hex(i_ + 1, close - i_ - 1);
            if (!v || *v > 0x10FFFF) {
                error_ = "a \\u{...} escape is malformed";
                return;
            }
            out_ += code_point(*v);
            i_ = close + 1;
            return;
        }
        auto v = hex(i_, 4);
        if (!v) {
            error_ = "a \\u escape needs four hexadecimal digits";
            return;
        }
        i_ += 4;
        if (*v >= 0xD800 && *v < 0xDC00 && at(i_) == '\\' && at(i_ + 1) == 'u') {
            if (auto const low = hex(i_ + 2, 4); low && *low >= 0xDC00 && *low < 0xE000) {
                v = 0x10000 + ((*v - 0xD800) << 10) + (*low - 0xDC00);
                i_ += 6;
            }
        }
        out_ += code_point(*v);
    }

    void property(char p) {
        auto const close = in_.find('}', i_);
        if (close == std::string_view::npos) {
            error_ = "a \\p{...} escape is not closed";
            return;
        }
        out_ += "\\" + std::string(1, p) + "{" +
                std::string(property_name(in_.substr(i_ + 1, close - i_ - 1))) + "}";
        i_ = close + 1;
    }

    void control_escape() {
        char const letter = at(i_);
        if (std::isalpha(static_cast<unsigned char>(letter))) {
            out_ += code_point(static_cast<unsigned long>(letter) % 32);
            ++i_;
        } else {
            out_ += "\\\\c"; // ECMA: a \c not followed by a letter is the two characters
        }
    }

    void group() {
        ++i_;
        if (at(i_) != '?') {
            out_ += '(';
            return;
        }
        char const kind = at(i_ + 1);
        if (kind == '=' || kind == '!')
            return unsupported("a lookahead assertion (?" + std::string(1, kind) + "...)");
        if (kind == '<' && (at(i_ + 2) == '=' || at(i_ + 2) == '!'))
            return unsupported("a lookbehind assertion (?<" + std::string(1, at(i_ + 2)) + "...)");
        if (kind == '<') { // a named group: RE2 2022 spells it (?P<name>...)
            out_ += "(?P<";
            i_ += 2;
            return;
        }
        out_ += "(?";
        ++i_;
    }

    void open_class() {
        if (in_.substr(i_, 3) == "[^]") { // ECMA: any character at all
            out_ += R"([\x{0}-\x{10ffff}])";
            i_ += 3;
        } else if (in_.substr(i_, 2) == "[]") { // ECMA: no character
            out_ += R"([^\x{0}-\x{10ffff}])";
            i_ += 2;
        } else {
            in_class_ = true;
            out_ += '[';
            ++i_;
            if (at(i_) == '^') {
                out_ += '^';
                ++i_;
            }
        }
    }

    std::string_view in_;
    std::size_t i_ = 0;
    bool in_class_ = false;
    std::string out_;
    std::string error_;
};

} // namespace

boost::system::result<std::string, std::string> ecma_to_re2(std::string_view ecma) {
    return translator(ecma).run();
}

boost::system::result<regex, std::string> regex::compile(std::string_view ecma) {
    auto const quoted = "pattern \"" + std::string(ecma) + "\"";
    auto translated = ecma_to_re2(ecma);
    if (!translated)
        return boost::system::result<regex, std::string>(boost::system::in_place_error,
                                                         quoted + " is not supported: " + translated.error());
    re2::RE2::Options options;
    options.set_log_errors(false); // the error goes into our message, not to stderr
    options.set_never_capture(true);
    auto re =
        std::make_shared<re2::RE2 const>(re2::StringPiece(translated->data(), translated->size()), options);
    if (!re->ok())
        return boost::system::result<regex, std::string>(
            boost::system::in_place_error, quoted + " is not a valid regular expression: " + re->error());
    return regex(std::move(re), std::string(ecma));
}

bool regex::search(std::string_view text) const {
    return re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re_);
}

} // namespace mcp::json::schema
