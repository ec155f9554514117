// Bearer token validation: the steps of validator.hpp's diagram, in order.
#include <mcp/auth/validator.hpp>

#include <mcp/auth/jws.hpp>

#include <algorithm>
#include <cctype>

namespace mcp::auth {
namespace {

bool fits(public_key const& key, algorithm alg) {
    return key.type == key_type_for(alg) && (!key.alg || *key.alg == alg);
}

result<void> check_options(validation_options const& options) {
    if (options.issuer.empty() || options.audience.empty())
        return error(errc::invalid_configuration, "token validation needs an issuer and an audience");
    if (options.algorithms.empty() || !options.clock)
        return error(errc::invalid_configuration, "token validation needs algorithms and a clock");
    return {};
}

result<algorithm> allowed_algorithm(std::string_view alg, validation_options const& options) {
    auto const named = algorithm_named(alg);
    if (!named ||
        std::find(options.algorithms.begin(), options.algorithms.end(), *named) == options.algorithms.end())
        return error(errc::unsupported_alg, "token alg is not an allowed algorithm");
    return *named;
}

// A media type as RFC 7515 section 4.1.9 compares it: lowercase, "application/" dropped.
std::string media_type(std::string_view type) {
    std::string out;
    for (char c : type)
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    constexpr std::string_view prefix = "application/";
    if (out.starts_with(prefix) && out.find('/', prefix.size()) == std::string::npos)
        out.erase(0, prefix.size());
    return out;
}

result<void> check_type(boost::json::object const& header, std::string_view required) {
    if (required.empty())
        return {};
    auto const* typ = header.if_contains("typ");
    if (!typ || !typ->is_string() || media_type(typ->get_string()) != media_type(required))
        return error(errc::wrong_type, "token typ is not the required type");
    return {};
}

} // namespace

result<public_key const*> select_key(key_set const& keys, std::string_view kid, algorithm alg) {
    if (!kid.empty()) {
        bool known = false;
        for (auto const& key : keys.keys) {
            if (key.kid != kid)
                continue;
            if (fits(key, alg))
                return &key;
            known = true;
        }
        if (known)
            return error(errc::key_mismatch, "the key named by kid is not for the token's alg");
        return error(errc::unknown_kid, "no key has the token's kid");
    }
    auto const count =
        std::count_if(keys.keys.begin(), keys.keys.end(), [&](auto const& k) { return fits(k, alg); });
    if (count == 0)
        return error(errc::unknown_kid, "token without kid and no key for its alg");
    if (count > 1)
        return error(errc::ambiguous_key, "token without kid and several keys for its alg");
    return &*std::find_if(keys.keys.begin(), keys.keys.end(), [&](auto const& k) { return fits(k, alg); });
}

result<principal> validate_token(std::string_view token, key_set const& keys,
                                 validation_options const& options) {
    if (auto ok = check_options(options); !ok)
        return ok.error();
    auto jws = parse_compact(token, options.max_token_bytes);
    if (!jws)
        return jws.error();
    if (auto typed = check_type(jws->header, options.required_type); !typed)
        return typed.error();
    auto alg = allowed_algorithm(jws->alg, options);
    if (!alg)
        return alg.error();
    auto key = select_key(keys, jws->kid, *alg);
    if (!key)
        return key.error();
    if (!verify_signature(*alg, (*key)->key.get(), jws->signing_input, jws->signature))
        return error(errc::bad_signature, "token signature does not verify");
    return validate_claims(jws->claims, {.issuer = options.issuer,
                                         .audience = options.audience,
                                         .skew = options.skew,
                                         .now = options.clock(),
                                         .copied_claims = options.copied_claims});
}

} // namespace mcp::auth
