// RS256, ES256 and EdDSA verification through EVP_DigestVerify (OpenSSL 3, no deprecated RSA_*/EC_KEY_*).
#include <mcp/auth/jwa.hpp>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include <memory>
#include <string>

namespace mcp::auth {
namespace {

struct md_ctx_free {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct ecdsa_sig_free {
    void operator()(ECDSA_SIG* s) const { ECDSA_SIG_free(s); }
};

unsigned char const* bytes_of(std::string_view s) {
    return reinterpret_cast<unsigned char const*>(s.data());
}

// RFC 7518 section 3.4: the JWS signature is R and S as 32-byte big-endian integers; OpenSSL verifies the
// DER SEQUENCE of two INTEGERs (RFC 3279 section 2.2.3). Empty on a wrong length.
std::string es256_der(std::string_view raw) {
    if (raw.size() != 64)
        return {};
    std::unique_ptr<ECDSA_SIG, ecdsa_sig_free> sig(ECDSA_SIG_new());
    BIGNUM* r = BN_bin2bn(bytes_of(raw), 32, nullptr);
    BIGNUM* s = BN_bin2bn(bytes_of(raw) + 32, 32, nullptr);
    if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
        BN_free(r);
        BN_free(s);
        return {};
    }
    int const len = i2d_ECDSA_SIG(sig.get(), nullptr);
    if (len <= 0)
        return {};
    std::string der(static_cast<std::size_t>(len), '\0');
    auto* out = reinterpret_cast<unsigned char*>(der.data());
    if (i2d_ECDSA_SIG(sig.get(), &out) != len)
        return {};
    return der;
}

bool key_is(EVP_PKEY* key, key_type type) {
    switch (type) {
    case key_type::rsa:
        return EVP_PKEY_is_a(key, "RSA") == 1;
    case key_type::ec_p256: {
        char group[32] = {};
        return EVP_PKEY_is_a(key, "EC") == 1 &&
               EVP_PKEY_get_utf8_string_param(key, "group", group, sizeof group, nullptr) == 1 &&
               (std::string_view(group) == "prime256v1" || std::string_view(group) == "P-256");
    }
    case key_type::ed25519:
        return EVP_PKEY_is_a(key, "ED25519") == 1;
    }
    return false;
}

bool digest_verify(char const* digest, EVP_PKEY* key, std::string_view input, std::string_view signature) {
    std::unique_ptr<EVP_MD_CTX, md_ctx_free> ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit_ex(ctx.get(), nullptr, digest, nullptr, nullptr, key, nullptr) != 1)
        return false;
    return EVP_DigestVerify(ctx.get(), bytes_of(signature), signature.size(), bytes_of(input),
                            input.size()) == 1;
}

} // namespace

std::string_view name_of(algorithm alg) {
    switch (alg) {
    case algorithm::rs256:
        return "RS256";
    case algorithm::es256:
        return "ES256";
    case algorithm::eddsa:
        return "EdDSA";
    }
    return {};
}

std::optional<algorithm> algorithm_named(std::string_view alg) {
    for (auto a : {algorithm::rs256, algorithm::es256, algorithm::eddsa})
        if (alg == name_of(a))
            return a;
    return std::nullopt;
}

key_type key_type_for(algorithm alg) {
    switch (alg) {
    case algorithm::rs256:
        return key_type::rsa;
    case algorithm::es256:
        return key_type::ec_p256;
    case algorithm::eddsa:
        return key_type::ed25519;
    }
    return key_type::rsa;
}

bool verify_signature(algorithm alg, EVP_PKEY* key, std::string_view signing_input,
                      std::string_view signature) {
    if (!key || !key_is(key, key_type_for(alg)))
        return false;
    switch (alg) {
    case algorithm::rs256:
        // PKCS#1 v1.5 is OpenSSL's default RSA padding for verification; the length is the modulus' (RFC 8017
        // section 8.2.2 step 1), which OpenSSL checks too.
        return signature.size() == static_cast<std::size_t>(EVP_PKEY_get_size(key)) &&
               digest_verify("SHA256", key, signing_input, signature);
    case algorithm::es256: {
        auto const der = es256_der(signature);
        return !der.empty() && digest_verify("SHA256", key, signing_input, der);
    }
    case algorithm::eddsa:
        // Ed25519 hashes internally: no digest name, one-shot EVP_DigestVerify only.
        return signature.size() == 64 && digest_verify(nullptr, key, signing_input, signature);
    }
    return false;
}

} // namespace mcp::auth
