// JWT claims checks (RFC 7519 section 4.1) and the principal they yield.
#include <mcp/auth/claims.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>

namespace mcp::auth {
namespace {

namespace json = boost::json;
using std::chrono::seconds;
using std::chrono::sys_seconds;

// 9999-12-31T23:59:59Z: a bound that keeps seconds arithmetic far from overflow.
constexpr std::int64_t max_numeric_date = 253402300799;

error malformed_claim(std::string_view name, std::string_view expected) {
    return error(errc::malformed, "claim " + std::string(name) + " is not " + std::string(expected));
}

// RFC 7519 section 2: a NumericDate is a JSON number of seconds, possibly with a fraction (dropped here).
std::optional<sys_seconds> numeric_date(json::value const& v) {
    double value = 0;
    if (v.is_int64())
        value = static_cast<double>(v.get_int64());
    else if (v.is_uint64())
        value = static_cast<double>(v.get_uint64());
    else if (v.is_double())
        value = v.get_double();
    else
        return std::nullopt;
    if (!std::isfinite(value) || std::abs(value) > static_cast<double>(max_numeric_date))
        return std::nullopt;
    return sys_seconds(seconds(static_cast<std::int64_t>(std::floor(value))));
}

// A present NumericDate claim, nullopt when absent, an error when not a NumericDate.
result<std::optional<sys_seconds>> date_claim(json::object const& claims, std::string_view name) {
    auto const* v = claims.if_contains(name);
    if (!v)
        return std::optional<sys_seconds>();
    auto date = numeric_date(*v);
    if (!date)
        return malformed_claim(name, "a NumericDate");
    return std::optional<sys_seconds>(*date);
}

result<std::string> string_claim(json::object const& claims, std::string_view name) {
    auto const* v = claims.if_contains(name);
    if (!v)
        return error(errc::missing_claim, "claim " + std::string(name) + " is missing");
    if (!v->is_string())
        return malformed_claim(name, "a string");
    return std::string(v->get_string());
}

result<void> check_audience(json::object const& claims, std::string_view audience) {
    auto const* aud = claims.if_contains("aud");
    if (!aud)
        return error(errc::missing_claim, "claim aud is missing");
    if (aud->is_string())
        return aud->get_string() == audience ? result<void>()
                                             : error(errc::wrong_audience, "aud does not name this resource");
    if (!aud->is_array())
        return malformed_claim("aud", "a string or an array of strings");
    bool found = false;
    for (auto const& v : aud->get_array()) {
        if (!v.is_string())
            return malformed_claim("aud", "a string or an array of strings");
        found = found || v.get_string() == audience;
    }
    return found ? result<void>() : error(errc::wrong_audience, "aud does not name this resource");
}

result<sys_seconds> check_times(json::object const& claims, claims_check const& check) {
    auto const now = std::chrono::floor<seconds>(check.now);
    auto exp = date_claim(claims, "exp");
    auto nbf = date_claim(claims, "nbf");
    auto iat = date_claim(claims, "iat");
    for (auto const* r : {&exp, &nbf, &iat})
        if (!*r)
            return r->error();
    if (!*exp)
        return error(errc::missing_claim, "claim exp is missing");
    if (now >= **exp + check.skew)
        return error(errc::expired, "exp has passed");
    if (*nbf && **nbf > now + check.skew)
        return error(errc::not_yet_valid, "nbf is in the future");
    if (*iat && **iat > now + check.skew)
        return error(errc::not_yet_valid, "iat is in the future");
    return **exp;
}

// Adds the words of a space-separated list (RFC 6749 section 3.3: scope tokens are separated by spaces).
void add_words(std::string_view text, std::set<std::string, std::less<>>& out) {
    while (!text.empty()) {
        auto const end = std::min(text.find(' '), text.size());
        if (end > 0)
            out.emplace(text.substr(0, end));
        text.remove_prefix(std::min(end + 1, text.size()));
    }
}

result<std::set<std::string, std::less<>>> scopes_of(json::object const& claims) {
    std::set<std::string, std::less<>> out;
    if (auto const* scope = claims.if_contains("scope")) {
        if (!scope->is_string())
            return malformed_claim("scope", "a string");
        add_words(scope->get_string(), out);
    }
    if (auto const* scp = claims.if_contains("scp")) {
        if (scp->is_string())
            add_words(scp->get_string(), out);
        else if (!scp->is_array())
            return malformed_claim("scp", "an array of strings");
        else
            for (auto const& v : scp->get_array()) {
                if (!v.is_string())
                    return malformed_claim("scp", "an array of strings");
                out.emplace(v.get_string());
            }
    }
    return out;
}

} // namespace

result<principal> validate_claims(json::object const& claims, claims_check const& check) {
    auto issuer = string_claim(claims, "iss");
    if (!issuer)
        return issuer.error();
    if (*issuer != check.issuer)
        return error(errc::wrong_issuer, "iss is not the configured issuer");
    if (auto aud = check_audience(claims, check.audience); !aud)
        return aud.error();
    auto expires = check_times(claims, check);
    if (!expires)
        return expires.error();
    auto subject = string_claim(claims, "sub");
    if (!subject)
        return subject.error();
    if (subject->empty()) // "" is the principal of nobody: it would match sessions no token made
        return error(errc::missing_claim, "claim sub is empty");
    auto scopes = scopes_of(claims);
    if (!scopes)
        return scopes.error();
    principal out{.subject = std::move(*subject),
                  .issuer = std::move(*issuer),
                  .scopes = std::move(*scopes),
                  .expires_at = *expires};
    for (auto const& name : check.copied_claims)
        if (auto const* v = claims.if_contains(name))
            out.claims[name] = *v;
    return out;
}

} // namespace mcp::auth
