// Requests to the authorization side (oauth_flow.hpp): one bounded fetch, discovery of the protected-resource
// and authorization-server metadata, the headless user agent and the in-memory token store.
#include <mcp/client/oauth_flow.hpp>

#include <mcp/client/http_answers.hpp>
#include <mcp/client/oauth_core.hpp>

#include <boost/algorithm/string/predicate.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>

namespace mcp::transport::oauth {

namespace asio = boost::asio;

namespace {

error failed(std::string what) {
    return error::unauthenticated("authorization: " + std::move(what));
}

// The metadata document at the first of `urls` that answers 200 with a JSON object; a 4xx moves on to the
// next (the spec's fallbacks), anything else is remembered for the error.
task<result<boost::json::object>> first_document(std::vector<std::string> const& urls, std::string_view what,
                                                 authorization_options const& options) {
    std::string tried;
    for (auto const& url : urls) {
        header_list headers{{"Accept", "application/json"}};
        auto answer =
            co_await fetch("GET", url, std::move(headers), "", options.max_metadata_bytes, options.link);
        if (!answer) {
            tried += "; " + url + ": " + answer.error().message();
            continue;
        }
        if (answer->status != 200) {
            tried += "; " + url + ": HTTP " + std::to_string(answer->status);
            continue;
        }
        auto object = json_object_of(*answer, what);
        if (object)
            co_return *object;
        tried += "; " + url + ": " + object.error().message();
    }
    co_return failed("no " + std::string(what) + " found (" +
                     tried.substr(std::min<std::size_t>(2, tried.size())) + ")");
}

std::string string_member(boost::json::object const& o, std::string_view key) {
    auto const* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

// RFC 8414 section 3.3: the issuer in the document is the one we asked for (a trailing '/' aside).
result<> check_authorization_server(boost::json::object const& m, std::string_view issuer) {
    auto strip = [](std::string s) {
        while (!s.empty() && s.back() == '/')
            s.pop_back();
        return s;
    };
    if (strip(string_member(m, "issuer")) != strip(std::string(issuer)))
        return failed("the authorization server metadata names the issuer \"" + string_member(m, "issuer") +
                      "\", not \"" + std::string(issuer) + "\"");
    if (string_member(m, "authorization_endpoint").empty() || string_member(m, "token_endpoint").empty())
        return failed("the authorization server metadata of " + std::string(issuer) +
                      " lacks authorization_endpoint or token_endpoint");
    // Codes, verifiers, secrets and tokens go to these: never in clear text to another machine.
    for (auto name : {"authorization_endpoint", "token_endpoint", "registration_endpoint"})
        if (auto url = string_member(m, name); !url.empty() && !is_secure_endpoint(url))
            return failed("the authorization server " + std::string(issuer) + " names a " + name +
                          " that is not https (" + url + "); plain http only to a loopback host");
    // 2025-11-25 authorization, authorization code protection: no code_challenge_methods_supported means no
    // PKCE, and the client MUST refuse to proceed.
    auto const* methods = m.if_contains("code_challenge_methods_supported");
    bool const s256 =
        methods && methods->is_array() &&
        std::ranges::find(methods->as_array(), boost::json::value("S256")) != methods->as_array().end();
    if (!s256)
        return failed("the authorization server " + std::string(issuer) + " does not support PKCE with S256");
    return {};
}

} // namespace

task<result<fetched>> fetch(std::string_view method, std::string const& url, header_list headers,
                            std::string body, std::size_t limit, http_link_options const& link_options) {
    auto ep = http_endpoint::parse(url);
    if (!ep)
        co_return failed("\"" + url + "\" is not an http(s) URL");
    auto ex = co_await asio::this_coro::executor;
    auto link = co_await http_link::connect(ex, *ep, link_options);
    if (!link)
        co_return link.error();
    headers.emplace_back("Connection", "close");
    auto head = co_await (*link)->send(method, ep->target, headers, body);
    if (!head)
        co_return head.error();
    fetched out;
    out.status = head->status;
    out.location = std::string(head->header("location").value_or(""));
    out.content_type = std::string(head->header("content-type").value_or(""));
    for (auto const& [name, value] : head->headers)
        if (boost::algorithm::iequals(name, "set-cookie"))
            out.set_cookies.push_back(value);
    auto text = co_await (*link)->read_all(limit);
    if (!text)
        co_return failed(url + " answered more than " + std::to_string(limit) + " bytes");
    out.body = std::move(*text);
    co_return out;
}

result<boost::json::object> json_object_of(fetched const& answer, std::string_view what) {
    boost::system::error_code ec;
    auto v = boost::json::parse(answer.body, ec);
    if (ec || !v.is_object())
        return failed(std::string(what) + " is not a JSON object");
    return std::move(v.as_object());
}

task<result<discovery>> discover(std::string const& server_url, std::string const& resource_metadata_url,
                                 authorization_options const& options) {
    auto prm_urls = resource_metadata_url.empty() ? protected_resource_metadata_urls(server_url)
                                                  : result<std::vector<std::string>>({resource_metadata_url});
    if (!prm_urls)
        co_return prm_urls.error();
    auto prm = co_await first_document(*prm_urls, "protected-resource metadata", options);
    if (!prm)
        co_return prm.error();
    discovery found;
    found.resource = string_member(*prm, "resource");
    // RFC 9728 section 3.3: metadata for another resource must not be used (a server pointing at someone
    // else's authorization server to collect their tokens).
    if (!resource_matches(found.resource, server_url))
        co_return failed("the protected-resource metadata is for \"" + found.resource + "\", not for " +
                         server_url);
    if (auto const* s = prm->if_contains("scopes_supported"))
        found.scopes_supported = *s;
    auto const* servers = prm->if_contains("authorization_servers");
    if (!servers || !servers->is_array() || servers->as_array().empty() ||
        !servers->as_array()[0].is_string())
        co_return failed("the protected-resource metadata of " + server_url +
                         " names no authorization server");
    found.issuer = std::string(servers->as_array()[0].as_string());
    auto as_urls = authorization_server_metadata_urls(found.issuer);
    if (!as_urls)
        co_return as_urls.error();
    auto metadata = co_await first_document(*as_urls, "authorization server metadata", options);
    if (!metadata)
        co_return metadata.error();
    if (auto ok = check_authorization_server(*metadata, found.issuer); !ok)
        co_return ok.error();
    found.metadata = std::move(*metadata);
    co_return found;
}

} // namespace mcp::transport::oauth

namespace mcp::transport {

// A browser's part of an authorization without a user: follow redirects (relative ones too) and keep the
// cookies the login and consent pages set, until a redirect goes to redirect_uri.
user_agent headless_user_agent(std::string redirect_uri, http_link_options link) {
    return [redirect_uri = std::move(redirect_uri),
            link = std::move(link)](std::string url) -> task<result<std::string>> {
        oauth::cookie_jar cookies;
        for (int hop = 0; hop < 10; ++hop) {
            header_list headers;
            if (auto cookie = cookies.header_for(url); !cookie.empty())
                headers.emplace_back("Cookie", std::move(cookie));
            auto answer = co_await oauth::fetch("GET", url, std::move(headers), "", 64 * 1024, link);
            if (!answer)
                co_return answer.error();
            if (answer->status < 300 || answer->status > 399 || answer->location.empty())
                co_return oauth::failed("the authorization endpoint answered HTTP " +
                                        std::to_string(answer->status) +
                                        " without a redirect: " + excerpt(answer->body));
            if (answer->location.starts_with(redirect_uri))
                co_return answer->location;
            auto next = oauth::resolve_location(url, answer->location);
            if (!next)
                co_return oauth::failed("the authorization endpoint redirected to something not a URL");
            for (auto const& c : answer->set_cookies)
                cookies.take(url, c);
            url = std::move(*next);
        }
        co_return oauth::failed("the authorization endpoint redirected more than 10 times");
    };
}

task<std::optional<token_set>> memory_token_store::load(std::string server_url) {
    auto it = saved_.find(server_url);
    if (it == saved_.end())
        co_return std::nullopt;
    co_return it->second;
}

task<> memory_token_store::save(std::string server_url, token_set tokens) {
    saved_[std::move(server_url)] = std::move(tokens);
    co_return;
}

} // namespace mcp::transport
