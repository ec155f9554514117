// Throwaway keys, JWKs and signed tokens for the auth tests, through OpenSSL 3's EVP interface.
#include <mcp/auth/auth_test_support.hpp>

#include <mcp/json/bytes.hpp>

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <cstring>
#include <stdexcept>

namespace mcp::auth::testing {
namespace {

namespace json = boost::json;

void check(bool ok, char const* what) {
    if (!ok)
        throw std::runtime_error(std::string("OpenSSL failed: ") + what);
}

std::string bn_param(EVP_PKEY* key, char const* name, int pad = 0) {
    BIGNUM* bn = nullptr;
    check(EVP_PKEY_get_bn_param(key, name, &bn) == 1, name);
    std::string out(static_cast<std::size_t>(pad ? pad : BN_num_bytes(bn)), '\0');
    BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(out.size()));
    BN_free(bn);
    return mcp::json::base64url_encode(out);
}

std::string der_to_raw(std::string const& der) {
    auto const* p = reinterpret_cast<unsigned char const*>(der.data());
    ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size()));
    check(sig != nullptr, "d2i_ECDSA_SIG");
    std::string raw(64, '\0');
    BN_bn2binpad(ECDSA_SIG_get0_r(sig), reinterpret_cast<unsigned char*>(raw.data()), 32);
    BN_bn2binpad(ECDSA_SIG_get0_s(sig), reinterpret_cast<unsigned char*>(raw.data()) + 32, 32);
    ECDSA_SIG_free(sig);
    return raw;
}

} // namespace

signing_key make_key(algorithm alg, std::string kid) {
    EVP_PKEY* key = nullptr;
    switch (alg) {
    case algorithm::rs256:
        key = EVP_RSA_gen(2048);
        break;
    case algorithm::es256:
        key = EVP_EC_gen("P-256");
        break;
    case algorithm::eddsa:
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
        break;
    }
    check(key != nullptr, "key generation");
    return {.key = std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free), .alg = alg, .kid = std::move(kid)};
}

json::object public_jwk(signing_key const& k) {
    json::object jwk;
    switch (k.alg) {
    case algorithm::rs256:
        jwk = {{"kty", "RSA"},
               {"n", bn_param(k.key.get(), OSSL_PKEY_PARAM_RSA_N)},
               {"e", bn_param(k.key.get(), OSSL_PKEY_PARAM_RSA_E)}};
        break;
    case algorithm::es256:
        jwk = {{"kty", "EC"},
               {"crv", "P-256"},
               {"x", bn_param(k.key.get(), OSSL_PKEY_PARAM_EC_PUB_X, 32)},
               {"y", bn_param(k.key.get(), OSSL_PKEY_PARAM_EC_PUB_Y, 32)}};
        break;
    case algorithm::eddsa: {
        std::string x(32, '\0');
        std::size_t len = x.size();
        check(EVP_PKEY_get_raw_public_key(k.key.get(), reinterpret_cast<unsigned char*>(x.data()), &len) == 1,
              "EVP_PKEY_get_raw_public_key");
        jwk = {{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", mcp::json::base64url_encode(x)}};
        break;
    }
    }
    if (!k.kid.empty())
        jwk["kid"] = k.kid;
    jwk["use"] = "sig";
    jwk["alg"] = std::string(name_of(k.alg));
    return jwk;
}

std::string jwks_text(std::initializer_list<json::object> jwks) {
    json::array keys;
    for (auto const& k : jwks)
        keys.push_back(k);
    return json::serialize(json::object{{"keys", std::move(keys)}});
}

std::string sign_bytes(signing_key const& k, std::string_view input, bool der) {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    char const* digest = k.alg == algorithm::eddsa ? nullptr : "SHA256";
    check(ctx && EVP_DigestSignInit_ex(ctx, nullptr, digest, nullptr, nullptr, k.key.get(), nullptr) == 1,
          "EVP_DigestSignInit_ex");
    auto const* in = reinterpret_cast<unsigned char const*>(input.data());
    std::size_t len = 0;
    check(EVP_DigestSign(ctx, nullptr, &len, in, input.size()) == 1, "EVP_DigestSign (length)");
    std::string sig(len, '\0');
    check(EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len, in, input.size()) == 1,
          "EVP_DigestSign");
    EVP_MD_CTX_free(ctx);
    sig.resize(len);
    return k.alg == algorithm::es256 && !der ? der_to_raw(sig) : sig;
}

std::string sign_token(signing_key const& k, json::object const& claims, json::object const& extra) {
    json::object header{{"alg", std::string(name_of(k.alg))}};
    if (!k.kid.empty())
        header["kid"] = k.kid;
    for (auto const& [name, value] : extra) {
        if (value.is_null())
            header.erase(name);
        else
            header[name] = value;
    }
    auto const input =
        mcp::json::base64url_encode(json::serialize(header)) + "." + mcp::json::base64url_encode(json::serialize(claims));
    return input + "." + mcp::json::base64url_encode(sign_bytes(k, input));
}

std::string hmac_sha256(std::string_view secret, std::string_view input) {
    unsigned char out[32];
    unsigned len = sizeof out;
    check(HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
               reinterpret_cast<unsigned char const*>(input.data()), input.size(), out, &len) != nullptr,
          "HMAC");
    return std::string(reinterpret_cast<char const*>(out), len);
}

std::string public_pem(signing_key const& k) {
    BIO* bio = BIO_new(BIO_s_mem());
    check(bio && PEM_write_bio_PUBKEY(bio, k.key.get()) == 1, "PEM_write_bio_PUBKEY");
    char* data = nullptr;
    long const len = BIO_get_mem_data(bio, &data);
    std::string out(data, static_cast<std::size_t>(len));
    BIO_free(bio);
    return out;
}

} // namespace mcp::auth::testing
