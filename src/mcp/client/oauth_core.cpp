// The pure parts of the client's authorization flow (oauth_core.hpp).
#include <mcp/client/oauth_core.hpp>

#include <mcp/json/bytes.hpp>

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <openssl/rand.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>
#include <optional>

namespace mcp::transport::oauth {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool is_token_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("!#$%&'*+-.^_`|~/:").find(c) != std::string_view::npos;
}

// A reader of RFC 9110 section 11.6.1 challenges: tokens, '=', quoted strings.
struct challenge_reader {
    std::string_view s;
    std::size_t pos = 0;

    void skip(std::string_view what) {
        while (pos < s.size() && what.find(s[pos]) != std::string_view::npos)
            ++pos;
    }
    std::string token() {
        auto start = pos;
        while (pos < s.size() && is_token_char(s[pos]))
            ++pos;
        return std::string(s.substr(start, pos - start));
    }
    // At '=' signs that end a token68 ("abc=="), not the '=' of a parameter.
    bool at_token68_tail() const {
        auto end = s.find_first_not_of('=', pos);
        return end == std::string_view::npos || s[end] == ',' || s[end] == ' ' || s[end] == '\t';
    }
    std::string value() {
        if (pos < s.size() && s[pos] == '"') {
            std::string out;
            for (++pos; pos < s.size() && s[pos] != '"'; ++pos) {
                if (s[pos] == '\\' && pos + 1 < s.size())
                    ++pos;
                out += s[pos];
            }
            ++pos;
            return out;
        }
        auto start = pos;
        while (pos < s.size() && s[pos] != ',' && s[pos] != ' ' && s[pos] != '\t')
            ++pos;
        return std::string(s.substr(start, pos - start));
    }
};

// "https://host:port", lowercased; nullopt when `url` is not an absolute http(s) URL.
std::optional<std::pair<std::string, std::string>> origin_and_path(std::string_view url) {
    auto u = boost::urls::parse_uri(url);
    if (!u)
        return std::nullopt;
    auto scheme = lower(u->scheme());
    if ((scheme != "http" && scheme != "https") || !u->has_authority() || u->encoded_host().empty())
        return std::nullopt;
    std::string path(u->encoded_path());
    while (!path.empty() && path.back() == '/')
        path.pop_back();
    return std::pair{scheme + "://" + lower(u->encoded_host_and_port()), path};
}

} // namespace

std::optional<bearer_challenge> parse_www_authenticate(std::string_view header) {
    challenge_reader r{header};
    std::optional<bearer_challenge> found;
    bool in_bearer = false;
    while (r.pos < header.size()) {
        r.skip(" \t,");
        auto name = r.token();
        if (name.empty()) { // not a token: skip the character and go on
            ++r.pos;
            continue;
        }
        r.skip(" \t");
        if (r.pos >= header.size() || header[r.pos] != '=' || r.at_token68_tail()) { // a scheme or a token68
            r.skip("=");
            in_bearer = lower(name) == "bearer";
            if (in_bearer && !found)
                found.emplace();
            continue;
        }
        ++r.pos;
        r.skip(" \t");
        auto value = r.value();
        if (!in_bearer)
            continue;
        auto key = lower(name);
        if (key == "error")
            found->error = value;
        else if (key == "scope")
            found->scope = value;
        else if (key == "resource_metadata")
            found->resource_metadata = value;
    }
    return found;
}

std::string base64url(std::string_view bytes) {
    auto text = json::base64_encode(bytes);
    while (!text.empty() && text.back() == '=')
        text.pop_back();
    std::replace(text.begin(), text.end(), '+', '-');
    std::replace(text.begin(), text.end(), '/', '_');
    return text;
}

std::string pkce_challenge_s256(std::string_view verifier) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<unsigned char const*>(verifier.data()), verifier.size(), digest);
    return base64url(std::string_view(reinterpret_cast<char const*>(digest), sizeof digest));
}

result<std::string> random_token(std::size_t n) {
    std::string bytes(n, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(n)) != 1)
        return error::internal("authorization: the random number generator failed");
    return base64url(bytes);
}

result<std::vector<std::string>> protected_resource_metadata_urls(std::string_view server_url) {
    auto op = origin_and_path(server_url);
    if (!op)
        return error::invalid_params("authorization: \"" + std::string(server_url) +
                                     "\" is not an http(s) URL");
    std::string const root = op->first + "/.well-known/oauth-protected-resource";
    if (op->second.empty())
        return std::vector<std::string>{root};
    return std::vector<std::string>{root + op->second, root};
}

result<std::vector<std::string>> authorization_server_metadata_urls(std::string_view issuer) {
    auto op = origin_and_path(issuer);
    if (!op)
        return error::invalid_params("authorization: the issuer \"" + std::string(issuer) +
                                     "\" is not an http(s) URL");
    auto const& [origin, path] = *op;
    if (path.empty())
        return std::vector<std::string>{origin + "/.well-known/oauth-authorization-server",
                                        origin + "/.well-known/openid-configuration"};
    return std::vector<std::string>{origin + "/.well-known/oauth-authorization-server" + path,
                                    origin + "/.well-known/openid-configuration" + path,
                                    origin + path + "/.well-known/openid-configuration"};
}

bool is_secure_endpoint(std::string_view url) {
    // Boost.URL 1.81 reads "http://127.0.0.1.evil.example/x" as host 127.0.0.1 and path ".evil.example/x";
    // after an authority a path is empty or starts with '/', so such a URL is refused, not taken for loopback.
    auto parsed = boost::urls::parse_absolute_uri(url);
    if (!parsed || !parsed->has_authority())
        return false;
    if (auto path = parsed->encoded_path(); !path.empty() && !path.starts_with('/'))
        return false;
    if (parsed->scheme() == "https")
        return true;
    auto host = parsed->encoded_host();
    return parsed->scheme() == "http" && (host == "localhost" || host == "127.0.0.1" || host == "[::1]");
}

bool resource_matches(std::string_view resource, std::string_view server_url) {
    auto r = origin_and_path(resource);
    auto s = origin_and_path(server_url);
    if (!r || !s || r->first != s->first)
        return false;
    auto const& rp = r->second;
    auto const& sp = s->second;
    return sp.starts_with(rp) && (sp.size() == rp.size() || sp[rp.size()] == '/');
}

std::vector<std::string> scope_words(std::string_view scope) {
    std::vector<std::string> words;
    std::size_t pos = 0;
    while (pos < scope.size()) {
        auto end = scope.find(' ', pos);
        if (end == std::string_view::npos)
            end = scope.size();
        std::string word(scope.substr(pos, end - pos));
        if (!word.empty() && std::find(words.begin(), words.end(), word) == words.end())
            words.push_back(word);
        pos = end + 1;
    }
    return words;
}

std::string scope_union(std::string_view a, std::string_view b) {
    auto words = scope_words(a);
    for (auto& w : scope_words(b))
        if (std::find(words.begin(), words.end(), w) == words.end())
            words.push_back(std::move(w));
    std::string out;
    for (auto const& w : words)
        out += (out.empty() ? "" : " ") + w;
    return out;
}

std::string select_scope(std::string_view challenge_scope, boost::json::value const* scopes_supported) {
    if (!scope_words(challenge_scope).empty())
        return scope_union(challenge_scope, "");
    std::string out;
    if (scopes_supported && scopes_supported->is_array())
        for (auto const& s : scopes_supported->as_array())
            if (s.is_string())
                out = scope_union(out, s.as_string());
    return out;
}

std::string form_component(std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
            out += static_cast<char>(c);
        else
            out += {'%', hex[c >> 4], hex[c & 15]};
    }
    return out;
}

std::string form_encode(std::vector<std::pair<std::string, std::string>> const& fields) {
    std::string body;
    for (auto const& [name, value] : fields)
        body += (body.empty() ? "" : "&") + form_component(name) + "=" + form_component(value);
    return body;
}

result<std::string> with_query(std::string_view base_url,
                               std::vector<std::pair<std::string, std::string>> const& fields) {
    auto parsed = boost::urls::parse_uri(base_url);
    if (!parsed)
        return error::invalid_params("authorization: \"" + std::string(base_url) + "\" is not a URL");
    boost::urls::url u(*parsed);
    for (auto const& [name, value] : fields)
        u.params().append({name, value});
    return std::string(u.buffer());
}

result<std::string> code_from_redirect(std::string_view redirect_url, std::string_view expected_state) {
    auto parsed = boost::urls::parse_uri_reference(redirect_url);
    if (!parsed)
        return error::invalid_params("authorization: the redirect is not a URL");
    auto params = parsed->params();
    auto get = [&](std::string_view key) -> std::optional<std::string> {
        auto it = params.find(key);
        if (it == params.end() || !(*it).has_value)
            return std::nullopt;
        return std::string((*it).value);
    };
    if (auto e = get("error")) {
        auto description = get("error_description");
        return error::unauthenticated("authorization: the authorization server refused: " + *e +
                                      (description ? " (" + *description + ")" : ""));
    }
    if (get("state") != std::optional<std::string>(expected_state))
        return error::unauthenticated(
            "authorization: the redirect's state is not the one we sent (a forged or stale "
            "redirect); not using its code");
    auto code = get("code");
    if (!code || code->empty())
        return error::unauthenticated("authorization: the redirect carries no code");
    return *code;
}

result<std::string> resolve_location(std::string_view base_url, std::string_view location) {
    auto base = boost::urls::parse_uri(base_url);
    auto ref = boost::urls::parse_uri_reference(location);
    if (!base || !ref)
        return error::invalid_params("authorization: a redirect's Location is not a URL");
    boost::urls::url out;
    if (auto r = boost::urls::resolve(*base, *ref, out); !r)
        return error::invalid_params("authorization: a redirect's Location cannot be resolved");
    return std::string(out.buffer());
}

namespace {

// The host (with its port) and path of a URL; nullopt when it is not one.
std::optional<std::pair<std::string, std::string>> host_and_path(std::string_view url) {
    auto u = boost::urls::parse_uri(url);
    if (!u)
        return std::nullopt;
    std::string path = u->encoded_path().empty() ? "/" : std::string(u->encoded_path());
    return std::pair{std::string(u->encoded_authority()), std::move(path)};
}

// RFC 6265 section 5.1.4: the cookie path is the request path or a parent of it on a '/' boundary.
bool path_matches(std::string_view cookie_path, std::string_view request_path) {
    if (!request_path.starts_with(cookie_path))
        return false;
    return request_path.size() == cookie_path.size() || cookie_path.ends_with('/') ||
           request_path[cookie_path.size()] == '/';
}

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

} // namespace

void cookie_jar::take(std::string_view url, std::string_view set_cookie) {
    auto where = host_and_path(url);
    auto const pair = trimmed(set_cookie.substr(0, set_cookie.find(';')));
    auto const eq = pair.find('=');
    if (!where || eq == std::string_view::npos || eq == 0)
        return;
    cookie c{where->first, where->second.substr(0, std::max<std::size_t>(1, where->second.rfind('/'))),
             std::string(trimmed(pair.substr(0, eq))), std::string(trimmed(pair.substr(eq + 1)))};
    bool removed = c.value.empty();
    auto const semicolon = set_cookie.find(';');
    for (auto rest = semicolon == std::string_view::npos ? std::string_view()
                                                         : set_cookie.substr(semicolon + 1);
         !rest.empty();) {
        auto const end = rest.find(';');
        auto const attribute = trimmed(rest.substr(0, end));
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
        auto lower = std::string(attribute);
        std::ranges::transform(lower, lower.begin(), [](unsigned char ch) { return std::tolower(ch); });
        if (lower.starts_with("path=/"))
            c.path = std::string(attribute.substr(5));
        if (lower == "max-age=0")
            removed = true;
    }
    std::erase_if(cookies_,
                  [&](cookie const& k) { return k.host == c.host && k.path == c.path && k.name == c.name; });
    if (!removed)
        cookies_.push_back(std::move(c));
}

std::string cookie_jar::header_for(std::string_view url) const {
    auto where = host_and_path(url);
    std::string out;
    for (auto const& c : cookies_)
        if (where && c.host == where->first && path_matches(c.path, where->second))
            out += (out.empty() ? "" : "; ") + c.name + "=" + c.value;
    return out;
}

std::string auth_method_for(std::string_view registered, bool has_secret,
                            boost::json::value const* supported) {
    if (!registered.empty())
        return std::string(registered);
    if (!has_secret)
        return "none";
    auto allows = [&](std::string_view m) {
        if (!supported || !supported->is_array())
            return m == "client_secret_basic";
        auto const& a = supported->as_array();
        return std::find(a.begin(), a.end(), boost::json::value(m)) != a.end();
    };
    if (allows("client_secret_basic"))
        return "client_secret_basic";
    if (allows("client_secret_post"))
        return "client_secret_post";
    return "client_secret_basic";
}

} // namespace mcp::transport::oauth
