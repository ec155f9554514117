// RS256, ES256 and EdDSA verification with keys made in the test: a good signature verifies, and every change
// (a flipped byte, another input, another key, another family, a DER-encoded ECDSA signature) does not.
#include <mcp/auth/jwa.hpp>

#include <mcp/auth/auth_test_support.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcp::auth;
using mcp::auth::testing::make_key;
using mcp::auth::testing::sign_bytes;
using mcp::auth::testing::signing_key;

// RSA key generation takes a while: one key per family for the whole suite.
signing_key const& key_for(algorithm alg) {
    static signing_key const rsa = make_key(algorithm::rs256, "rsa");
    static signing_key const ec = make_key(algorithm::es256, "ec");
    static signing_key const ed = make_key(algorithm::eddsa, "ed");
    return alg == algorithm::rs256 ? rsa : alg == algorithm::es256 ? ec : ed;
}

class JwaAlgorithm : public ::testing::TestWithParam<algorithm> {};

INSTANTIATE_TEST_SUITE_P(Jwa, JwaAlgorithm,
                         ::testing::Values(algorithm::rs256, algorithm::es256, algorithm::eddsa),
                         [](auto const& p) { return std::string(name_of(p.param)); });

std::string const input = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9";

TEST_P(JwaAlgorithm, AGoodSignatureVerifies) {
    auto const& k = key_for(GetParam());
    EXPECT_TRUE(verify_signature(GetParam(), k.key.get(), input, sign_bytes(k, input)));
}

TEST_P(JwaAlgorithm, AFlippedByteDoesNot) {
    auto const& k = key_for(GetParam());
    auto const good = sign_bytes(k, input);
    for (std::size_t i : {std::size_t{0}, good.size() / 2, good.size() - 1}) {
        auto bad = good;
        bad[i] = static_cast<char>(bad[i] ^ 0x01);
        EXPECT_FALSE(verify_signature(GetParam(), k.key.get(), input, bad)) << "byte " << i;
    }
}

TEST_P(JwaAlgorithm, AnotherInputDoesNot) {
    auto const& k = key_for(GetParam());
    EXPECT_FALSE(verify_signature(GetParam(), k.key.get(), input + "x", sign_bytes(k, input)));
}

TEST_P(JwaAlgorithm, AnotherKeyOfTheSameFamilyDoesNot) {
    auto const other = make_key(GetParam(), "other");
    EXPECT_FALSE(
        verify_signature(GetParam(), other.key.get(), input, sign_bytes(key_for(GetParam()), input)));
}

TEST_P(JwaAlgorithm, AKeyOfAnotherFamilyNeverVerifies) {
    auto const& k = key_for(GetParam());
    auto const sig = sign_bytes(k, input);
    for (auto other : {algorithm::rs256, algorithm::es256, algorithm::eddsa}) {
        if (other != GetParam()) {
            EXPECT_FALSE(verify_signature(GetParam(), key_for(other).key.get(), input, sig))
                << name_of(other);
        }
    }
}

TEST_P(JwaAlgorithm, EmptyAndTruncatedSignaturesDoNot) {
    auto const& k = key_for(GetParam());
    auto const sig = sign_bytes(k, input);
    EXPECT_FALSE(verify_signature(GetParam(), k.key.get(), input, ""));
    EXPECT_FALSE(verify_signature(GetParam(), k.key.get(), input, sig.substr(0, sig.size() - 1)));
    EXPECT_FALSE(verify_signature(GetParam(), k.key.get(), input, sig + '\0'));
}

TEST(Jwa, AnEs256SignatureInDerFormIsRefused) {
    auto const& k = key_for(algorithm::es256);
    auto const der = sign_bytes(k, input, true);
    ASSERT_NE(der.size(), 64u);
    EXPECT_FALSE(verify_signature(algorithm::es256, k.key.get(), input, der));
}

TEST(Jwa, AnEs256SignatureIsRAndSOf32BytesEach) {
    EXPECT_EQ(sign_bytes(key_for(algorithm::es256), input).size(), 64u);
}

TEST(Jwa, ANullKeyNeverVerifies) {
    EXPECT_FALSE(verify_signature(algorithm::eddsa, nullptr, input, std::string(64, 'x')));
}

TEST(Jwa, NamesOnlyTheThreeAlgorithmsExactly) {
    EXPECT_EQ(algorithm_named("RS256"), algorithm::rs256);
    EXPECT_EQ(algorithm_named("ES256"), algorithm::es256);
    EXPECT_EQ(algorithm_named("EdDSA"), algorithm::eddsa);
    for (auto const* other : {"none", "None", "HS256", "RS384", "PS256", "ES256K", "es256", "EDDSA", ""})
        EXPECT_FALSE(algorithm_named(other)) << other;
}

TEST(Jwa, EachAlgorithmHasOneKeyFamily) {
    EXPECT_EQ(key_type_for(algorithm::rs256), key_type::rsa);
    EXPECT_EQ(key_type_for(algorithm::es256), key_type::ec_p256);
    EXPECT_EQ(key_type_for(algorithm::eddsa), key_type::ed25519);
}

} // namespace
