// JWK and JWKS parsing: the three usable key families, each reason a key is skipped, and the documents
// refused whole.
#include <mcp/auth/jwk.hpp>

#include <mcp/auth/auth_test_support.hpp>
#include <mcp/json/bytes.hpp>

#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcp::auth;
namespace json = boost::json;
using mcp::auth::testing::make_key;
using mcp::auth::testing::public_jwk;
using mcp::auth::testing::sign_bytes;
using mcp::auth::testing::signing_key;

signing_key const& key_for(algorithm alg) {
    static signing_key const rsa = make_key(algorithm::rs256, "rsa-1");
    static signing_key const ec = make_key(algorithm::es256, "ec-1");
    static signing_key const ed = make_key(algorithm::eddsa, "ed-1");
    return alg == algorithm::rs256 ? rsa : alg == algorithm::es256 ? ec : ed;
}

// The reason parse_jwk refuses `jwk`, or "accepted".
std::string refusal(json::object const& jwk) {
    auto r = parse_jwk(jwk);
    if (r)
        return "accepted";
    EXPECT_EQ(r.error().code(), errc::unsupported_key);
    return r.error().message();
}

json::object changed(algorithm alg, json::object const& members) {
    auto jwk = public_jwk(key_for(alg));
    for (auto const& [name, value] : members) {
        if (value.is_null())
            jwk.erase(name);
        else
            jwk[name] = value;
    }
    return jwk;
}

class JwkFamily : public ::testing::TestWithParam<algorithm> {};
INSTANTIATE_TEST_SUITE_P(Jwk, JwkFamily,
                         ::testing::Values(algorithm::rs256, algorithm::es256, algorithm::eddsa),
                         [](auto const& p) { return std::string(name_of(p.param)); });

TEST_P(JwkFamily, APublicJwkBecomesAKeyThatVerifies) {
    auto const& k = key_for(GetParam());
    auto r = parse_jwk(public_jwk(k));
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(r->kid, k.kid);
    EXPECT_EQ(r->type, key_type_for(GetParam()));
    EXPECT_EQ(r->alg, GetParam());
    EXPECT_TRUE(verify_signature(GetParam(), r->key.get(), "input", sign_bytes(k, "input")));
}

TEST_P(JwkFamily, KidAlgAndUseAreOptional) {
    auto r = parse_jwk(changed(GetParam(), {{"kid", nullptr}, {"alg", nullptr}, {"use", nullptr}}));
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(r->kid, "");
    EXPECT_FALSE(r->alg);
}

TEST_P(JwkFamily, SkipsAKeyForEncryption) {
    EXPECT_EQ(refusal(changed(GetParam(), {{"use", "enc"}})), "key is not for signatures (use)");
}

TEST_P(JwkFamily, SkipsAKeyWhoseKeyOpsDoNotVerify) {
    EXPECT_EQ(refusal(changed(GetParam(), {{"key_ops", json::array{"encrypt"}}})),
              "key_ops does not allow verify");
    EXPECT_EQ(refusal(changed(GetParam(), {{"key_ops", json::array{"sign", "verify"}}})), "accepted");
}

TEST_P(JwkFamily, SkipsAKeyWithPrivateMaterial) {
    EXPECT_EQ(refusal(changed(GetParam(), {{"d", "AAAA"}})), "key holds private or symmetric key material");
}

TEST_P(JwkFamily, SkipsAnUnsupportedAlg) {
    EXPECT_EQ(refusal(changed(GetParam(), {{"alg", "HS256"}})), "alg not supported");
    EXPECT_EQ(refusal(changed(GetParam(), {{"alg", "none"}})), "alg not supported");
}

TEST_P(JwkFamily, SkipsAnAlgOfAnotherFamily) {
    auto const other = GetParam() == algorithm::rs256 ? algorithm::es256 : algorithm::rs256;
    EXPECT_EQ(refusal(changed(GetParam(), {{"alg", std::string(name_of(other))}})),
              "alg of another key family than kty");
}

TEST_P(JwkFamily, SkipsAKidThatIsNotAString) {
    EXPECT_EQ(refusal(changed(GetParam(), {{"kid", 7}})), "kid is not a string");
}

TEST(Jwk, SkipsSymmetricAndUnknownKeyTypes) {
    EXPECT_EQ(refusal({{"kty", "oct"}}), "symmetric keys are never used");
    EXPECT_EQ(refusal({{"kty", "PQC"}, {"x", "AAAA"}}), "kty not supported");
    EXPECT_EQ(refusal({{"n", "AAAA"}}), "kty not supported");
}

TEST(Jwk, SkipsAnRsaKeyUnder2048Bits) {
    auto const jwk = changed(algorithm::rs256, {{"n", mcp::json::base64url_encode(std::string(128, '\xc5'))}});
    EXPECT_EQ(refusal(jwk), "RSA modulus not between 2048 and 8192 bits");
}

TEST(Jwk, SkipsAnRsaKeyWithoutItsMembers) {
    EXPECT_EQ(refusal(changed(algorithm::rs256, {{"e", nullptr}})), "RSA key without base64url n and e");
    EXPECT_EQ(refusal(changed(algorithm::rs256, {{"n", "not base64url!"}})),
              "RSA key without base64url n and e");
    EXPECT_EQ(refusal(changed(algorithm::rs256, {{"e", "AQABAQAB"}})), "RSA exponent over 32 bits");
}

TEST(Jwk, SkipsAnRsaKeyOpenSslRefuses) {
    // An even exponent is no RSA public key.
    EXPECT_EQ(refusal(changed(algorithm::rs256, {{"e", "AQAA"}})), "RSA key refused by OpenSSL");
}

TEST(Jwk, SkipsAnEcKeyOnAnotherCurve) {
    EXPECT_EQ(refusal(changed(algorithm::es256, {{"crv", "P-384"}})), "EC key on a curve other than P-256");
    EXPECT_EQ(refusal(changed(algorithm::es256, {{"crv", "secp256k1"}})),
              "EC key on a curve other than P-256");
}

TEST(Jwk, SkipsAnEcCoordinateOfTheWrongLength) {
    std::string const x(public_jwk(key_for(algorithm::es256)).at("x").as_string());
    auto const shorter = mcp::json::base64url_encode(mcp::json::base64url_decode(x)->substr(1));
    EXPECT_EQ(refusal(changed(algorithm::es256, {{"x", shorter}})),
              "EC key without 32-byte base64url x and y");
    EXPECT_EQ(refusal(changed(algorithm::es256, {{"y", nullptr}})),
              "EC key without 32-byte base64url x and y");
}

TEST(Jwk, SkipsAPointThatIsNotOnTheCurve) {
    auto y = *mcp::json::base64url_decode(public_jwk(key_for(algorithm::es256)).at("y").as_string());
    y[31] = static_cast<char>(y[31] ^ 0x01);
    EXPECT_EQ(refusal(changed(algorithm::es256, {{"y", mcp::json::base64url_encode(y)}})),
              "EC key refused by OpenSSL (not a point of P-256)");
}

TEST(Jwk, SkipsAnOkpKeyThatIsNotEd25519) {
    EXPECT_EQ(refusal(changed(algorithm::eddsa, {{"crv", "X25519"}})),
              "OKP key on a curve other than Ed25519");
    EXPECT_EQ(refusal(changed(algorithm::eddsa, {{"crv", "Ed448"}})),
              "OKP key on a curve other than Ed25519");
    EXPECT_EQ(refusal(changed(algorithm::eddsa, {{"x", "AAAA"}})),
              "Ed25519 key without a 32-byte base64url x");
}

TEST(Jwks, ParsesEveryUsableKeyAndSaysWhyTheOthersWereSkipped) {
    auto const doc =
        mcp::auth::testing::jwks_text({public_jwk(key_for(algorithm::rs256)),
                                       {{"kty", "oct"}, {"kid", "hmac"}, {"k", "c2VjcmV0"}},
                                       public_jwk(key_for(algorithm::es256)),
                                       changed(algorithm::eddsa, {{"use", "enc"}, {"kid", "enc-1"}}),
                                       public_jwk(key_for(algorithm::eddsa))});
    auto r = parse_jwks(doc);
    ASSERT_TRUE(r) << r.error().message();
    ASSERT_EQ(r->keys.size(), 3u);
    EXPECT_EQ(r->keys[0].kid, "rsa-1");
    EXPECT_EQ(r->keys[1].kid, "ec-1");
    EXPECT_EQ(r->keys[2].kid, "ed-1");
    ASSERT_EQ(r->skipped.size(), 2u);
    EXPECT_EQ(r->skipped[0].kid, "hmac");
    EXPECT_EQ(r->skipped[0].reason, "key holds private or symmetric key material");
    EXPECT_EQ(r->skipped[1].kid, "enc-1");
    EXPECT_EQ(r->skipped[1].reason, "key is not for signatures (use)");
}

TEST(Jwks, SkipsASecondKeyWithTheSameKidAndType) {
    auto const again = make_key(algorithm::es256, "ec-1");
    auto r =
        parse_jwks(mcp::auth::testing::jwks_text({public_jwk(key_for(algorithm::es256)), public_jwk(again)}));
    ASSERT_TRUE(r);
    ASSERT_EQ(r->keys.size(), 1u);
    EXPECT_EQ(r->skipped.at(0).reason, "a second key with this kid and key type");
}

TEST(Jwks, KeepsOneKidOnKeysOfDifferentTypes) {
    auto r = parse_jwks(mcp::auth::testing::jwks_text(
        {changed(algorithm::rs256, {{"kid", "k"}}), changed(algorithm::es256, {{"kid", "k"}})}));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->keys.size(), 2u);
}

TEST(Jwks, SkipsAKeyThatIsNotAnObject) {
    auto r = parse_jwks(R"({"keys":["RSA", 3]})");
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->keys.empty());
    EXPECT_EQ(r->skipped.size(), 2u);
}

TEST(Jwks, AnEmptySetIsValid) {
    auto r = parse_jwks(R"({"keys":[]})");
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->keys.empty());
}

TEST(Jwks, RefusesADocumentThatIsNotAKeySet) {
    for (auto const* doc : {"", "not json", "[]", "{}", R"({"keys":{}})", R"({"keys":"a"})", R"({"keys":[])"})
        EXPECT_EQ(parse_jwks(doc).error().code(), errc::malformed_key_set) << doc;
}

TEST(Jwks, RefusesTooManyKeysOrTooManyBytes) {
    json::array keys;
    for (std::size_t i = 0; i <= max_jwks_keys; ++i)
        keys.push_back(json::object{{"kty", "oct"}});
    EXPECT_EQ(parse_jwks(json::serialize(json::object{{"keys", keys}})).error().code(),
              errc::malformed_key_set);
    keys.pop_back();
    EXPECT_TRUE(parse_jwks(json::serialize(json::object{{"keys", keys}})));
    auto const big = R"({"keys":[],"pad":")" + std::string(max_jwks_bytes, 'a') + "\"}";
    EXPECT_EQ(parse_jwks(big).error().code(), errc::malformed_key_set);
}

} // namespace
