// The envelope glance of message_peek.hpp: a cursor over JSON text that reads an object's members and skips
// every value it is not asked about.
#include <mcp/http/message_peek.hpp>

namespace mcp::http {
namespace {

class cursor {
public:
    explicit cursor(std::string_view text) : t_(text) {}

    // The next non-blank character, or '\0' at the end (never consumed).
    char peek() {
        while (i_ < t_.size() && (t_[i_] == ' ' || t_[i_] == '\t' || t_[i_] == '\n' || t_[i_] == '\r'))
            ++i_;
        return i_ < t_.size() ? t_[i_] : '\0';
    }
    bool eat(char c) {
        if (peek() != c)
            return false;
        ++i_;
        return true;
    }
    // A string's raw text (escapes kept); nullopt when the next value is not a whole string.
    std::optional<std::string_view> string() {
        if (!eat('"'))
            return std::nullopt;
        auto const start = i_;
        for (; i_ < t_.size(); ++i_) {
            if (t_[i_] == '\\')
                ++i_; // the escaped character, whatever it is
            else if (t_[i_] == '"')
                return t_.substr(start, i_++ - start);
        }
        return std::nullopt;
    }
    // A JSON integer (the first 18 digits of a longer one are not a code anyone sends).
    std::optional<std::int64_t> integer() {
        bool const negative = eat('-');
        std::int64_t value = 0;
        int digits = 0;
        for (; i_ < t_.size() && t_[i_] >= '0' && t_[i_] <= '9' && digits < 18; ++i_, ++digits)
            value = value * 10 + (t_[i_] - '0');
        if (digits == 0)
            return std::nullopt;
        return negative ? -value : value;
    }
    // Skips one value of any kind; false when the text ends inside it.
    bool skip_value() {
        char const c = peek();
        if (c == '"')
            return string().has_value();
        if (c != '{' && c != '[') {
            while (i_ < t_.size() && t_[i_] != ',' && t_[i_] != '}' && t_[i_] != ']')
                ++i_;
            return i_ < t_.size();
        }
        return skip_nested();
    }

private:
    // From an opening bracket to its closing one, strings skipped whole.
    bool skip_nested() {
        int depth = 0;
        for (; i_ < t_.size(); ++i_) {
            char const c = t_[i_];
            if (c == '"') {
                if (!string())
                    return false;
                --i_; // string() stopped past the quote; the loop steps again
            } else if (c == '{' || c == '[') {
                ++depth;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                ++i_;
                return true;
            }
        }
        return false;
    }

    std::string_view t_;
    std::size_t i_ = 0;
};

// Calls on_member(key, cursor) for each member of the object at the cursor; it must read the value (or
// skip it) and returns false to stop early. False when the text is not an object or ends inside it.
template <class OnMember>
bool members(cursor& c, OnMember on_member) {
    if (!c.eat('{'))
        return false;
    if (c.eat('}'))
        return true;
    for (;;) {
        auto key = c.string();
        if (!key || !c.eat(':'))
            return false;
        if (!on_member(*key, c))
            return true;
        if (c.eat('}'))
            return true;
        if (!c.eat(','))
            return false;
    }
}

// A string member's value, or the value skipped when it is of another kind.
bool read_string(cursor& c, std::string_view& into) {
    if (c.peek() != '"')
        return c.skip_value();
    auto s = c.string();
    if (s)
        into = *s;
    return s.has_value();
}

bool read_params(cursor& c, request_peek& out) {
    if (c.peek() != '{')
        return c.skip_value();
    return members(c, [&out](std::string_view key, cursor& in) {
        if (key == "name")
            return read_string(in, out.name);
        if (key == "uri")
            return read_string(in, out.uri);
        return in.skip_value();
    });
}

} // namespace

request_peek peek_request(std::string_view text) {
    request_peek out;
    cursor c(text);
    bool seen_params = false;
    members(c, [&](std::string_view key, cursor& in) {
        if (key == "method") {
            if (!read_string(in, out.method))
                return false;
        } else if (key == "params") {
            seen_params = true;
            if (!read_params(in, out))
                return false;
        } else if (key == "id") {
            out.has_id = true;
            if (!in.skip_value())
                return false;
        } else if (!in.skip_value()) {
            return false;
        }
        return !(seen_params && out.has_id && !out.method.empty()); // all there is to see
    });
    return out;
}

std::optional<std::int64_t> peek_error_code(std::string_view text) {
    std::optional<std::int64_t> code;
    cursor c(text);
    members(c, [&code](std::string_view key, cursor& in) {
        if (key == "result" || key == "method")
            return false; // not an error response
        if (key != "error")
            return in.skip_value();
        if (in.peek() == '{')
            members(in, [&code](std::string_view inner, cursor& e) {
                if (inner != "code")
                    return e.skip_value();
                code = e.integer();
                return false;
            });
        return false;
    });
    return code;
}

} // namespace mcp::http
