// Metadata discovery: the URL list (pure), the document check (pure), the fetch loop.
#include <mcp/auth/discovery.hpp>

#include <boost/json/parse.hpp>

namespace mcp::auth {
namespace {

constexpr std::size_t max_metadata_bytes = 64 * 1024;

} // namespace

std::vector<std::string> metadata_urls(std::string_view issuer) {
    auto const scheme_end = issuer.find("://");
    if (scheme_end == std::string_view::npos || issuer.find_first_of("?#") != std::string_view::npos)
        return {};
    auto const scheme = issuer.substr(0, scheme_end);
    if (scheme != "https" && scheme != "http")
        return {};
    auto const slash = issuer.find('/', scheme_end + 3);
    std::string const origin(issuer.substr(0, slash));
    std::string path(slash == std::string_view::npos ? std::string_view() : issuer.substr(slash));
    while (path.ends_with('/'))
        path.pop_back();
    if (origin.size() <= scheme_end + 3)
        return {};
    if (path.empty())
        return {origin + "/.well-known/oauth-authorization-server",
                origin + "/.well-known/openid-configuration"};
    return {origin + "/.well-known/oauth-authorization-server" + path,
            origin + "/.well-known/openid-configuration" + path,
            origin + path + "/.well-known/openid-configuration"};
}

result<std::string> jwks_uri_of(std::string_view document, std::string_view issuer) {
    boost::system::error_code ec;
    auto const parsed = boost::json::parse(document, ec);
    if (ec || !parsed.is_object())
        return error(errc::invalid_configuration, "issuer metadata: not a JSON object");
    auto const& meta = parsed.get_object();
    auto const* iss = meta.if_contains("issuer");
    if (!iss || !iss->is_string() || iss->get_string() != issuer)
        return error(errc::invalid_configuration,
                     "issuer metadata: its issuer is not the configured issuer " + std::string(issuer) +
                         " (RFC 8414 section 3.3: the document is not used)");
    auto const* jwks = meta.if_contains("jwks_uri");
    if (!jwks || !jwks->is_string() || jwks->get_string().empty())
        return error(errc::invalid_configuration,
                     "issuer metadata of " + std::string(issuer) + ": no jwks_uri");
    return std::string(jwks->get_string());
}

task<result<std::string>> discover_jwks_uri(boost::asio::any_io_executor ex, std::string issuer,
                                            fetch_options options) {
    auto const urls = metadata_urls(issuer);
    if (urls.empty())
        co_return error(errc::invalid_configuration, "issuer " + issuer + ": not an http(s) URL");
    std::string tried;
    for (auto const& url : urls) {
        auto pool = open_pool(ex, url, "issuer metadata", options, max_metadata_bytes);
        if (!pool)
            co_return pool.error();
        aws::http_request request{.method = "GET",
                                  .target = pool->target().path,
                                  .headers = {{"Accept", "application/json"}},
                                  .body = {}};
        auto answer = co_await send(*pool, std::move(request), "issuer metadata");
        if (answer && answer->status == 200)
            co_return jwks_uri_of(answer->body, issuer);
        tried += (tried.empty() ? "" : "; ") +
                 (answer ? url + ": HTTP " + std::to_string(answer->status) : answer.error().message());
    }
    co_return error(errc::unavailable, "issuer metadata of " + issuer + " not found: " + tried);
}

} // namespace mcp::auth
