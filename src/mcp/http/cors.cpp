#include <mcp/http/cors.hpp>

#include <algorithm>

namespace mcp::http {
namespace {

bool allowed(cors_policy const& p, std::string_view origin) {
    if (p.allow_any_origin)
        return true;
    return std::find(p.allowed_origins.begin(), p.allowed_origins.end(), origin) != p.allowed_origins.end();
}

} // namespace

std::optional<std::string> cors_policy_problem(cors_policy const& p) {
    if (p.enabled && p.allow_any_origin && p.allow_credentials)
        return "CORS: credentials cannot be allowed for any origin (the CORS protocol forbids it); list the "
               "origins that may send credentials";
    return std::nullopt;
}

headers cors_response_headers(cors_policy const& p, std::optional<std::string_view> origin) {
    headers out;
    if (!p.enabled || !origin || !allowed(p, *origin))
        return out;
    bool wildcard = p.allow_any_origin && !p.allow_credentials;
    out.add("access-control-allow-origin", wildcard ? "*" : std::string(*origin));
    if (!wildcard)
        out.add("vary", "Origin");
    if (p.allow_credentials)
        out.add("access-control-allow-credentials", "true");
    // WWW-Authenticate: a browser client of a protected endpoint reads the challenge of a 401 or 403.
    out.add("access-control-expose-headers", "Mcp-Session-Id, Mcp-Protocol-Version, Last-Event-ID, WWW-Authenticate");
    return out;
}

namespace {

// The Mcp-Param-* names among a preflight's requested headers, each a token of at most 128 characters.
std::string requested_param_headers(std::string_view requested) {
    std::string out;
    while (!requested.empty()) {
        auto comma = requested.find(',');
        auto name = requested.substr(0, comma);
        requested = comma == std::string_view::npos ? std::string_view() : requested.substr(comma + 1);
        while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
        while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
        if (name.size() <= 128 && is_token(name) && name.size() > 10 && iequals(name.substr(0, 10), "mcp-param-"))
            out.append(", ").append(name);
    }
    return out;
}

} // namespace

headers cors_preflight_headers(cors_policy const& p, std::optional<std::string_view> origin,
                               std::optional<std::string_view> requested) {
    headers out = cors_response_headers(p, origin);
    if (out.fields().empty())
        return out;
    out.add("access-control-allow-methods", "GET, POST, DELETE, OPTIONS");
    out.add("access-control-allow-headers",
            "Content-Type, Accept, Authorization, Mcp-Session-Id, Mcp-Protocol-Version, Last-Event-ID, Mcp-Method, "
            "Mcp-Name" +
                (requested ? requested_param_headers(*requested) : std::string()));
    if (p.max_age.count() > 0)
        out.add("access-control-max-age", std::to_string(p.max_age.count()));
    return out;
}

} // namespace mcp::http
