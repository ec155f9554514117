#include <mcp/auth/resource_server.hpp>

#include <mcp/core/log.hpp>

#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>
#include <set>
#include <stdexcept>

namespace mcp::auth {
namespace {

constexpr std::string_view well_known = "/.well-known/oauth-protected-resource";

bool is_loopback_host(std::string_view host) {
    return host == "127.0.0.1" || host == "[::1]" || host == "localhost";
}

// RFC 6750 section 2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
bool is_b64token(std::string_view t) {
    auto end = t.find_last_not_of('=');
    if (end == std::string_view::npos)
        return false;
    return std::all_of(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(end) + 1, [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
               c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    });
}

bool iequals_ascii(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](char x, char y) { return (x | 0x20) == (y | 0x20); });
}

// The value of an auth-param as an RFC 9110 quoted-string: our own texts, but a description could one day quote
// something, and a stray quote would end the parameter early.
std::string quoted(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += (c >= 0x20 && c < 0x7f) ? c : '?';
    }
    return out + '"';
}

std::string joined(std::vector<std::string> const& words) {
    std::string out;
    for (auto const& w : words)
        out += (out.empty() ? "" : " ") + w;
    return out;
}

void add_scopes(std::vector<std::string>& to, scope_map const& map, std::string_view key) {
    auto it = map.find(key);
    if (it == map.end())
        return;
    for (auto const& s : it->second)
        if (std::find(to.begin(), to.end(), s) == to.end())
            to.push_back(s);
}

std::set<std::string, std::less<>> granted_scopes(http::request const& req) {
    std::set<std::string, std::less<>> out;
    auto text = req.trusted.get("x-mcp-auth-scopes").value_or("");
    while (!text.empty()) {
        auto space = text.find(' ');
        if (auto word = text.substr(0, space); !word.empty())
            out.emplace(word);
        text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
    }
    return out;
}

std::string metadata_document(resource_options const& o) {
    boost::json::object doc{{"resource", o.resource},
                            {"authorization_servers", boost::json::value_from(o.authorization_servers)},
                            {"bearer_methods_supported", boost::json::array{"header"}}};
    if (!o.scopes_supported.empty())
        doc["scopes_supported"] = boost::json::value_from(o.scopes_supported);
    if (o.resource_name)
        doc["resource_name"] = *o.resource_name;
    if (o.resource_documentation)
        doc["resource_documentation"] = *o.resource_documentation;
    return boost::json::serialize(doc);
}

void add_principal(http::request& req, principal const& p) {
    req.trusted.set("x-mcp-auth-subject", p.subject);
    req.trusted.set("x-mcp-auth-issuer", p.issuer);
    std::string scopes;
    for (auto const& s : p.scopes)
        scopes += (scopes.empty() ? "" : " ") + s;
    req.trusted.set("x-mcp-auth-scopes", scopes);
    if (!p.claims.empty())
        req.trusted.set("x-mcp-auth-claims", boost::json::serialize(p.claims));
}

} // namespace

std::optional<std::string> resource_options_problem(resource_options const& o) {
    auto url = boost::urls::parse_absolute_uri(o.resource);
    // Boost.URL 1.81 reads "http://127.0.0.1.evil.example/mcp" as host 127.0.0.1, path ".evil.example/mcp".
    if (o.resource.empty() || !url || !url->has_authority() || url->has_fragment() ||
        !(url->encoded_path().empty() || url->encoded_path().starts_with('/')))
        return "resource must be this endpoint's absolute URI, such as https://mcp.example.com/mcp";
    if (url->scheme() != "https" && !(url->scheme() == "http" && is_loopback_host(url->encoded_host())))
        return "resource must be an https URI (http only for 127.0.0.1, [::1] or localhost)";
    if (o.authorization_servers.empty())
        return "name at least one authorization server (its issuer identifier)";
    return std::nullopt;
}

resource_server::resource_server(std::shared_ptr<token_verifier> verifier, resource_options options)
    : verifier_(std::move(verifier)), options_(std::move(options)) {
    if (!verifier_)
        throw std::invalid_argument("resource_server: a token verifier is required");
    if (auto problem = resource_options_problem(options_))
        throw std::invalid_argument("resource_server: " + *problem);
    auto url = boost::urls::parse_absolute_uri(options_.resource).value();
    auto path = std::string(url.encoded_path());
    metadata_path_ = std::string(well_known) + (path == "/" ? "" : path);
    metadata_url_ = std::string(url.scheme()) + "://" + std::string(url.encoded_authority()) + metadata_path_;
    document_ = metadata_document(options_);
}

http::access_refusal resource_server::challenge(int status, std::string_view error_code,
                                                std::string_view description,
                                                std::vector<std::string> const& scopes) const {
    std::string value = "Bearer resource_metadata=" + quoted(metadata_url_);
    if (!scopes.empty())
        value += ", scope=" + quoted(joined(scopes));
    if (!error_code.empty())
        value += ", error=" + quoted(error_code) + ", error_description=" + quoted(description);
    http::access_refusal r;
    r.status = status;
    r.headers.set("www-authenticate", value);
    auto kind = status == 403 ? "Forbidden: " : "Unauthorized: ";
    r.reason = status == 403 ? mcp::error::forbidden(kind + std::string(description))
                             : mcp::error::unauthenticated(kind + std::string(description));
    return r;
}

task<std::optional<http::access_refusal>> resource_server::admit(http::request& req) {
    std::string both;
    auto header = req.headers.get_joined("authorization", both);
    std::string_view const scheme = "bearer ";
    if (!header || header->size() <= scheme.size() || !iequals_ascii(header->substr(0, scheme.size()), scheme))
        co_return challenge(401, "", "this server needs an OAuth access token (Authorization: Bearer <token>); "
                                     "its authorization server is named at " + metadata_url_,
                            options_.required_scopes);
    auto token = header->substr(scheme.size());
    if (!is_b64token(token)) // also two Authorization headers, joined with ", "
        co_return challenge(401, "invalid_token", "the bearer token is not a single b64token",
                            options_.required_scopes);
    auto principal = co_await verifier_->verify(std::string(token));
    if (!principal && principal.error().code() == errc::unavailable) {
        log::error("access: cannot verify tokens now: {}", principal.error().message());
        http::access_refusal r;
        r.status = 503;
        r.headers.set("retry-after", std::to_string(options_.retry_after_seconds));
        r.reason = mcp::error(protocol::code::access_unavailable,
                         "Service unavailable: access tokens cannot be verified now; try again later");
        co_return r;
    }
    if (!principal) {
        log::info("access: token refused from {}: {}", req.remote_address, principal.error().message());
        co_return challenge(401, "invalid_token", principal.error().message(), options_.required_scopes);
    }
    add_principal(req, *principal);
    co_return permit(req, "", {});
}

std::optional<http::access_refusal> resource_server::permit(http::request const& req, std::string_view method,
                                                            boost::json::object const& params) const {
    std::vector<std::string> needed = options_.required_scopes;
    add_scopes(needed, options_.method_scopes, method);
    auto const* name = params.if_contains("name");
    auto name_text = name && name->is_string() ? std::string_view(name->get_string()) : std::string_view();
    if (method == "tools/call")
        add_scopes(needed, options_.tool_scopes, name_text);
    if (method == "prompts/get")
        add_scopes(needed, options_.prompt_scopes, name_text);
    auto granted = granted_scopes(req);
    bool covered = std::all_of(needed.begin(), needed.end(), [&](auto const& s) { return granted.contains(s); });
    if (covered)
        return std::nullopt;
    return challenge(403, "insufficient_scope", "the access token lacks a scope this request needs", needed);
}

std::optional<std::string> resource_server::document(std::string_view path) const {
    if (path == metadata_path_ || path == well_known)
        return document_;
    return std::nullopt;
}

} // namespace mcp::auth
