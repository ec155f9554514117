// The JWT verifier: the key fetch (discovery, then the JWKS) behind a key_cache, the cache of verified tokens
// in front of validate_token, and verify()'s one retry after unknown_kid.
#include <mcp/auth/jwt_verifier.hpp>

#include <mcp/auth/discovery.hpp>
#include <mcp/auth/key_cache.hpp>
#include <mcp/auth/principal_cache.hpp>
#include <mcp/core/log.hpp>

#include <optional>

namespace mcp::auth {
namespace {

// What the fetch keeps between fetches. Touched by one fetch at a time (key_cache runs one at a time).
struct key_source {
    boost::asio::any_io_executor executor;
    std::string issuer;
    std::string jwks_url; // discovered on the first fetch when not configured
    fetch_options fetch;
    std::optional<aws::http_pool> jwks; // kept for its idle connection
};

task<result<key_set>> fetch_keys(std::shared_ptr<key_source> s) {
    if (s->jwks_url.empty()) {
        auto found = co_await discover_jwks_uri(s->executor, s->issuer, s->fetch);
        if (!found)
            co_return found.error();
        s->jwks_url = std::move(*found);
    }
    if (!s->jwks) {
        auto pool = open_pool(s->executor, s->jwks_url, "JWKS", s->fetch, max_jwks_bytes);
        if (!pool)
            co_return pool.error();
        s->jwks.emplace(std::move(*pool));
    }
    auto document = co_await get_json_object(*s->jwks, "JWKS");
    if (!document)
        co_return document.error();
    auto keys = parse_jwks(*document);
    if (!keys)
        co_return error(errc::malformed_key_set, "JWKS " + s->jwks_url + ": " + keys.error().message());
    for (auto const& skipped : keys->skipped)
        log::info("auth: JWKS {}: key '{}' not used: {}", s->jwks_url, skipped.kid, skipped.reason);
    log::debug("auth: JWKS {}: {} usable keys", s->jwks_url, keys->keys.size());
    co_return std::move(*keys);
}

class jwt_verifier final : public token_verifier, public std::enable_shared_from_this<jwt_verifier> {
public:
    jwt_verifier(key_cache keys, validation_options options, std::chrono::seconds cache_ttl,
                 std::size_t max_cache_entries)
        : keys_(std::move(keys)), options_(std::move(options)), verified_(cache_ttl, max_cache_entries) {}

    task<result<principal>> verify(std::string token) override;

    key_cache keys_;
    validation_options options_;
    principal_cache verified_; // basis: the key set a token was verified with
};

// An outcome of validate_token, and the key set it came from.
struct validated {
    result<principal> who;
    key_set_ptr keys;
};

validated validate(jwt_verifier const& v, std::string const& token, key_set_ptr keys) {
    auto who = validate_token(token, *keys, v.options_);
    return {std::move(who), std::move(keys)};
}

// validate_token with `keys`, and once more with a newer set after unknown_kid.
task<validated> validate_refreshing(std::shared_ptr<jwt_verifier> self, std::string token, key_set_ptr keys) {
    auto first = validate(*self, token, keys);
    if (first.who || first.who.error().code() != errc::unknown_kid)
        co_return first;
    // The issuer may have rotated its keys since the set was fetched.
    auto newer = co_await self->keys_.get(keys);
    if (!newer || *newer == keys)
        co_return first;
    co_return validate(*self, token, std::move(*newer));
}

task<result<principal>> verify_with(std::shared_ptr<jwt_verifier> self, std::string token) {
    auto keys = co_await self->keys_.get(nullptr);
    if (!keys)
        co_return keys.error();
    // An oversized token is left to validate_token's too_large, before any hashing.
    bool const cacheable = self->verified_.enabled() && token.size() <= self->options_.max_token_bytes;
    auto const digest = cacheable ? token_digest(token) : std::string();
    // A hit is before min(kept + cache_ttl, exp) by the clock now: stricter than exp + skew.
    if (cacheable)
        if (auto hit = self->verified_.find(digest, self->options_.clock(), *keys))
            co_return std::move(*hit);
    auto checked = co_await validate_refreshing(self, std::move(token), std::move(*keys));
    if (cacheable && checked.who)
        self->verified_.keep(digest, *checked.who, self->options_.clock(), std::move(checked.keys));
    co_return std::move(checked.who);
}

task<result<principal>> jwt_verifier::verify(std::string token) {
    return verify_with(shared_from_this(), std::move(token));
}

// The configuration errors that can be seen without I/O, so that they surface at start-up.
result<void> check_sources(boost::asio::any_io_executor const& ex, jwt_verifier_options const& o,
                           fetch_options const& fetch) {
    if (o.validation.issuer.empty() || o.validation.audience.empty() || !o.validation.clock)
        return error(errc::invalid_configuration,
                     "JWT verification needs an issuer, an audience and a clock");
    if (!o.jwks_url.empty()) {
        auto pool = open_pool(ex, o.jwks_url, "JWKS", fetch, max_jwks_bytes);
        return pool ? result<void>() : result<void>(pool.error());
    }
    auto const urls = metadata_urls(o.validation.issuer);
    if (urls.empty())
        return error(errc::invalid_configuration,
                     "issuer " + o.validation.issuer +
                         ": not an http(s) URL, so no metadata to discover the JWKS");
    auto pool = open_pool(ex, urls.front(), "issuer metadata", fetch, 0);
    return pool ? result<void>() : result<void>(pool.error());
}

} // namespace

result<std::shared_ptr<token_verifier>> make_jwt_verifier(boost::asio::any_io_executor ex,
                                                          jwt_verifier_options options) {
    fetch_options const fetch{.timeout = options.timeout, .ca_file = options.ca_file};
    if (auto ok = check_sources(ex, options, fetch); !ok)
        return ok.error();
    auto source = std::make_shared<key_source>(key_source{.executor = ex,
                                                          .issuer = options.validation.issuer,
                                                          .jwks_url = options.jwks_url,
                                                          .fetch = fetch,
                                                          .jwks = std::nullopt});
    key_fetch fetch_fn = [source] { return fetch_keys(source); };
    key_cache cache(ex, std::move(fetch_fn),
                    {.min_refresh_interval = options.min_refresh_interval,
                     .retry_without_keys = options.retry_without_keys,
                     .max_age = options.max_age,
                     .clock = options.validation.clock});
    return std::shared_ptr<token_verifier>(std::make_shared<jwt_verifier>(
        std::move(cache), std::move(options.validation), options.cache_ttl, options.max_cache_entries));
}

} // namespace mcp::auth
