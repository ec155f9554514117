#include <mcp/http/wire_trace.hpp>

#include <array>

namespace mcp::http {

bool is_secret_header(std::string_view name) {
    auto const lower = lowercase(name);
    static constexpr std::array<std::string_view, 7> marks = {"auth",    "token",  "secret", "password",
                                                              "api-key", "apikey", "cookie"};
    for (auto mark : marks)
        if (lower.find(mark) != std::string::npos)
            return true; // authorization, x-authorizer-*, x-auth-token, x-api-key, set-cookie, ...
    return false;
}

std::string traced_headers(headers const& h) {
    std::string out = "{";
    for (auto [name, value] : h.fields()) {
        if (out.size() > 1)
            out += ", ";
        out += printable(name, 64);
        out += ": ";
        if (is_secret_header(name))
            out += "[redacted]";
        else if (iequals(name, "mcp-session-id"))
            out += printable(value.substr(0, 8), 8) + "...";
        else
            out += printable(value, 256);
    }
    return out + "}";
}

std::string traced_body(std::string_view body, std::size_t limit) {
    return printable(body, limit);
}

} // namespace mcp::http
