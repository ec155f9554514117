// RFC 7662 introspection: the request and the answer's checks; positive answers go to a principal_cache.
#include <mcp/auth/introspection.hpp>

#include <mcp/auth/http_fetch.hpp>
#include <mcp/auth/principal_cache.hpp>
#include <mcp/core/log.hpp>
#include <mcp/json/bytes.hpp>

#include <boost/json/parse.hpp>

#include <cctype>
#include <cmath>
#include <optional>

namespace mcp::auth {
namespace {

namespace json = boost::json;
using time_point = std::chrono::system_clock::time_point;

constexpr std::size_t max_answer_bytes = 64 * 1024;

// application/x-www-form-urlencoded (RFC 6749 appendix B): letters, digits and -._* as they are, space as
// '+', every other byte as %XX.
std::string form_encode(std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '*') {
            out += static_cast<char>(c);
        } else if (c == ' ') {
            out += '+';
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

// A NumericDate as whole seconds, or nullopt when it is not a number of a sane size.
std::optional<std::chrono::sys_seconds> numeric_date(json::value const& v) {
    double seconds = 0;
    if (v.is_int64())
        seconds = static_cast<double>(v.get_int64());
    else if (v.is_uint64())
        seconds = static_cast<double>(v.get_uint64());
    else if (v.is_double())
        seconds = std::floor(v.get_double());
    else
        return std::nullopt;
    if (!(seconds > -1e11 && seconds < 1e11))
        return std::nullopt;
    return std::chrono::sys_seconds(std::chrono::seconds(static_cast<std::int64_t>(seconds)));
}

bool has_audience(json::value const& aud, std::string_view audience) {
    if (aud.is_string())
        return aud.get_string() == audience;
    if (!aud.is_array())
        return false;
    for (auto const& a : aud.get_array())
        if (a.is_string() && a.get_string() == audience)
            return true;
    return false;
}

result<void> check_answer(json::object const& a, introspection_options const& o, time_point now) {
    if (auto const* exp = a.if_contains("exp")) {
        auto const at = numeric_date(*exp);
        if (!at)
            return error(errc::malformed, "introspection answer: exp is not a NumericDate");
        if (now - o.skew >= *at)
            return error(errc::expired, "token expired (introspection exp)");
    }
    if (!o.issuer.empty()) {
        auto const* iss = a.if_contains("iss");
        if (!iss || !iss->is_string() || iss->get_string() != o.issuer)
            return error(errc::wrong_issuer, "token from another issuer (introspection iss)");
    }
    if (!o.audience.empty()) {
        auto const* aud = a.if_contains("aud");
        if (!aud || !has_audience(*aud, o.audience))
            return error(errc::wrong_audience, "token for another audience (introspection aud)");
    }
    auto const* sub = a.if_contains("sub");
    if (!sub)
        return error(errc::missing_claim, "introspection answer names no sub");
    if (!sub->is_string())
        return error(errc::malformed, "introspection answer: sub is not a string");
    if (sub->get_string().empty()) // "" is the principal of nobody: it would match sessions no token made
        return error(errc::missing_claim, "introspection answer: sub is empty");
    return {};
}

principal principal_from(json::object const& a, introspection_options const& o) {
    principal p;
    p.subject = a.at("sub").get_string();
    if (auto const* iss = a.if_contains("iss"); iss && iss->is_string())
        p.issuer = iss->get_string();
    if (auto const* exp = a.if_contains("exp"))
        p.expires_at = numeric_date(*exp).value_or(std::chrono::sys_seconds{});
    if (auto const* scope = a.if_contains("scope"); scope && scope->is_string()) {
        std::string_view rest = scope->get_string();
        while (!rest.empty()) {
            auto const end = rest.find(' ');
            if (end != 0)
                p.scopes.emplace(rest.substr(0, end));
            rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
        }
    }
    for (auto const& name : o.copied_claims)
        if (auto const* v = a.if_contains(name))
            p.claims[name] = *v;
    return p;
}

} // namespace

result<principal> principal_of_introspection(std::string_view answer, introspection_options const& options,
                                             time_point now) {
    boost::system::error_code ec;
    auto const parsed = json::parse(answer, ec);
    if (ec || !parsed.is_object())
        return error(errc::unavailable, "introspection answer: not a JSON object");
    auto const& a = parsed.get_object();
    auto const* active = a.if_contains("active");
    if (!active || !active->is_bool())
        return error(errc::unavailable, "introspection answer: no boolean 'active'");
    if (!active->get_bool())
        return error(errc::inactive, "token not active (introspection)");
    if (auto ok = check_answer(a, options, now); !ok)
        return ok.error();
    return principal_from(a, options);
}

namespace {

struct introspector {
    introspector(introspection_options o, aws::http_pool p, std::string basic)
        : options(std::move(o)), pool(std::move(p)), authorization(std::move(basic)),
          cache(options.cache_ttl, options.max_cache_entries) {}

    introspection_options options;
    aws::http_pool pool;
    std::string authorization; // "Basic ..."
    principal_cache cache;
};

task<result<principal>> ask(std::shared_ptr<introspector> s, std::string token) {
    aws::http_request request{.method = "POST",
                              .target = s->pool.target().path,
                              .headers = {{"Authorization", s->authorization},
                                          {"Content-Type", "application/x-www-form-urlencoded"},
                                          {"Accept", "application/json"}},
                              .body = "token=" + form_encode(token) + "&token_type_hint=access_token"};
    auto answer = co_await send(s->pool, std::move(request), "token introspection");
    if (!answer)
        co_return answer.error();
    if (answer->status != 200)
        co_return error(errc::unavailable, "token introspection " + s->pool.target().url() + ": HTTP " +
                                               std::to_string(answer->status));
    co_return principal_of_introspection(answer->body, s->options, s->options.clock());
}

task<result<principal>> introspect(std::shared_ptr<introspector> s, std::string token) {
    if (token.size() > s->options.max_token_bytes)
        co_return error(errc::too_large, "token too large");
    auto const digest = s->cache.enabled() ? token_digest(token) : std::string();
    if (auto hit = digest.empty() ? std::nullopt : s->cache.find(digest, s->options.clock()))
        co_return std::move(*hit);
    auto who = co_await ask(s, std::move(token));
    if (!who) {
        if (who.error().code() == errc::unavailable)
            log::warn("auth: {}", who.error().message());
        co_return who;
    }
    if (!digest.empty())
        s->cache.keep(digest, *who, s->options.clock());
    co_return who;
}

class introspection_verifier final : public token_verifier {
public:
    explicit introspection_verifier(std::shared_ptr<introspector> s) : s_(std::move(s)) {}
    task<result<principal>> verify(std::string token) override { return introspect(s_, std::move(token)); }

private:
    std::shared_ptr<introspector> s_;
};

} // namespace

result<std::shared_ptr<token_verifier>> make_introspection_verifier(boost::asio::any_io_executor ex,
                                                                    introspection_options options) {
    if (options.endpoint.empty() || options.client_id.empty() || !options.clock)
        return error(errc::invalid_configuration,
                     "token introspection needs an endpoint, a client_id and a clock");
    auto pool = open_pool(std::move(ex), options.endpoint, "token introspection",
                          {.timeout = options.timeout, .ca_file = options.ca_file}, max_answer_bytes);
    if (!pool)
        return pool.error();
    auto const credentials = form_encode(options.client_id) + ":" + form_encode(options.client_secret);
    auto s = std::make_shared<introspector>(std::move(options), std::move(*pool),
                                            "Basic " + mcp::json::base64_encode(credentials));
    return std::shared_ptr<token_verifier>(std::make_shared<introspection_verifier>(std::move(s)));
}

} // namespace mcp::auth
