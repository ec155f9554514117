// JWK members to EVP_PKEY through OSSL_PARAM and EVP_PKEY_fromdata (RFC 7517, RFC 7518 section 6, RFC 8037
// section 2).
#include <mcp/auth/jwk.hpp>

#include <mcp/json/bytes.hpp>

#include <boost/json/parse.hpp>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <algorithm>

namespace mcp::auth {
namespace {

namespace json = boost::json;

struct pkey_ctx_free {
    void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};
struct bn_free {
    void operator()(BIGNUM* b) const { BN_free(b); }
};
struct param_bld_free {
    void operator()(OSSL_PARAM_BLD* b) const { OSSL_PARAM_BLD_free(b); }
};
struct params_free {
    void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
using bn_ptr = std::unique_ptr<BIGNUM, bn_free>;

error unusable(std::string reason) {
    return error(errc::unsupported_key, std::move(reason));
}

// A base64url member of the JWK, decoded; nullopt when absent, not a string or not base64url.
std::optional<std::string> member_bytes(json::object const& jwk, std::string_view name) {
    auto const* v = jwk.if_contains(name);
    if (!v || !v->is_string())
        return std::nullopt;
    return mcp::json::base64url_decode(v->get_string());
}

// The public key of `type` ("RSA", "EC", "ED25519") from `params`, checked by OpenSSL; null when refused.
std::shared_ptr<EVP_PKEY> from_params(char const* type, OSSL_PARAM* params) {
    std::unique_ptr<EVP_PKEY_CTX, pkey_ctx_free> ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY* raw = nullptr;
    if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
        EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params) != 1)
        return nullptr;
    std::shared_ptr<EVP_PKEY> key(raw, EVP_PKEY_free);
    std::unique_ptr<EVP_PKEY_CTX, pkey_ctx_free> check(EVP_PKEY_CTX_new_from_pkey(nullptr, raw, nullptr));
    if (!check || EVP_PKEY_public_check(check.get()) != 1)
        return nullptr;
    return key;
}

result<std::shared_ptr<EVP_PKEY>> rsa_key(json::object const& jwk) {
    auto const n = member_bytes(jwk, "n");
    auto const e = member_bytes(jwk, "e");
    if (!n || !e || n->empty() || e->empty())
        return unusable("RSA key without base64url n and e");
    if (e->size() > 4)
        return unusable("RSA exponent over 32 bits");
    bn_ptr bn_n(
        BN_bin2bn(reinterpret_cast<unsigned char const*>(n->data()), static_cast<int>(n->size()), nullptr));
    bn_ptr bn_e(
        BN_bin2bn(reinterpret_cast<unsigned char const*>(e->data()), static_cast<int>(e->size()), nullptr));
    if (!bn_n || !bn_e)
        return unusable("RSA key: out of memory");
    if (BN_num_bits(bn_n.get()) < 2048 || BN_num_bits(bn_n.get()) > 8192)
        return unusable("RSA modulus not between 2048 and 8192 bits");
    std::unique_ptr<OSSL_PARAM_BLD, param_bld_free> bld(OSSL_PARAM_BLD_new());
    if (!bld || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) != 1 ||
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) != 1)
        return unusable("RSA key: out of memory");
    std::unique_ptr<OSSL_PARAM, params_free> params(OSSL_PARAM_BLD_to_param(bld.get()));
    auto key = params ? from_params("RSA", params.get()) : nullptr;
    if (!key)
        return unusable("RSA key refused by OpenSSL");
    return key;
}

std::string member_string(json::object const& jwk, std::string_view name) {
    auto const* v = jwk.if_contains(name);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

result<std::shared_ptr<EVP_PKEY>> ec_key(json::object const& jwk) {
    if (member_string(jwk, "crv") != "P-256")
        return unusable("EC key on a curve other than P-256");
    auto const x = member_bytes(jwk, "x");
    auto const y = member_bytes(jwk, "y");
    if (!x || !y || x->size() != 32 || y->size() != 32)
        return unusable("EC key without 32-byte base64url x and y");
    // SEC 1 section 2.3.3: the uncompressed point is 0x04 || x || y.
    std::string point = "\x04" + *x + *y;
    char group[] = "prime256v1";
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group, 0),
        OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()),
        OSSL_PARAM_construct_end(),
    };
    auto key = from_params("EC", params);
    if (!key)
        return unusable("EC key refused by OpenSSL (not a point of P-256)");
    return key;
}

result<std::shared_ptr<EVP_PKEY>> okp_key(json::object const& jwk) {
    if (member_string(jwk, "crv") != "Ed25519")
        return unusable("OKP key on a curve other than Ed25519");
    auto x = member_bytes(jwk, "x");
    if (!x || x->size() != 32)
        return unusable("Ed25519 key without a 32-byte base64url x");
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, x->data(), x->size()),
        OSSL_PARAM_construct_end(),
    };
    auto key = from_params("ED25519", params);
    if (!key)
        return unusable("Ed25519 key refused by OpenSSL");
    return key;
}

// The checks that do not depend on kty: use, key_ops, private members, kid's type.
std::optional<error> refused_by_members(json::object const& jwk) {
    for (auto const* secret : {"d", "p", "q", "dp", "dq", "qi", "oth", "k"})
        if (jwk.contains(secret))
            return unusable("key holds private or symmetric key material");
    if (auto const* use = jwk.if_contains("use"); use && !(use->is_string() && use->get_string() == "sig"))
        return unusable("key is not for signatures (use)");
    if (auto const* ops = jwk.if_contains("key_ops")) {
        auto const* list = ops->if_array();
        if (!list || std::find(list->begin(), list->end(), json::value("verify")) == list->end())
            return unusable("key_ops does not allow verify");
    }
    if (auto const* kid = jwk.if_contains("kid"); kid && !kid->is_string())
        return unusable("kid is not a string");
    return std::nullopt;
}

result<std::shared_ptr<EVP_PKEY>> key_of_type(json::object const& jwk, std::string const& kty) {
    if (kty == "RSA")
        return rsa_key(jwk);
    if (kty == "EC")
        return ec_key(jwk);
    if (kty == "OKP")
        return okp_key(jwk);
    return unusable(kty == "oct" ? "symmetric keys are never used" : "kty not supported");
}

key_type type_of(std::string const& kty) {
    return kty == "RSA" ? key_type::rsa : kty == "EC" ? key_type::ec_p256 : key_type::ed25519;
}

bool is_duplicate(key_set const& set, public_key const& key) {
    return !key.kid.empty() && std::any_of(set.keys.begin(), set.keys.end(), [&](public_key const& k) {
        return k.kid == key.kid && k.type == key.type;
    });
}

} // namespace

result<public_key> parse_jwk(json::object const& jwk) {
    if (auto refused = refused_by_members(jwk))
        return *refused;
    auto const kty = member_string(jwk, "kty");
    std::optional<algorithm> alg;
    if (jwk.contains("alg")) {
        alg = algorithm_named(member_string(jwk, "alg"));
        if (!alg)
            return unusable("alg not supported");
    }
    auto key = key_of_type(jwk, kty);
    if (!key)
        return key.error();
    public_key out{
        .kid = member_string(jwk, "kid"), .type = type_of(kty), .alg = alg, .key = std::move(*key)};
    if (alg && key_type_for(*alg) != out.type)
        return unusable("alg of another key family than kty");
    return out;
}

result<key_set> parse_jwks(std::string_view document) {
    if (document.size() > max_jwks_bytes)
        return error(errc::malformed_key_set, "JWKS document larger than " + std::to_string(max_jwks_bytes));
    boost::system::error_code ec;
    auto const doc = json::parse(document, ec);
    json::array const* keys = nullptr;
    if (!ec && doc.is_object())
        if (auto const* k = doc.get_object().if_contains("keys"))
            keys = k->if_array();
    if (!keys)
        return error(errc::malformed_key_set, "JWKS document is not a JSON object with a \"keys\" array");
    if (keys->size() > max_jwks_keys)
        return error(errc::malformed_key_set,
                     "JWKS document has more than " + std::to_string(max_jwks_keys) + " keys");
    key_set out;
    for (auto const& v : *keys) {
        auto const* jwk = v.if_object();
        auto key = jwk ? parse_jwk(*jwk) : result<public_key>(unusable("key is not a JSON object"));
        auto kid = jwk ? member_string(*jwk, "kid") : std::string();
        if (!key)
            out.skipped.push_back({std::move(kid), key.error().message()});
        else if (is_duplicate(out, *key))
            out.skipped.push_back({std::move(kid), "a second key with this kid and key type"});
        else
            out.keys.push_back(std::move(*key));
    }
    return out;
}

} // namespace mcp::auth
