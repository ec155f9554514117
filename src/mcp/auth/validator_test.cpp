// validate_token end to end with keys and tokens made in the test: each algorithm accepted, each refusal with
// its own code (alg none, HS256 signed with the public key, algorithm confusion, unknown kid, bad signature,
// claims), and the order of the checks (no claim is read before the signature verified).
#include <mcp/auth/validator.hpp>

#include <mcp/auth/auth_test_support.hpp>
#include <mcp/json/bytes.hpp>

#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcp::auth;
namespace json = boost::json;
namespace support = mcp::auth::testing;
using support::signing_key;

constexpr std::int64_t now_s = 1767225600; // 2026-01-01T00:00:00Z

signing_key const& key_for(algorithm alg) {
    static signing_key const rsa = support::make_key(algorithm::rs256, "rsa-1");
    static signing_key const ec = support::make_key(algorithm::es256, "ec-1");
    static signing_key const ed = support::make_key(algorithm::eddsa, "ed-1");
    return alg == algorithm::rs256 ? rsa : alg == algorithm::es256 ? ec : ed;
}

key_set keys_of(std::initializer_list<json::object> jwks) {
    return parse_jwks(support::jwks_text(jwks)).value();
}

key_set const& all_keys() {
    static key_set const keys = keys_of({support::public_jwk(key_for(algorithm::rs256)),
                                         support::public_jwk(key_for(algorithm::es256)),
                                         support::public_jwk(key_for(algorithm::eddsa))});
    return keys;
}

validation_options options() {
    return {.issuer = "https://as.example",
            .audience = "https://mcp.example/mcp",
            .copied_claims = {"email"},
            .clock = [] { return std::chrono::system_clock::time_point(std::chrono::seconds(now_s)); }};
}

json::object claims() {
    return {{"iss", "https://as.example"},
            {"aud", "https://mcp.example/mcp"},
            {"sub", "alice"},
            {"exp", now_s + 600},
            {"scope", "tools:call"},
            {"email", "alice@example.com"}};
}

errc refused(std::string_view token, key_set const& keys = all_keys(),
             validation_options const& o = options()) {
    auto r = validate_token(token, keys, o);
    EXPECT_FALSE(r) << "accepted";
    if (r)
        return errc{};
    if (token.size() >= 12) {
        EXPECT_EQ(r.error().message().find(token.substr(0, 12)), std::string::npos)
            << "the message quotes the token";
    }
    return static_cast<errc>(r.error().code().value());
}

// The first two parts of `header` and `payload`, for tokens signed by hand.
std::string input_of(json::object const& header, json::object const& payload) {
    return mcp::json::base64url_encode(json::serialize(header)) + "." + mcp::json::base64url_encode(json::serialize(payload));
}

class ValidatorAlgorithm : public ::testing::TestWithParam<algorithm> {};
INSTANTIATE_TEST_SUITE_P(Validator, ValidatorAlgorithm,
                         ::testing::Values(algorithm::rs256, algorithm::es256, algorithm::eddsa),
                         [](auto const& p) { return std::string(name_of(p.param)); });

TEST_P(ValidatorAlgorithm, AcceptsAGoodTokenAndNamesItsPrincipal) {
    auto r = validate_token(support::sign_token(key_for(GetParam()), claims()), all_keys(), options());
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(r->subject, "alice");
    EXPECT_EQ(r->issuer, "https://as.example");
    EXPECT_TRUE(r->scopes.contains("tools:call"));
    EXPECT_EQ(r->expires_at.time_since_epoch(), std::chrono::seconds(now_s + 600));
    EXPECT_EQ(r->claims.at("email").as_string(), "alice@example.com");
}

TEST_P(ValidatorAlgorithm, RefusesItWhenTheConfigurationDoesNotAllowIt) {
    auto o = options();
    o.algorithms.clear();
    for (auto other : {algorithm::rs256, algorithm::es256, algorithm::eddsa})
        if (other != GetParam())
            o.algorithms.push_back(other);
    EXPECT_EQ(refused(support::sign_token(key_for(GetParam()), claims()), all_keys(), o),
              errc::unsupported_alg);
}

TEST_P(ValidatorAlgorithm, RefusesAFlippedSignatureByte) {
    auto token = support::sign_token(key_for(GetParam()), claims());
    auto const dot = token.rfind('.');
    auto sig = *mcp::json::base64url_decode(std::string_view(token).substr(dot + 1));
    sig[sig.size() / 2] = static_cast<char>(sig[sig.size() / 2] ^ 0x80);
    EXPECT_EQ(refused(token.substr(0, dot + 1) + mcp::json::base64url_encode(sig)), errc::bad_signature);
}

TEST_P(ValidatorAlgorithm, RefusesChangedClaimsUnderTheOldSignature) {
    auto const token = support::sign_token(key_for(GetParam()), claims());
    auto changed = claims();
    changed["sub"] = "mallory";
    auto const dot = token.find('.');
    auto const forged = token.substr(0, dot + 1) + mcp::json::base64url_encode(json::serialize(changed)) +
                        token.substr(token.rfind('.'));
    EXPECT_EQ(refused(forged), errc::bad_signature);
}

TEST(Validator, RefusesAlgNoneWithOrWithoutASignature) {
    auto const input = input_of({{"alg", "none"}, {"kid", "rsa-1"}}, claims());
    EXPECT_EQ(refused(input + "."), errc::unsupported_alg);
    EXPECT_EQ(refused(input + "." + mcp::json::base64url_encode("x")), errc::unsupported_alg);
    EXPECT_EQ(refused(input_of({{"alg", "none"}}, claims()) + "."), errc::unsupported_alg);
}

TEST(Validator, RefusesHs256SignedWithTheRsaPublicKey) {
    // The classic confusion: a verifier that took the public key as an HMAC secret would accept this.
    auto const& rsa = key_for(algorithm::rs256);
    for (auto const& secret : {support::public_pem(rsa), json::serialize(support::public_jwk(rsa))}) {
        auto const input = input_of({{"alg", "HS256"}, {"kid", "rsa-1"}}, claims());
        EXPECT_EQ(refused(input + "." + mcp::json::base64url_encode(support::hmac_sha256(secret, input))),
                  errc::unsupported_alg);
    }
}

TEST(Validator, RefusesATokenWhoseKidNamesAKeyOfAnotherFamily) {
    // ES256 signed by the EC key, but naming the RSA key: the RSA key must not be tried as an EC key.
    auto const token = support::sign_token(key_for(algorithm::es256), claims(), {{"kid", "rsa-1"}});
    EXPECT_EQ(refused(token), errc::key_mismatch);
}

TEST(Validator, RefusesAKeyWhoseOwnAlgDiffers) {
    // A key set can only say so for an algorithm of the same family; select_key checks the key's alg itself.
    key_set keys = all_keys();
    keys.keys[1].alg = algorithm::rs256;
    EXPECT_EQ(refused(support::sign_token(key_for(algorithm::es256), claims()), keys), errc::key_mismatch);
}

TEST(Validator, AnUnknownKidIsItsOwnFailure) {
    auto const token = support::sign_token(key_for(algorithm::rs256), claims(), {{"kid", "rotated-away"}});
    EXPECT_EQ(refused(token), errc::unknown_kid);
    EXPECT_EQ(refused(support::sign_token(key_for(algorithm::rs256), claims()), key_set{}),
              errc::unknown_kid);
}

TEST(Validator, WithoutKidTheOnlyKeyOfTheAlgIsUsed) {
    auto const token = support::sign_token(key_for(algorithm::eddsa), claims(), {{"kid", nullptr}});
    EXPECT_TRUE(validate_token(token, all_keys(), options()));
}

TEST(Validator, WithoutKidSeveralKeysOfTheAlgAreAmbiguous) {
    auto const second = support::make_key(algorithm::eddsa, "ed-2");
    auto const keys = keys_of({support::public_jwk(key_for(algorithm::eddsa)), support::public_jwk(second)});
    auto const token = support::sign_token(key_for(algorithm::eddsa), claims(), {{"kid", nullptr}});
    EXPECT_EQ(refused(token, keys), errc::ambiguous_key);
}

TEST(Validator, WithoutKidAndNoKeyOfTheAlgTheKidIsUnknown) {
    auto const keys = keys_of({support::public_jwk(key_for(algorithm::rs256))});
    auto const token = support::sign_token(key_for(algorithm::es256), claims(), {{"kid", nullptr}});
    EXPECT_EQ(refused(token, keys), errc::unknown_kid);
}

TEST(Validator, AnEs256SignatureInDerFormIsABadSignature) {
    auto const& ec = key_for(algorithm::es256);
    auto const input = input_of({{"alg", "ES256"}, {"kid", "ec-1"}}, claims());
    EXPECT_EQ(refused(input + "." + mcp::json::base64url_encode(support::sign_bytes(ec, input, true))),
              errc::bad_signature);
}

TEST(Validator, ChecksTheSignatureBeforeAnyClaim) {
    auto expired = claims();
    expired["exp"] = now_s - 3600;
    auto const token = support::sign_token(key_for(algorithm::rs256), expired);
    EXPECT_EQ(refused(token), errc::expired);
    auto const other_key = support::make_key(algorithm::eddsa, "ed-1");
    EXPECT_EQ(refused(support::sign_token(other_key, expired)), errc::bad_signature);
}

TEST(Validator, ClaimsFailuresKeepTheirCodes) {
    auto const sign = [](std::string const& name, json::value v) {
        auto c = claims();
        c[name] = std::move(v);
        return support::sign_token(key_for(algorithm::es256), c);
    };
    EXPECT_EQ(refused(sign("exp", now_s - 61)), errc::expired);
    EXPECT_EQ(refused(sign("nbf", now_s + 61)), errc::not_yet_valid);
    EXPECT_EQ(refused(sign("iss", "https://other.example")), errc::wrong_issuer);
    EXPECT_EQ(refused(sign("aud", "https://other.example/mcp")), errc::wrong_audience);
}

TEST(Validator, UsesTheInjectedClock) {
    auto const token = support::sign_token(key_for(algorithm::rs256), claims());
    auto later = options();
    later.clock = [] { return std::chrono::system_clock::time_point(std::chrono::seconds(now_s + 661)); };
    EXPECT_TRUE(validate_token(token, all_keys(), options()));
    EXPECT_EQ(refused(token, all_keys(), later), errc::expired);
}

TEST(Validator, RefusesAnOversizedTokenFirst) {
    auto big = claims();
    big["pad"] = std::string(16 * 1024, 'a');
    EXPECT_EQ(refused(support::sign_token(key_for(algorithm::rs256), big)), errc::too_large);
    auto o = options();
    o.max_token_bytes = 64 * 1024;
    EXPECT_TRUE(validate_token(support::sign_token(key_for(algorithm::rs256), big), all_keys(), o));
}

TEST(Validator, RefusesGarbage) {
    for (auto const* token : {"", "abc", "a.b.c", "....", "eyJhbGciOiJSUzI1NiJ9.!!!.c2ln"})
        EXPECT_EQ(refused(token), errc::malformed) << token;
}

TEST(Validator, RefusesToRunWithoutIssuerAudienceOrAlgorithms) {
    auto const token = support::sign_token(key_for(algorithm::rs256), claims());
    auto no_issuer = options();
    no_issuer.issuer.clear();
    auto no_audience = options();
    no_audience.audience.clear();
    auto no_algorithms = options();
    no_algorithms.algorithms.clear();
    for (auto const* o : {&no_issuer, &no_audience, &no_algorithms})
        EXPECT_EQ(refused(token, all_keys(), *o), errc::invalid_configuration);
}

} // namespace
